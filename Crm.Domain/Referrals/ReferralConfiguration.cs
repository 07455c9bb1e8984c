using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Referrals;

public sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.Property(r => r.CompanyName).HasMaxLength(FieldLengths.Name);
        builder.Property(r => r.NormalizedName).HasMaxLength(FieldLengths.Name);
        builder.Property(r => r.CoreName).HasMaxLength(FieldLengths.Name);
        builder.Property(r => r.CreditCode).HasMaxLength(FieldLengths.CreditCode);
        builder.Property(r => r.ContactName).HasMaxLength(FieldLengths.ShortText);
        builder.Property(r => r.ContactPhone).HasMaxLength(FieldLengths.Phone);
        builder.Property(r => r.ContactEmail).HasMaxLength(FieldLengths.Email);
        builder.Property(r => r.Notes).HasMaxLength(FieldLengths.LongText);
        builder.Property(r => r.SubmittedById).HasMaxLength(FieldLengths.UserId);
        builder.Property(r => r.DecidedById).HasMaxLength(FieldLengths.UserId);
        builder.Property(r => r.DecisionReason).HasMaxLength(FieldLengths.Note);
        builder.Property(r => r.PossibleDuplicateDesk).HasMaxLength(FieldLengths.Code);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.Ignore(r => r.IsOpen);

        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(r => r.SubmittedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(r => r.DecidedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Deal).WithMany().HasForeignKey(r => r.DealId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Deals.Deal>().WithMany().HasForeignKey(r => r.DuplicateOfDealId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Referral>().WithMany().HasForeignKey(r => r.DuplicateOfReferralId).OnDelete(DeleteBehavior.Restrict);

        // The advisor's own list (record scope in SQL), the triage queue, and the duplicate keys.
        builder.HasIndex(r => new { r.SubmittedById, r.Id });
        builder.HasIndex(r => new { r.Status, r.Id });
        builder.HasIndex(r => r.NormalizedName);
        builder.HasIndex(r => r.CoreName);
        builder.HasIndex(r => r.CreditCode);
    }
}
