using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Activities;

public sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(a => a.Summary).HasMaxLength(FieldLengths.Note);
        builder.Property(a => a.ById).HasMaxLength(FieldLengths.UserId);
        builder.HasOne(a => a.Deal).WithMany().HasForeignKey(a => a.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.DealId, a.OccurredOn });
    }
}
