using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Desks;

public sealed class DeskConfiguration : IEntityTypeConfiguration<Desk>
{
    public void Configure(EntityTypeBuilder<Desk> builder)
    {
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(FieldLengths.Code);
        builder.Property(d => d.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(d => d.NameEn).HasMaxLength(FieldLengths.ShortText);

        // The zone's structure, present in every database (not only the demo): the three resident desks and the office.
        builder.HasData(
            new Desk { Code = DeskCodes.Guangdong, Name = "广东驻点招商小组", NameEn = "Guangdong desk", SortOrder = 1 },
            new Desk { Code = DeskCodes.Fujian, Name = "福建驻点招商小组", NameEn = "Fujian desk", SortOrder = 2 },
            new Desk { Code = DeskCodes.Beijing, Name = "北京驻点招商小组", NameEn = "Beijing desk", SortOrder = 3 },
            new Desk { Code = DeskCodes.ZoneOffice, Name = "开发区招商局", NameEn = "Zone office", SortOrder = 4 });
    }
}
