using Crm.Domain.Data;
using Crm.Domain.Deals;

namespace Crm.Domain.Schedules;

/// <summary>A milestone of a project's schedule as read: its plan, its actual date, whether it is passed and its slip.</summary>
public sealed record MilestoneLine
{
    public required MilestoneKind Kind { get; init; }
    public DateOnly? PlannedOn { get; init; }
    /// <summary>The day it was reached: recorded on the schedule, or for a stage the day the deal entered it.</summary>
    public DateOnly? ActualOn { get; init; }
    /// <summary>Reached: dated, or passed because the deal reached a later stage (<see cref="ProjectSchedule.Reached"/>).</summary>
    public required bool Reached { get; init; }
    /// <summary>Days late (negative: early) against the plan; for a milestone not reached whose plan has passed, the days so far.</summary>
    public int? SlipDays { get; init; }
    /// <summary>Planned before the day read and not reached.</summary>
    public required bool Overdue { get; init; }
    /// <summary>A pipeline stage: its actual date is the stage move's, so it is not recorded on the schedule.</summary>
    public required bool IsStage { get; init; }
}

/// <summary>
/// The one home of the schedule's rules (docs/review-counting-rules.md, "The schedule"): which milestones are pipeline
/// stages, where each plan and actual date lives, when a milestone is reached, its slip, and — as queries, so jobs
/// and the review count in SQL — which projects have a milestone overdue.
/// </summary>
public static class ProjectSchedule
{
    /// <summary>Every milestone, in the order of the schedule.</summary>
    public static readonly IReadOnlyList<MilestoneKind> Order = Enum.GetValues<MilestoneKind>();

    // Stages and kinds are stored as names, so "before a stage" is a list, not a comparison.
    internal static readonly DealStage[] BeforeStarted = Before(DealStage.Started);
    internal static readonly DealStage[] BeforeProducing = Before(DealStage.Producing);
    internal static readonly DealStage[] BeforeAtCapacity = Before(DealStage.AtCapacity);
    private static readonly MilestoneKind[] BuildUp = KindsCoveredBy(DealStage.Started);
    private static readonly MilestoneKind[] FitOut = KindsCoveredBy(DealStage.Producing);

    /// <summary>The pipeline stage a milestone is, or null for a milestone the schedule dates itself.</summary>
    public static DealStage? StageOf(MilestoneKind kind) => kind switch
    {
        MilestoneKind.Started => DealStage.Started,
        MilestoneKind.Producing => DealStage.Producing,
        MilestoneKind.AtCapacity => DealStage.AtCapacity,
        _ => null,
    };

    public static bool IsStage(MilestoneKind kind) => StageOf(kind) is not null;

    /// <summary>
    /// The milestone's plan lives on the deal (the agreement's 开工 and 投产 dates), not on the schedule's row: the plans
    /// of 开工 and 投产 are <see cref="Deal.PlannedStartOn"/> and <see cref="Deal.PlannedProductionOn"/>.
    /// </summary>
    public static bool PlanIsOnDeal(MilestoneKind kind) => kind is MilestoneKind.Started or MilestoneKind.Producing;

    /// <summary>
    /// The first stage at or after the milestone: a deal that reached it has passed the milestone, dated or not (a project
    /// that started has its land and its permit).
    /// </summary>
    public static DealStage CoveringStage(MilestoneKind kind) =>
        kind <= MilestoneKind.Started ? DealStage.Started : kind <= MilestoneKind.Producing ? DealStage.Producing : DealStage.AtCapacity;

    /// <summary>Reached: a stage the deal has reached, or a milestone dated on the schedule or passed by a later stage.</summary>
    public static bool Reached(MilestoneKind kind, DateOnly? recordedOn, DealStage stage) =>
        stage >= CoveringStage(kind) || (!IsStage(kind) && recordedOn is not null);

    /// <summary>The deal's whole schedule on <paramref name="today"/>, from the deal's own dates and its schedule rows.</summary>
    public static IReadOnlyList<MilestoneLine> Lines(Deal deal, IEnumerable<ProjectMilestone> rows, DateOnly today)
    {
        var byKind = rows.ToDictionary(r => r.Kind);
        return Order.Select(kind =>
        {
            var row = byKind.GetValueOrDefault(kind);
            var planned = kind switch
            {
                MilestoneKind.Started => deal.PlannedStartOn,
                MilestoneKind.Producing => deal.PlannedProductionOn,
                _ => row?.PlannedOn,
            };
            var actual = kind switch
            {
                MilestoneKind.Started => deal.StartedOn,
                MilestoneKind.Producing => deal.ProducingOn,
                MilestoneKind.AtCapacity => deal.AtCapacityOn,
                _ => row?.ActualOn,
            };
            var reached = Reached(kind, row?.ActualOn, deal.Stage);
            return new MilestoneLine
            {
                Kind = kind,
                PlannedOn = planned,
                ActualOn = actual,
                Reached = reached,
                SlipDays = Slip(planned, actual, reached, today),
                Overdue = Overdue(planned, reached, today),
                IsStage = IsStage(kind),
            };
        }).ToList();
    }

    /// <summary>The one rule of "overdue": a milestone planned before <paramref name="day"/> and not reached by it.</summary>
    public static bool Overdue(DateOnly? planned, bool reached, DateOnly day) => !reached && planned < day;

    /// <summary>Days from the plan to the actual date; overdue, the days so far; otherwise none.</summary>
    public static int? Slip(DateOnly? planned, DateOnly? actual, bool reached, DateOnly today) =>
        planned is not { } plan ? null
        : actual is { } on ? on.DayNumber - plan.DayNumber
        : Overdue(plan, reached, today) ? today.DayNumber - plan.DayNumber
        : null;

    /// <summary>
    /// Behind schedule on <paramref name="day"/>: a milestone planned before the day and not reached by it — a stage the
    /// deal had not entered (<paramref name="stageReached"/>), or a milestone not dated by the day nor passed by a later
    /// stage. Plans are those standing now (a re-plan is a <see cref="ScheduleRevision"/>, not a rewrite of the past).
    /// </summary>
    public static bool BehindOn(DateOnly day, DateOnly? plannedStart, DateOnly? plannedProduction, IEnumerable<ProjectMilestone> rows,
        Func<DealStage, bool> stageReached) =>
        Overdue(plannedStart, stageReached(DealStage.Started), day)
        || Overdue(plannedProduction, stageReached(DealStage.Producing), day)
        || rows.Any(r => !PlanIsOnDeal(r.Kind)
            && Overdue(r.PlannedOn, stageReached(CoveringStage(r.Kind)) || (!IsStage(r.Kind) && r.ActualOn <= day), day));

    /// <summary>The first milestone of the schedule not reached, or null when the project is at capacity.</summary>
    public static MilestoneKind? NextOpen(IReadOnlyList<MilestoneLine> lines) =>
        lines.FirstOrDefault(l => !l.Reached)?.Kind;

    /// <summary>
    /// Deals with a milestone <see cref="Overdue"/> on <paramref name="day"/>, in SQL: the agreement's 开工/投产 dates on the
    /// deal, or a schedule row open by <see cref="OpenRowsDueBy"/> (planned by the day before). One query, so the weekly
    /// inspection counts per desk in SQL.
    /// </summary>
    public static IQueryable<Deal> WithOverdueMilestone(this IQueryable<Deal> deals, CrmDbContext db, DateOnly day)
    {
        var (beforeStarted, beforeProducing) = (BeforeStarted, BeforeProducing);
        var overdueRows = db.ProjectMilestones.OpenRowsDueBy(deals, day.AddDays(-1)).Select(m => m.DealId);
        return deals.Where(d =>
            (beforeStarted.Contains(d.Stage) && d.PlannedStartOn < day)
            || (beforeProducing.Contains(d.Stage) && d.PlannedProductionOn < day)
            || overdueRows.Contains(d.Id));
    }

    /// <summary>
    /// The schedule rows planned on or before <paramref name="horizon"/> and not reached, of the given deals: the
    /// milestones the schedule plans itself (every one but 开工 and 投产, whose plans are on the deal).
    /// </summary>
    public static IQueryable<ProjectMilestone> OpenRowsDueBy(this IQueryable<ProjectMilestone> rows, IQueryable<Deal> deals, DateOnly horizon)
    {
        var (beforeStarted, beforeProducing, beforeAtCapacity, buildUp, fitOut) = (BeforeStarted, BeforeProducing, BeforeAtCapacity, BuildUp, FitOut);
        return rows.Where(m => m.PlannedOn <= horizon && m.ActualOn == null
            && deals.Any(d => d.Id == m.DealId
                && ((buildUp.Contains(m.Kind) && beforeStarted.Contains(d.Stage))
                    || (fitOut.Contains(m.Kind) && beforeProducing.Contains(d.Stage))
                    || (m.Kind == MilestoneKind.AtCapacity && beforeAtCapacity.Contains(d.Stage)))));
    }

    private static DealStage[] Before(DealStage stage) => Enum.GetValues<DealStage>().Where(s => s < stage).ToArray();

    private static MilestoneKind[] KindsCoveredBy(DealStage stage) =>
        Order.Where(k => !IsStage(k) && CoveringStage(k) == stage).ToArray();
}
