using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Care;

public sealed class CareAssignmentConfiguration : IEntityTypeConfiguration<CareAssignment>
{
    public void Configure(EntityTypeBuilder<CareAssignment> builder)
    {
        builder.Property(c => c.LeaderId).HasMaxLength(FieldLengths.UserId);
        builder.Property(c => c.OfficerId).HasMaxLength(FieldLengths.UserId);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<Deals.Deal>().WithOne(d => d.Care).HasForeignKey<CareAssignment>(c => c.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(c => c.LeaderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(c => c.OfficerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.DealId).IsUnique();
        // The deal scope asks "is this user the leader or the officer of the deal": each is an index seek.
        builder.HasIndex(c => new { c.LeaderId, c.DealId });
        builder.HasIndex(c => new { c.OfficerId, c.DealId });
    }
}
