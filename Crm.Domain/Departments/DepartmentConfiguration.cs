using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Departments;

public sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> builder)
    {
        builder.HasKey(d => d.Code);
        builder.Property(d => d.Code).HasMaxLength(FieldLengths.Code);
        builder.Property(d => d.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(d => d.NameEn).HasMaxLength(FieldLengths.ShortText);
    }
}
