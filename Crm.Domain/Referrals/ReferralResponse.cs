using Crm.Domain.Deals;
using Crm.Domain.Duplicates;

namespace Crm.Domain.Referrals;

/// <summary>How far the deal of an accepted referral got, as an advisor may know it: the stage, or Closed.</summary>
public enum ReferralProgress
{
    Lead,
    Contacted,
    Negotiating,
    Signed,
    Started,
    Producing,
    AtCapacity,
    /// <summary>The deal was given up (Lost) or left the zone (Withdrawn).</summary>
    Closed,
}

/// <summary>
/// One referral. An advisor gets their own data, the decision and the coarse progress of the deal; the fields
/// marked "Managers only" are null for them (no deal id, no decider, no other record's id).
/// </summary>
public sealed record ReferralResponse
{
    public required int Id { get; init; }
    public required long Version { get; init; }
    public required string CompanyName { get; init; }
    public string? CreditCode { get; init; }
    public required string ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    public required Region Region { get; init; }
    public required Segment Segment { get; init; }
    public long? EstimatedInvestmentYuan { get; init; }
    public string? Notes { get; init; }
    public required ReferralStatus Status { get; init; }
    public string? DecisionReason { get; init; }
    public DateTime? DecidedAt { get; init; }
    /// <summary>Once accepted: where the deal stands (no amounts, contacts, notes or owner).</summary>
    public ReferralProgress? Progress { get; init; }
    /// <summary>
    /// Set when the zone already knew the company on submission. A manager reads "already followed by desk X since date Y";
    /// an advisor reads only that the zone knows the company, or, in the answer to the submission, that they referred it before.
    /// </summary>
    public string? PossibleDuplicate { get; init; }
    public DuplicateLevel? PossibleDuplicateLevel { get; init; }
    /// <summary>In the answer to a submission: the earlier record is this advisor's own referral.</summary>
    public bool? PossibleDuplicateIsOwn { get; init; }
    /// <summary>Managers only.</summary>
    public DuplicateKind? PossibleDuplicateKind { get; init; }
    /// <summary>Managers only.</summary>
    public string? PossibleDuplicateDesk { get; init; }
    /// <summary>Managers only.</summary>
    public DateOnly? PossibleDuplicateSince { get; init; }
    public required DateTime CreatedAt { get; init; }

    /// <summary>Managers only.</summary>
    public string? SubmittedById { get; init; }
    /// <summary>Managers only.</summary>
    public string? SubmittedByName { get; init; }
    /// <summary>Managers only.</summary>
    public string? DecidedById { get; init; }
    /// <summary>Managers only.</summary>
    public int? DealId { get; init; }
    /// <summary>Managers only.</summary>
    public int? DuplicateOfDealId { get; init; }
    /// <summary>Managers only.</summary>
    public int? DuplicateOfReferralId { get; init; }
}

public sealed record ReferralPage(IReadOnlyList<ReferralResponse> Items, int? NextBeforeId);

public sealed record ReferralFilter
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 200;
    public ReferralStatus[]? Status { get; init; }
    /// <summary>Managers only; ignored for an advisor, who always gets their own.</summary>
    public string? AdvisorId { get; init; }
    public int? PageSize { get; init; }
    /// <summary>Keyset paging, newest first: pass the page's nextBeforeId.</summary>
    public int? BeforeId { get; init; }
}

/// <summary>An advisor's performance: how many of their referrals were decided how, and how far their deals got.</summary>
public sealed record ReferralResults
{
    public required int Submitted { get; init; }
    public required int Open { get; init; }
    public required int Accepted { get; init; }
    public required int Declined { get; init; }
    public required int Duplicate { get; init; }
    /// <summary>Accepted referrals whose deal ever reached Signed (from the stage-change records).</summary>
    public required int Signed { get; init; }
    public required int Started { get; init; }
    public required int Producing { get; init; }
}

/// <summary>A referral in the Manager's triage queue, with what the zone already knows of the company.</summary>
public sealed record ReferralTriage(ReferralResponse Referral, IReadOnlyList<DuplicateMatch> Duplicates);

/// <summary>Where a deal came from, as its deal page shows it: the advisor and what they handed over.</summary>
public sealed record DealReferral(
    int Id, string AdvisorName, DateTime SubmittedAt, string ContactName, string? ContactPhone, string? ContactEmail,
    long? EstimatedInvestmentYuan, string? Notes);
