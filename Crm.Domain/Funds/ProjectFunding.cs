using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Funds;

/// <summary>What a recorded amount of a signed project is (docs/review-counting-rules.md, "Money in place").</summary>
public enum FundingKind
{
    /// <summary>实际到位资金: a tranche of the investment that arrived, on the day it arrived.</summary>
    InPlace,
    /// <summary>固定资产投资: the fixed-asset investment the project reports for a month, dated the month's last day.</summary>
    FixedAssetInvestment,
}

/// <summary>One dated amount of a signed project: a tranche of funds in place or a month's fixed-asset investment.</summary>
public class ProjectFunding
{
    public int Id { get; init; }
    public int DealId { get; init; }
    public FundingKind Kind { get; init; }
    /// <summary>The day the tranche arrived; for fixed-asset investment, the last day of the month it covers.</summary>
    public DateOnly On { get; init; }
    public long Yuan { get; init; }
    public string? Note { get; init; }
    public required string RecordedById { get; init; }
    public DateTime RecordedAt { get; init; }
}

public sealed class ProjectFundingConfiguration : IEntityTypeConfiguration<ProjectFunding>
{
    public void Configure(EntityTypeBuilder<ProjectFunding> builder)
    {
        builder.Property(f => f.Note).HasMaxLength(FieldLengths.ShortText);
        builder.Property(f => f.RecordedById).HasMaxLength(FieldLengths.UserId);
        // The review sums each project's amounts of a kind up to a day; the deal page lists a project's amounts.
        builder.HasIndex(f => new { f.DealId, f.Kind, f.On });
        builder.HasOne<Deal>().WithMany().HasForeignKey(f => f.DealId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(f => f.RecordedById).OnDelete(DeleteBehavior.Restrict);
    }
}
