using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Targets;

namespace Crm.Domain.Reviews;

/// <summary>GET /reviews/{year}/Q{n}: the quarterly pipeline review (docs/review-counting-rules.md).</summary>
public sealed record QuarterReview
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required DateOnly AsOf { get; init; }
    public required bool IsRunning { get; init; }
    /// <summary>The desk the review is limited to; null for the whole zone.</summary>
    public string? Desk { get; init; }
    /// <summary>Zone-wide target vs actual; null when the review is limited to a desk.</summary>
    public FigureSet? Zone { get; init; }
    public required IReadOnlyDictionary<string, FigureSet> Desks { get; init; }
    /// <summary>Zone target minus the sum of the desks' targets (desk targets need not add up); null for a desk review.</summary>
    public TargetFigures? TargetsNotAssignedToDesks { get; init; }
    /// <summary>Deals that entered each stage within the quarter (the funnel Lead → AtCapacity).</summary>
    public required IReadOnlyList<FlowLine> Flows { get; init; }
    /// <summary>Deals per stage and status as they stood at the end of <see cref="AsOf"/>.</summary>
    public required IReadOnlyList<SnapshotLine> Snapshot { get; init; }
    /// <summary>Deals first signed and their agreed investment per month, 1 January to <see cref="AsOf"/>.</summary>
    public required IReadOnlyList<MonthLine> SignedByMonth { get; init; }
    public required ChannelBreakdown Channels { get; init; }
    public required YearRates Rates { get; init; }
    public required SlippedCounts Slipped { get; init; }
    /// <summary>Active deals before Producing with no activity for <see cref="ReviewService.StaleDays"/> days (as of today).</summary>
    public required int Stale { get; init; }
    /// <summary>With <c>expand=deals</c>: the deals behind every number (filter by the fields to get any cell); null when no list was asked for.</summary>
    public ReviewDealLists? Deals { get; init; }
}

public sealed record FlowLine(DealStage Stage, int Deals, long InvestmentYuan);

public sealed record MonthLine(int Month, int Deals, long InvestmentYuan);

public sealed record SnapshotLine(DealStage Stage, DealStatus Status, int Deals, long InvestmentYuan);

public sealed record ChannelLine
{
    public required string Key { get; init; }
    public string? Name { get; init; }
    /// <summary>Deals created (Lead) within the quarter.</summary>
    public required int LeadsCreated { get; init; }
    /// <summary>Deals that first entered Signed within the quarter.</summary>
    public required int Signed { get; init; }
    public required long InvestmentSignedYuan { get; init; }
    /// <summary>Of <see cref="LeadsCreated"/>, those signed by the quarter's end (or today).</summary>
    public required int LeadsCreatedSigned { get; init; }
    /// <summary>
    /// <see cref="ReviewRates.QuarterConversion"/>: LeadsCreatedSigned / LeadsCreated in percent (one decimal); null without
    /// leads created in the quarter.
    /// </summary>
    public decimal? QuarterConversionPercent { get; init; }
    /// <summary>Leads created from 1 January to the quarter's end.</summary>
    public required int LeadsThisYear { get; init; }
    /// <summary>Of <see cref="LeadsThisYear"/>, those signed by the quarter's end.</summary>
    public required int LeadsThisYearSigned { get; init; }
    /// <summary><see cref="ReviewRates.YearConversion"/>: LeadsThisYearSigned / LeadsThisYear in percent (one decimal); null without leads this year.</summary>
    public decimal? ConversionPercent { get; init; }
}

public sealed record ChannelBreakdown
{
    public required IReadOnlyList<ChannelLine> BySource { get; init; }
    public required IReadOnlyList<ChannelLine> ByOrganization { get; init; }
    public required IReadOnlyList<ChannelLine> ByAdvisor { get; init; }
    public required IReadOnlyList<ChannelLine> ByRegion { get; init; }

    /// <summary><see cref="ReviewRates.QuarterConversion"/> over the whole scope (every deal has one source, so the sources add up to it).</summary>
    public decimal? QuarterConversionPercent => ReviewRates.Percent(BySource.Sum(l => l.LeadsCreatedSigned), BySource.Sum(l => l.LeadsCreated));

    /// <summary><see cref="ReviewRates.YearConversion"/> over the whole scope.</summary>
    public decimal? YearConversionPercent => ReviewRates.Percent(BySource.Sum(l => l.LeadsThisYearSigned), BySource.Sum(l => l.LeadsThisYear));
}

public sealed record YearRates
{
    /// <summary>Deals first signed from 1 January to <see cref="QuarterReview.AsOf"/>.</summary>
    public required int SignedThisYear { get; init; }
    public required int OfWhichStarted { get; init; }
    public required int OfWhichProducing { get; init; }
    /// <summary><see cref="ReviewRates.StartedRate"/>: OfWhichStarted / SignedThisYear; null when none signed this year.</summary>
    public decimal? StartedRatePercent { get; init; }
    /// <summary><see cref="ReviewRates.ProducingRate"/>: OfWhichProducing / SignedThisYear; null when none signed this year.</summary>
    public decimal? ProducingRatePercent { get; init; }
    public double? AverageDaysSignedToStarted { get; init; }
    public double? AveragePlannedDaysSignedToStarted { get; init; }
    public double? AverageDaysStartedToProducing { get; init; }
    public double? AveragePlannedDaysStartedToProducing { get; init; }
}

public sealed record SlippedCounts
{
    /// <summary>Agreement's planned start in or before the quarter, not started by its end.</summary>
    public required int Start { get; init; }
    /// <summary>Agreement's planned production in or before the quarter, not producing by its end.</summary>
    public required int Production { get; init; }
}

/// <summary>One deal behind a number. <see cref="On"/> is the date that put it in the list.</summary>
public sealed record ReviewDeal
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public int CompanyId { get; init; }
    public required string Company { get; init; }
    public required CompanyTier Tier { get; init; }
    public required string Desk { get; init; }
    /// <summary>The owner's display name.</summary>
    public required string Owner { get; init; }
    public required DealSource Source { get; init; }
    public int? OrganizationId { get; init; }
    public string? AdvisorId { get; init; }
    public required Region Region { get; init; }
    public required bool IsExpansion { get; init; }
    public required DealStage Stage { get; init; }
    public required DealStatus Status { get; init; }
    public required long InvestmentYuan { get; init; }
    public DateOnly? On { get; init; }
    public DateOnly? PlannedOn { get; init; }
    /// <summary>The deal is signed (now) and no document on it is marked as its signed investment agreement.</summary>
    public bool AgreementMissing { get; init; }
    public bool IsMajor => InvestmentYuan >= TargetFigures.MajorProjectYuan;
    public bool IsTopTier => CompanyTiers.TopTier.Contains(Tier);
}

/// <summary>Which deal lists a review reads: the API's <c>expand=deals</c> takes them all, the page only the signed deals it shows.</summary>
[Flags]
public enum ReviewLists
{
    None = 0,
    Leads = 1,
    Signed = 2,
    Started = 4,
    Producing = 8,
    Snapshot = 16,
    SlippedStart = 32,
    SlippedProduction = 64,
    Stale = 128,
    All = Leads | Signed | Started | Producing | Snapshot | SlippedStart | SlippedProduction | Stale,
}

/// <summary>The deals behind the numbers; a list the review was not asked for is empty.</summary>
public sealed record ReviewDealLists
{
    public required IReadOnlyList<ReviewDeal> Leads { get; init; }
    /// <summary>Entered Signed in the quarter: the signed, investment, major and top-tier figures.</summary>
    public required IReadOnlyList<ReviewDeal> Signed { get; init; }
    public required IReadOnlyList<ReviewDeal> Started { get; init; }
    public required IReadOnlyList<ReviewDeal> Producing { get; init; }
    /// <summary>Stage and status as of the quarter's end (not today's).</summary>
    public required IReadOnlyList<ReviewDeal> Snapshot { get; init; }
    public required IReadOnlyList<ReviewDeal> SlippedStart { get; init; }
    public required IReadOnlyList<ReviewDeal> SlippedProduction { get; init; }
    public required IReadOnlyList<ReviewDeal> Stale { get; init; }
}
