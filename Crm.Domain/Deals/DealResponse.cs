using Crm.Domain.Companies;

namespace Crm.Domain.Deals;

public sealed record DealResponse
{
    public required int Id { get; init; }
    public required long Version { get; init; }
    public required string Title { get; init; }
    public required DealStage Stage { get; init; }
    public required DealStatus Status { get; init; }
    public string? StatusReason { get; init; }
    public required string Desk { get; init; }
    public required string OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public required int CompanyId { get; init; }
    public required string CompanyName { get; init; }
    public string? CreditCode { get; init; }
    public required CompanyTier Tier { get; init; }
    public required DealSource Source { get; init; }
    public int? OrganizationId { get; init; }
    public string? OrganizationName { get; init; }
    public string? AdvisorId { get; init; }
    public int? ReferringCompanyId { get; init; }
    public required Region Region { get; init; }
    public required Segment Segment { get; init; }
    public bool IsExpansion { get; init; }
    public long? EstimatedInvestmentYuan { get; init; }
    public long? AgreedInvestmentYuan { get; init; }
    public long InvestmentYuan { get; init; }
    public decimal? LandMu { get; init; }
    public int? JobsExpected { get; init; }
    public DateOnly? NextFollowUpOn { get; init; }
    public DateOnly? PlannedStartOn { get; init; }
    public DateOnly? PlannedProductionOn { get; init; }
    public required DateOnly LeadOn { get; init; }
    public DateOnly? SignedOn { get; init; }
    public DateOnly? StartedOn { get; init; }
    public DateOnly? ProducingOn { get; init; }
    public DateOnly? AtCapacityOn { get; init; }
    public DateOnly? LastActivityOn { get; init; }
    public required DateOnly LastMoveOn { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public string? Notes { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }
    /// <summary>The company's contacts; filled on a single deal, not in lists.</summary>
    public IReadOnlyList<ContactResponse>? Contacts { get; init; }
}

public sealed record DealPage(IReadOnlyList<DealResponse> Items, string? NextCursor);

public sealed record StageChangeResponse(
    long Id,
    DealStage? FromStage,
    DealStage ToStage,
    DealStatus FromStatus,
    DealStatus ToStatus,
    DateOnly EffectiveOn,
    DateTime RecordedAt,
    string ById,
    string? ByName,
    string? Note);
