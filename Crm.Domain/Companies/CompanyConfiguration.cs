using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Companies;

public sealed class CompanyConfiguration : IEntityTypeConfiguration<Company>
{
    public void Configure(EntityTypeBuilder<Company> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(FieldLengths.Name);
        builder.Property(c => c.CreditCode).HasMaxLength(FieldLengths.CreditCode);
        builder.Property(c => c.Website).HasMaxLength(FieldLengths.Name);
        builder.Property(c => c.Notes).HasMaxLength(FieldLengths.LongText);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => c.CreditCode).IsUnique().HasFilter("CreditCode IS NOT NULL");
        builder.HasIndex(c => c.Name);
        builder.HasIndex(c => c.ScaleSince);
        builder.Property(c => c.NormalizedName).HasMaxLength(FieldLengths.Name);
        builder.Property(c => c.CoreName).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(c => c.NormalizedName);
        builder.HasIndex(c => c.CoreName);
        builder.HasMany(c => c.Contacts).WithOne().HasForeignKey(c => c.CompanyId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(c => c.Title).HasMaxLength(FieldLengths.ShortText);
        builder.Property(c => c.Phone).HasMaxLength(FieldLengths.Phone);
        builder.Property(c => c.Email).HasMaxLength(FieldLengths.Email);
        builder.Property(c => c.WeChat).HasMaxLength(FieldLengths.ShortText);
    }
}
