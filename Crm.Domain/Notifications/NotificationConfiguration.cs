using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Notifications;

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public const int PeriodKeyLength = 40;
    public const int ClaimLength = 100;

    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.Property(n => n.RecipientId).HasMaxLength(FieldLengths.UserId);
        builder.Property(n => n.PeriodKey).HasMaxLength(PeriodKeyLength);
        builder.Property(n => n.Title).HasMaxLength(FieldLengths.Name);
        builder.Property(n => n.Body).HasMaxLength(FieldLengths.LongText);
        builder.Property(n => n.LastError).HasMaxLength(FieldLengths.Note);
        builder.Property(n => n.ClaimedBy).HasMaxLength(ClaimLength);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(n => new { n.RecipientId, n.Kind, n.DealId, n.PeriodKey }).IsUnique();
        builder.HasIndex(n => new { n.RecipientId, n.ReadAt, n.Id });
        builder.HasIndex(n => new { n.EmailStatus, n.NextAttemptAt });
    }
}

public sealed class NotificationOptOutConfiguration : IEntityTypeConfiguration<NotificationOptOut>
{
    public void Configure(EntityTypeBuilder<NotificationOptOut> builder)
    {
        builder.HasKey(o => new { o.UserId, o.Kind });
        builder.Property(o => o.UserId).HasMaxLength(FieldLengths.UserId);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.HasKey(r => r.JobName);
        builder.Property(r => r.JobName).HasMaxLength(FieldLengths.ShortText);
    }
}
