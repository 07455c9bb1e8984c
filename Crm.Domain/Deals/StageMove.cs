namespace Crm.Domain.Deals;

/// <summary>A request to move a deal to another stage, with the facts the target stage requires.</summary>
public sealed record StageMove
{
    public required DealStage Stage { get; init; }
    public required DateOnly EffectiveOn { get; init; }
    public string? Note { get; init; }
    /// <summary>Required on entering Negotiating, unless the deal already has one.</summary>
    public long? EstimatedInvestmentYuan { get; init; }
    /// <summary>Required on entering Signed: the investment the agreement fixes.</summary>
    public long? AgreedInvestmentYuan { get; init; }
    /// <summary>Required on entering Signed: the agreement's planned construction start.</summary>
    public DateOnly? PlannedStartOn { get; init; }
    /// <summary>Required on entering Signed: the agreement's planned production start.</summary>
    public DateOnly? PlannedProductionOn { get; init; }
}

public sealed record StatusChange
{
    public required DealStatus Status { get; init; }
    public required DateOnly EffectiveOn { get; init; }
    public string? Reason { get; init; }
}
