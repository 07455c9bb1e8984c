namespace Crm.Domain.Deals;

/// <summary>
/// One move of a deal: a stage move or a status change. Every quarterly figure is computed from these
/// rows, never from a counter.
/// </summary>
public class StageChange
{
    public long Id { get; init; }
    public int DealId { get; init; }
    public Deal? Deal { get; init; }
    /// <summary>Null on the row that records the deal's creation.</summary>
    public DealStage? FromStage { get; init; }
    public DealStage ToStage { get; init; }
    public DealStatus FromStatus { get; init; }
    public DealStatus ToStatus { get; init; }
    /// <summary>The business date the move took effect (the signing date, the start date, ...).</summary>
    public DateOnly EffectiveOn { get; init; }
    /// <summary>When it was recorded (UTC).</summary>
    public DateTime RecordedAt { get; init; }
    public required string ById { get; init; }
    public string? Note { get; init; }

    public bool IsStageMove => FromStage != ToStage;
}
