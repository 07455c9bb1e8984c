using Crm.Domain.Activities;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Care;

/// <summary>A cared-for project and when its next visit is due, as <see cref="CareVisits"/> decides it.</summary>
public sealed record CareVisitRow
{
    public required int DealId { get; init; }
    public required string Title { get; init; }
    public required string DeskCode { get; init; }
    public required string LeaderId { get; init; }
    public required string OfficerId { get; init; }
    public required int IntervalDays { get; init; }
    public required DateOnly AssignedOn { get; init; }
    public DateOnly? LastVisitOn { get; init; }
    public required DateOnly DueOn { get; init; }
}

/// <summary>
/// The one rule of the visit interval (docs/decisions/0024-project-care-and-scale.md): an active project at Signed or a
/// later stage with a 包保 assignment is due a visit <see cref="CareAssignment.IntervalDays"/> after its last Visit activity,
/// or after the day the officer took it if that is later (or there is no visit); it is overdue from the day after.
/// Every page, job and figure asks this query, so it runs in SQL.
/// </summary>
public static class CareVisits
{
    // Stages are stored as names, so "signed or later" is a list, not a comparison.
    public static readonly DealStage[] CaredStages = [DealStage.Signed, DealStage.Started, DealStage.Producing, DealStage.AtCapacity];

    public static IQueryable<CareVisitRow> Rows(CrmDbContext db) =>
        db.Deals.AsNoTracking()
            .Where(d => d.Care != null && d.Status == DealStatus.Active && CaredStages.Contains(d.Stage))
            .Select(d => new
            {
                Deal = d,
                Care = d.Care!,
                Last = db.Activities.Where(a => a.DealId == d.Id && a.Type == ActivityType.Visit).Max(a => (DateOnly?)a.OccurredOn),
            })
            .Select(x => new CareVisitRow
            {
                DealId = x.Deal.Id,
                Title = x.Deal.Title,
                DeskCode = x.Deal.DeskCode,
                LeaderId = x.Care.LeaderId,
                OfficerId = x.Care.OfficerId,
                IntervalDays = x.Care.IntervalDays,
                AssignedOn = x.Care.AssignedOn,
                LastVisitOn = x.Last,
                DueOn = (x.Last != null && x.Last > x.Care.AssignedOn ? x.Last.Value : x.Care.AssignedOn).AddDays(x.Care.IntervalDays),
            });

    /// <summary>The projects whose visit was due before <paramref name="day"/> and did not happen.</summary>
    public static IQueryable<CareVisitRow> OverdueOn(this IQueryable<CareVisitRow> rows, DateOnly day) => rows.Where(r => r.DueOn < day);

    public static bool IsOverdue(this CareVisitRow row, DateOnly day) => row.DueOn < day;
}
