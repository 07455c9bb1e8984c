using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Deals;

public sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> builder)
    {
        builder.Property(d => d.Title).HasMaxLength(FieldLengths.Name);
        builder.Property(d => d.StatusReason).HasMaxLength(FieldLengths.Note);
        builder.Property(d => d.DeskCode).HasMaxLength(FieldLengths.Code);
        builder.Property(d => d.OwnerId).HasMaxLength(FieldLengths.UserId);
        builder.Property(d => d.AdvisorId).HasMaxLength(FieldLengths.UserId);
        builder.Property(d => d.Notes).HasMaxLength(FieldLengths.LongText);
        builder.Property(d => d.LandMu).HasPrecision(12, 2);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.PrimitiveCollection(d => d.Tags);

        builder.HasOne(d => d.Company).WithMany().HasForeignKey(d => d.CompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Organization).WithMany().HasForeignKey(d => d.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Owner).WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(d => d.AdvisorId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Companies.Company>().WithMany().HasForeignKey(d => d.ReferringCompanyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Desks.Desk>().WithMany().HasForeignKey(d => d.DeskCode).OnDelete(DeleteBehavior.Restrict);

        // The computed column's SQL is the provider's (each context sets it); the column is read-only to the domain.
        builder.Property(d => d.FollowUpOrder).ValueGeneratedOnAddOrUpdate();

        // Keyset paging (docs/decisions/0011-indexes-for-the-lists.md): each sort key with the id as tie-breaker, alone
        // and behind the scope's columns (a desk, an owner), so a page is a walk of one index that stops at the page's end.
        builder.HasIndex(d => new { d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.FollowUpOrder, d.Id });
        builder.HasIndex(d => new { d.InvestmentYuan, d.Id });
        builder.HasIndex(d => new { d.LeadOn, d.Id });
        builder.HasIndex(d => new { d.DeskCode, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.DeskCode, d.FollowUpOrder, d.Id });
        builder.HasIndex(d => new { d.DeskCode, d.InvestmentYuan, d.Id });
        builder.HasIndex(d => new { d.DeskCode, d.LeadOn, d.Id });
        builder.HasIndex(d => new { d.OwnerId, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.OwnerId, d.FollowUpOrder, d.Id });
        // A status's deals (the active ones, most often) latest first or by follow-up; the reminder jobs' sweep too.
        builder.HasIndex(d => new { d.Status, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.Status, d.FollowUpOrder, d.Id });
        // A stage's deals latest first; a board column (a stage's active deals by follow-up); the stage totals, of
        // every deal or of one status (count and sum from the index alone).
        builder.HasIndex(d => new { d.Stage, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.Stage, d.Status, d.FollowUpOrder, d.Id });
        builder.HasIndex(d => new { d.Stage, d.Status, d.InvestmentYuan });
        builder.HasIndex(d => new { d.Status, d.Stage, d.InvestmentYuan });
        builder.HasIndex(d => d.CompanyId);
    }
}

public sealed class StageChangeConfiguration : IEntityTypeConfiguration<StageChange>
{
    public void Configure(EntityTypeBuilder<StageChange> builder)
    {
        builder.Property(s => s.ById).HasMaxLength(FieldLengths.UserId);
        builder.Property(s => s.Note).HasMaxLength(FieldLengths.Note);
        builder.HasOne(s => s.Deal).WithMany().HasForeignKey(s => s.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.DealId, s.EffectiveOn });
        builder.HasIndex(s => new { s.ToStage, s.EffectiveOn });
        builder.Ignore(s => s.IsStageMove);
    }
}
