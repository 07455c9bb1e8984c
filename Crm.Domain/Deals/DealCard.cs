namespace Crm.Domain.Deals;

/// <summary>What a card on the board shows of a deal, and no more: the board holds hundreds of them.</summary>
public sealed record DealCard
{
    public required int Id { get; init; }
    public required DealStage Stage { get; init; }
    public required string CompanyName { get; init; }
    public required string Title { get; init; }
    public long InvestmentYuan { get; init; }
    public string? OwnerName { get; init; }
    public DateOnly? NextFollowUpOn { get; init; }
    public DateOnly? PlannedStartOn { get; init; }
    public DateOnly? PlannedProductionOn { get; init; }
}

/// <summary>The cards of one column read so far; <paramref name="Next"/> opens the following page (null at the end).</summary>
public sealed record CardColumn(DealStage Stage, IReadOnlyList<DealCard> Cards, string? Next);

/// <summary>The board as first shown: the first page of every column and the column totals.</summary>
public sealed record BoardView(IReadOnlyList<CardColumn> Columns, IReadOnlyList<StageTotal> Totals);
