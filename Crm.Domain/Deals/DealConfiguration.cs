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

        // Keyset paging and the usual filters: each sort key with the id as tie-breaker.
        builder.HasIndex(d => new { d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.DeskCode, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.OwnerId, d.UpdatedAt, d.Id });
        builder.HasIndex(d => new { d.NextFollowUpOn, d.Id });
        builder.HasIndex(d => new { d.InvestmentYuan, d.Id });
        builder.HasIndex(d => new { d.Stage, d.Status });
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
