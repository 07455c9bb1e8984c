using Crm.Domain.Deals;

namespace Crm.Domain.Reviews;

/// <summary>
/// The one place of the counting rule (docs/review-counting-rules.md): a deal counts in a stage once, at the first
/// time it entered it. An entry is a history row that changes the stage, or the creation row; a status change (same
/// stage) is not one, and a deal moved back and forward again is not counted twice. Everything here is a query, so
/// the review, the home page and the jobs group and sum in SQL.
/// </summary>
public static class StageEntries
{
    /// <summary>The history rows that are an entry into their <see cref="StageChange.ToStage"/>.</summary>
    public static IQueryable<StageChange> Entries(this IQueryable<StageChange> history) =>
        history.Where(s => s.FromStage != s.ToStage);

    /// <summary>The entries into <paramref name="stage"/>: "entered it by a day" is one of them effective on or before it.</summary>
    public static IQueryable<StageChange> EntriesInto(this IQueryable<StageChange> history, DealStage stage) =>
        history.Where(s => s.ToStage == stage && s.FromStage != s.ToStage);

    /// <summary>Each deal's first entry into every stage it reached.</summary>
    public static IQueryable<StageEntry> FirstEntries(this IQueryable<StageChange> history) =>
        history.Entries()
            .GroupBy(s => new { s.DealId, s.ToStage })
            .Select(g => new StageEntry { DealId = g.Key.DealId, Stage = g.Key.ToStage, On = g.Min(s => s.EffectiveOn) });

    /// <summary>Each deal's first entry into <paramref name="stage"/>.</summary>
    public static IQueryable<StageEntry> FirstEntries(this IQueryable<StageChange> history, DealStage stage) =>
        history.EntriesInto(stage)
            .GroupBy(s => s.DealId)
            .Select(g => new StageEntry { DealId = g.Key, Stage = stage, On = g.Min(s => s.EffectiveOn) });

    /// <summary>First entries that fall from <paramref name="first"/> to <paramref name="last"/>, both included.</summary>
    public static IQueryable<StageEntry> Between(this IQueryable<StageEntry> entries, DateOnly first, DateOnly last) =>
        entries.Where(e => e.On >= first && e.On <= last);

    /// <summary>
    /// Each deal's first entry into every stage, where it falls from <paramref name="first"/> to <paramref name="last"/>:
    /// the same rows as <c>FirstEntries().Between(first, last)</c>. A first entry falls in the range when the deal entered
    /// the stage in the range and never before it, so only the range's rows are grouped and each is checked against the
    /// deal's earlier history by its index, instead of grouping the whole history to find every first entry.
    /// </summary>
    public static IQueryable<StageEntry> FirstEntriesBetween(this IQueryable<StageChange> history, DateOnly first, DateOnly last) =>
        FirstOfRange(history.Entries(), history.Entries(), first, last);

    /// <summary>Each deal's first entry into <paramref name="stage"/>, where it falls from <paramref name="first"/> to <paramref name="last"/>.</summary>
    public static IQueryable<StageEntry> FirstEntriesBetween(this IQueryable<StageChange> history, DealStage stage, DateOnly first, DateOnly last) =>
        FirstOfRange(history.EntriesInto(stage), history.EntriesInto(stage), first, last);

    private static IQueryable<StageEntry> FirstOfRange(IQueryable<StageChange> entries, IQueryable<StageChange> earlier, DateOnly first, DateOnly last) =>
        entries
            .Where(s => s.EffectiveOn >= first && s.EffectiveOn <= last
                && !earlier.Any(e => e.DealId == s.DealId && e.ToStage == s.ToStage && e.EffectiveOn < first))
            .GroupBy(s => new { s.DealId, s.ToStage })
            .Select(g => new StageEntry { DealId = g.Key.DealId, Stage = g.Key.ToStage, On = g.Min(s => s.EffectiveOn) });
}

/// <summary>A deal's first entry into a stage, on its effective date.</summary>
public sealed class StageEntry
{
    public int DealId { get; init; }
    public DealStage Stage { get; init; }
    public DateOnly On { get; init; }
}
