using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Targets;
using Crm.Domain.Users;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reviews;

/// <summary>What a closed quarter reported: the figures and the deals behind them, as the review counted them on closing.</summary>
public sealed record ReportedQuarter
{
    public required DateOnly AsOf { get; init; }
    public required FigureSet Zone { get; init; }
    public required IReadOnlyDictionary<string, FigureSet> Desks { get; init; }
    /// <summary>Entered Signed in the quarter: the signed, investment, major and top-tier figures.</summary>
    public required IReadOnlyList<ReviewDeal> Signed { get; init; }
    public required IReadOnlyList<ReviewDeal> Started { get; init; }
    public required IReadOnlyList<ReviewDeal> Producing { get; init; }
}

/// <summary>A closed quarter as a reader in some scope sees it: what was reported, and what has changed since.</summary>
public sealed record ClosedQuarterView
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required DateTime ClosedAt { get; init; }
    /// <summary>The manager's display name; null when the quarterly job closed it.</summary>
    public string? ClosedBy { get; init; }
    /// <summary>The reported figures of the reader's scope (the zone, or the desk asked for).</summary>
    public required FigureSet Reported { get; init; }
    /// <summary>The reported figures of each desk in the reader's scope (every desk for the zone, the one desk otherwise).</summary>
    public required IReadOnlyDictionary<string, FigureSet> ReportedDesks { get; init; }
    /// <summary>The figures whose actual differs today, reported → now.</summary>
    public required IReadOnlyList<FigureCorrection> Figures { get; init; }
    /// <summary>Deals that entered, left or changed in a reported list since the closing, with who changed them last and when.</summary>
    public required IReadOnlyList<DealCorrection> Deals { get; init; }
}

public sealed record FigureCorrection(string Figure, long Reported, long Now);

public enum CorrectionKind
{
    /// <summary>Counted today, not in the reported list.</summary>
    Added,
    /// <summary>In the reported list, not counted today.</summary>
    Removed,
    /// <summary>The amount that counted changed.</summary>
    Amount,
    /// <summary>The date that counted moved (still within the quarter).</summary>
    Date,
}

public sealed record DealCorrection
{
    public required int DealId { get; init; }
    public required string Title { get; init; }
    public required string Desk { get; init; }
    /// <summary>Which reported list: <see cref="ReviewLists.Signed"/>, <see cref="ReviewLists.Started"/> or <see cref="ReviewLists.Producing"/>.</summary>
    public required ReviewLists List { get; init; }
    public required CorrectionKind Kind { get; init; }
    public long? ReportedYuan { get; init; }
    public long? NowYuan { get; init; }
    public DateOnly? ReportedOn { get; init; }
    public DateOnly? NowOn { get; init; }
    /// <summary>The last change recorded on the deal after the closing: who (display name) and when (UTC); null when none is recorded.</summary>
    public string? ChangedBy { get; init; }
    public DateTime? ChangedAt { get; init; }
}

/// <summary>
/// Closing a quarter stores its review as reported (docs/decisions/0017): the quarterly job on the first day of the
/// next quarter, or a manager. The page then shows the reported figures and the corrections since; an Admin reopens.
/// </summary>
public sealed class ClosedQuarterService(CrmDbContext db, ReviewService reviews, TimeProvider time)
{
    private const ReviewLists ReportedLists = ReviewLists.Signed | ReviewLists.Started | ReviewLists.Producing;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A manager (or admin) closes an ended quarter; a second closing is a conflict with the stored one.</summary>
    public async Task<ServiceResult<ClosedQuarterView>> CloseAsync(CurrentUser user, int year, int quarter, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return new ServiceResult<ClosedQuarterView>.Forbidden();
        }
        if (!QuarterPeriod.IsValid(year, quarter))
        {
            return new ServiceResult<ClosedQuarterView>.NotFound();
        }
        var period = new QuarterPeriod(year, quarter);
        if (!period.HasEndedBy(time.ZoneToday()))
        {
            return new RuleViolation("review.quarterNotEnded", ZoneDates.Show(period.End));
        }
        var closed = await StoreAsync(user, period, ct);
        if (closed is null)
        {
            var current = await ViewAsync(await FindAsync(period, ct), null, ct);
            return new ServiceResult<ClosedQuarterView>.Conflict(current!);
        }
        return (await ViewAsync(closed, null, ct))!;
    }

    /// <summary>The quarterly job's closing of the quarter that ended: stores it once; a quarter already closed is left as it is.</summary>
    public async Task<bool> CloseEndedAsync(QuarterPeriod ended, CancellationToken ct) =>
        ended.HasEndedBy(time.ZoneToday()) && await FindAsync(ended, ct) is null && await StoreAsync(CurrentUser.System, ended, ct) is not null;

    /// <summary>An Admin reopens a closed quarter: the stored review is deleted, and kept in the audit log.</summary>
    public async Task<ServiceResult<bool>> ReopenAsync(CurrentUser user, int year, int quarter, CancellationToken ct)
    {
        if (!user.IsAdmin)
        {
            return new ServiceResult<bool>.Forbidden();
        }
        if (!QuarterPeriod.IsValid(year, quarter) || await FindAsync(new QuarterPeriod(year, quarter), ct) is not { } closed)
        {
            return new ServiceResult<bool>.NotFound();
        }
        db.ClosedQuarters.Remove(closed);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(ClosedQuarter), Key(closed.Year, closed.Quarter), AuditActions.Reopen,
            new { closed.Year, closed.Quarter, closed.ClosedAt, closed.ClosedById, Reported = JsonDocument.Parse(closed.Reported).RootElement }, null,
            time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The closed quarter in the scope of <paramref name="user"/> (the zone, or a desk): Ok(null) when the quarter is open.
    /// </summary>
    public async Task<ServiceResult<ClosedQuarterView?>> GetAsync(CurrentUser user, int year, int quarter, string? desk, CancellationToken ct)
    {
        if (!QuarterPeriod.IsValid(year, quarter))
        {
            return new ServiceResult<ClosedQuarterView?>.NotFound();
        }
        return await reviews.ScopeAsync(user, desk, ct) switch
        {
            ServiceResult<string?>.Ok ok => new ServiceResult<ClosedQuarterView?>.Ok(await ViewAsync(await FindAsync(new QuarterPeriod(year, quarter), ct), ok.Value, ct)),
            ServiceResult<string?>.Forbidden => new ServiceResult<ClosedQuarterView?>.Forbidden(),
            _ => new ServiceResult<ClosedQuarterView?>.NotFound(),
        };
    }

    /// <summary>
    /// The deals behind a reported figure (<see cref="ReviewDrill.ForFigure"/>) as they were reported, in the reader's
    /// scope; null when the quarter is open or the drill is not one of a figure's lists.
    /// </summary>
    public async Task<IReadOnlyList<ReviewDeal>?> ReportedDealsAsync(CurrentUser user, int year, int quarter, string? desk, ReviewDrill drill,
        CancellationToken ct)
    {
        if (!QuarterPeriod.IsValid(year, quarter) || await reviews.ScopeAsync(user, desk, ct) is not ServiceResult<string?>.Ok scope
            || await FindAsync(new QuarterPeriod(year, quarter), ct) is not { } closed)
        {
            return null;
        }
        var reported = Read(closed);
        IEnumerable<ReviewDeal>? deals = drill.List switch
        {
            ReviewDrillList.Signed => reported.Signed,
            ReviewDrillList.Started => reported.Started,
            ReviewDrillList.Producing => reported.Producing,
            _ => null,
        };
        if (deals is null || drill.Stage is not null || drill.Status is not null || drill.Month is not null || drill.Source is not null)
        {
            return null;
        }
        var inDesk = drill.Desk ?? scope.Value;
        return deals.Where(d => inDesk is null || d.Desk == inDesk)
            .Where(d => !drill.MajorOnly || d.IsMajor)
            .Where(d => !drill.TopTierOnly || d.IsTopTier)
            .ToList();
    }

    private static string Key(int year, int quarter) => $"{year}-Q{quarter}";

    private Task<ClosedQuarter?> FindAsync(QuarterPeriod period, CancellationToken ct) =>
        db.ClosedQuarters.FirstOrDefaultAsync(c => c.Year == period.Year && c.Quarter == period.Quarter, ct);

    private static ReportedQuarter Read(ClosedQuarter closed) => JsonSerializer.Deserialize<ReportedQuarter>(closed.Reported, Json)!;

    /// <summary>Counts the quarter zone-wide as of its last day and stores it with its audit row; null when another closing got there first.</summary>
    private async Task<ClosedQuarter?> StoreAsync(CurrentUser user, QuarterPeriod period, CancellationToken ct)
    {
        var review = await reviews.BuildAsync(period.Year, period.Quarter, null, ReportedLists, ct);
        var reported = new ReportedQuarter
        {
            AsOf = review.AsOf,
            Zone = review.Zone!,
            Desks = review.Desks,
            Signed = review.Deals!.Signed,
            Started = review.Deals.Started,
            Producing = review.Deals.Producing,
        };
        var now = time.UtcNow();
        var closed = new ClosedQuarter
        {
            Year = period.Year,
            Quarter = period.Quarter,
            ClosedAt = now,
            ClosedById = user.Id,
            Reported = JsonSerializer.Serialize(reported, Json),
        };
        db.ClosedQuarters.Add(closed);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(ClosedQuarter), Key(period.Year, period.Quarter), AuditActions.Close, null,
            new { period.Year, period.Quarter, Zone = reported.Zone.All().ToDictionary(f => f.Name, f => f.Figure.Actual) }, now));
        // The job and a manager closing at once meet on the unique (year, quarter): the loser is told it is closed.
        return await db.TrySaveChangesAsync(ct) is null ? closed : null;
    }

    private async Task<ClosedQuarterView?> ViewAsync(ClosedQuarter? closed, string? desk, CancellationToken ct)
    {
        if (closed is null)
        {
            return null;
        }
        var reported = Read(closed);
        var now = await reviews.BuildAsync(closed.Year, closed.Quarter, desk, ReportedLists, ct);
        var reportedFigures = desk is null ? reported.Zone : reported.Desks.GetValueOrDefault(desk) ?? FigureSet.Of(TargetFigures.Zero);
        var nowFigures = now.Zone ?? now.Desks[desk!];
        var figures = reportedFigures.All().Zip(nowFigures.All())
            .Where(p => p.First.Figure.Actual != p.Second.Figure.Actual)
            .Select(p => new FigureCorrection(p.First.Name, p.First.Figure.Actual, p.Second.Figure.Actual))
            .ToList();

        bool InScope(ReviewDeal d) => desk is null || d.Desk == desk;
        var corrections = new List<DealCorrection>();
        foreach (var (list, then, today) in new[]
        {
            (ReviewLists.Signed, reported.Signed, now.Deals!.Signed),
            (ReviewLists.Started, reported.Started, now.Deals.Started),
            (ReviewLists.Producing, reported.Producing, now.Deals.Producing),
        })
        {
            var before = then.Where(InScope).ToDictionary(d => d.Id);
            var after = today.ToDictionary(d => d.Id);
            foreach (var d in before.Values.Where(d => !after.ContainsKey(d.Id)))
            {
                corrections.Add(Correction(d, list, CorrectionKind.Removed, d, null));
            }
            foreach (var d in after.Values)
            {
                if (!before.TryGetValue(d.Id, out var old))
                {
                    corrections.Add(Correction(d, list, CorrectionKind.Added, null, d));
                }
                else if (old.InvestmentYuan != d.InvestmentYuan)
                {
                    corrections.Add(Correction(d, list, CorrectionKind.Amount, old, d));
                }
                else if (old.On != d.On)
                {
                    corrections.Add(Correction(d, list, CorrectionKind.Date, old, d));
                }
            }
        }
        corrections = await WhoAndWhenAsync(corrections, closed.ClosedAt, ct);

        return new ClosedQuarterView
        {
            Year = closed.Year,
            Quarter = closed.Quarter,
            ClosedAt = closed.ClosedAt,
            ClosedBy = closed.ClosedById == CurrentUser.System.Id ? null : await NameOfAsync(closed.ClosedById, ct),
            Reported = reportedFigures,
            ReportedDesks = desk is null ? reported.Desks : new Dictionary<string, FigureSet> { [desk] = reportedFigures },
            Figures = figures,
            Deals = corrections,
        };
    }

    private static DealCorrection Correction(ReviewDeal deal, ReviewLists list, CorrectionKind kind, ReviewDeal? then, ReviewDeal? now) => new()
    {
        DealId = deal.Id,
        Title = deal.Title,
        Desk = deal.Desk,
        List = list,
        Kind = kind,
        ReportedYuan = then?.InvestmentYuan,
        NowYuan = now?.InvestmentYuan,
        ReportedOn = then?.On,
        NowOn = now?.On,
    };

    /// <summary>The last audited change of each corrected deal after the closing, read in one command.</summary>
    private async Task<List<DealCorrection>> WhoAndWhenAsync(List<DealCorrection> corrections, DateTime since, CancellationToken ct)
    {
        if (corrections.Count == 0)
        {
            return corrections;
        }
        var keys = corrections.Select(c => c.DealId.ToString(CultureInfo.InvariantCulture)).Distinct().ToList();
        var changes = await (
            from a in db.AuditLog.AsNoTracking()
            where a.EntityType == nameof(Deal) && keys.Contains(a.EntityId) && a.At > since
            join u in db.Users on a.UserId equals u.Id into users
            from u in users.DefaultIfEmpty()
            orderby a.Id
            select new { a.EntityId, a.At, User = u == null ? a.UserId : u.DisplayName }).ToListAsync(ct);
        var last = changes.GroupBy(c => c.EntityId).ToDictionary(g => g.Key, g => g.Last());
        return corrections
            .Select(c => last.TryGetValue(c.DealId.ToString(CultureInfo.InvariantCulture), out var change)
                ? c with { ChangedBy = change.User, ChangedAt = change.At }
                : c)
            .OrderBy(c => c.List).ThenBy(c => c.DealId)
            .ToList();
    }

    private async Task<string> NameOfAsync(string userId, CancellationToken ct) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? userId;
}
