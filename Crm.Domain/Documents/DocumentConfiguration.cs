using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Documents;

public sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.Property(d => d.FileName).HasMaxLength(FieldLengths.Name);
        builder.Property(d => d.ContentType).HasMaxLength(FieldLengths.ShortText);
        builder.Property(d => d.StorageKey).HasMaxLength(FieldLengths.ShortText);
        builder.Property(d => d.UploadedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(d => d.StorageKey).IsUnique();
        builder.HasIndex(d => new { d.DealId, d.IsSignedAgreement });
        builder.HasIndex(d => d.CompanyId);
        builder.HasOne<Deal>().WithMany().HasForeignKey(d => d.DealId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Company>().WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(d => d.UploadedById).OnDelete(DeleteBehavior.Restrict);
    }
}
