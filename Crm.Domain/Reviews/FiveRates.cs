using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Schedules;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reviews;

/// <summary>A count of the cohort and its share of it (percent, one decimal; null when the cohort is empty).</summary>
public sealed record RateFigure(int Count, decimal? Percent);

/// <summary>The five rates (五率) of one cohort of signings: 供地率, 开工率, 投产率, 达产率 and on schedule.</summary>
public sealed record FiveRatesLine
{
    /// <summary>The cohort: projects first signed in the window, counted as the review counts signings.</summary>
    public required int Signed { get; init; }
    public required RateFigure LandHandedOver { get; init; }
    public required RateFigure Started { get; init; }
    public required RateFigure Producing { get; init; }
    public required RateFigure AtCapacity { get; init; }
    public required RateFigure OnSchedule { get; init; }

    public static FiveRatesLine Of(IReadOnlyCollection<RatedProject> projects)
    {
        RateFigure Figure(Func<RatedProject, bool> reached)
        {
            var count = projects.Count(reached);
            return new RateFigure(count, ReviewRates.Percent(count, projects.Count));
        }

        return new FiveRatesLine
        {
            Signed = projects.Count,
            LandHandedOver = Figure(p => p.LandHandedOver),
            Started = Figure(p => p.Started),
            Producing = Figure(p => p.Producing),
            AtCapacity = Figure(p => p.AtCapacity),
            OnSchedule = Figure(p => p.OnSchedule),
        };
    }
}

/// <summary>The rates of a window (the quarter's signings, or the year's to the quarter's end): the zone or desk, and each desk.</summary>
public sealed record FiveRatesWindow
{
    public required DateOnly From { get; init; }
    public required FiveRatesLine Total { get; init; }
    public required IReadOnlyDictionary<string, FiveRatesLine> Desks { get; init; }
}

/// <summary>A project of the year's cohort with what it had reached by the day counted: the drill-down's row.</summary>
public sealed record RatedProject
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required string Company { get; init; }
    public required string Desk { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required bool LandHandedOver { get; init; }
    public required bool Started { get; init; }
    public required bool Producing { get; init; }
    public required bool AtCapacity { get; init; }
    public required bool OnSchedule { get; init; }
}

/// <summary>The quarter's five rates: its own signings and the year's, per desk, with the projects behind them.</summary>
public sealed record FiveRatesReview
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required DateOnly AsOf { get; init; }
    public string? Desk { get; init; }
    public required FiveRatesWindow QuarterWindow { get; init; }
    public required FiveRatesWindow YearWindow { get; init; }
    /// <summary>The year's cohort; the quarter's is those signed on or after <see cref="FiveRatesWindow.From"/> of the quarter.</summary>
    public required IReadOnlyList<RatedProject> Projects { get; init; }
}

/// <summary>
/// The five rates (docs/review-counting-rules.md, "The five rates"), one rule for the review, its drill-down and the API.
/// The cohort is the review's (<see cref="ReviewRates.StartedRate"/>): projects whose first entry into Signed falls in the
/// window, up to the quarter's end (or today). Each counts what it had reached by then — the land handed over (dated on the
/// schedule, or passed by starting), started, producing, at capacity (first entries, as the review counts), and on
/// schedule: no milestone behind on that day (<see cref="ProjectSchedule.BehindOn"/>).
/// </summary>
public sealed class FiveRatesService(CrmDbContext db, TimeProvider time, ReviewService reviews, QuarterFigures figures)
{
    public async Task<ServiceResult<FiveRatesReview>> QuarterAsync(CurrentUser user, int year, int quarter, string? desk, CancellationToken ct)
    {
        if (!QuarterPeriod.IsValid(year, quarter))
        {
            return new ServiceResult<FiveRatesReview>.NotFound();
        }
        switch (await reviews.ScopeAsync(user, desk, ct))
        {
            case ServiceResult<string?>.Ok scope:
                desk = scope.Value;
                break;
            case ServiceResult<string?>.Forbidden:
                return new ServiceResult<FiveRatesReview>.Forbidden();
            default:
                return new ServiceResult<FiveRatesReview>.NotFound();
        }
        var period = new QuarterPeriod(year, quarter);
        var asOf = period.CountedTo(time.ZoneToday());
        var deals = figures.Deals(desk);
        // The same first entries the review reads: each deal's first entry into each stage from 1 January to the day counted.
        var entries = await QuarterFigures.Facts(db.StageChanges.AsNoTracking().FirstEntriesBetween(period.YearStart, asOf), deals).ToListAsync(ct);
        var cohort = entries.Where(e => e.Stage == DealStage.Signed).ToList();
        var reached = entries.ToLookup(e => e.DealId, e => e.Stage);
        var ids = cohort.Select(e => e.DealId).ToList();
        var names = await deals.Where(d => ids.Contains(d.Id))
            .Select(d => new { d.Id, d.Title, Company = d.Company!.Name }).ToDictionaryAsync(d => d.Id, ct);
        var milestones = (await db.ProjectMilestones.AsNoTracking().Where(m => ids.Contains(m.DealId)).ToListAsync(ct)).ToLookup(m => m.DealId);

        var projects = cohort
            .Select(e =>
            {
                bool StageReached(DealStage stage) => reached[e.DealId].Contains(stage);
                var rows = milestones[e.DealId].ToList();
                var started = StageReached(DealStage.Started);
                return new RatedProject
                {
                    Id = e.DealId,
                    Title = names[e.DealId].Title,
                    Company = names[e.DealId].Company,
                    Desk = e.Desk,
                    SignedOn = e.On,
                    LandHandedOver = started || rows.Any(r => r.Kind == MilestoneKind.LandHandedOver && r.ActualOn <= asOf),
                    Started = started,
                    Producing = StageReached(DealStage.Producing),
                    AtCapacity = StageReached(DealStage.AtCapacity),
                    OnSchedule = !ProjectSchedule.BehindOn(asOf, e.PlannedStartOn, e.PlannedProductionOn, rows, StageReached),
                };
            })
            .OrderBy(p => p.Desk, StringComparer.Ordinal).ThenBy(p => p.SignedOn).ThenBy(p => p.Id)
            .ToList();
        var desks = await db.Desks.AsNoTracking().Where(d => desk == null || d.Code == desk).OrderBy(d => d.SortOrder).Select(d => d.Code).ToListAsync(ct);

        FiveRatesWindow Window(DateOnly from)
        {
            var inWindow = projects.Where(p => p.SignedOn >= from).ToList();
            return new FiveRatesWindow
            {
                From = from,
                Total = FiveRatesLine.Of(inWindow),
                Desks = desks.ToDictionary(code => code, code => FiveRatesLine.Of(inWindow.Where(p => p.Desk == code).ToList())),
            };
        }

        return new FiveRatesReview
        {
            Year = year,
            Quarter = quarter,
            AsOf = asOf,
            Desk = desk,
            QuarterWindow = Window(period.Start),
            YearWindow = Window(period.YearStart),
            Projects = projects,
        };
    }
}
