using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Schedules;

/// <summary>
/// A milestone of the schedule as the person sets it: its planned date and, for a milestone that is not a pipeline
/// stage, the day it was reached. Moving a plan that was set needs a reason.
/// </summary>
public sealed record MilestoneInput
{
    public DateOnly? PlannedOn { get; init; }
    public DateOnly? ActualOn { get; init; }
    public string? Reason { get; init; }
}

public sealed class MilestoneInputValidator : AbstractValidator<MilestoneInput>
{
    public MilestoneInputValidator()
    {
        RuleFor(m => m.PlannedOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(m => m.ActualOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(m => m.Reason).MaximumLength(FieldLengths.Note);
    }
}

public sealed record ScheduleRevisionResponse
{
    public required MilestoneKind Kind { get; init; }
    public DateOnly? FromOn { get; init; }
    public DateOnly? ToOn { get; init; }
    public required string Reason { get; init; }
    public required string By { get; init; }
    public required DateTime At { get; init; }
}

/// <summary>A signed project's schedule: every milestone with its plan, actual date and slip, the next one, and the re-plans.</summary>
public sealed record DealSchedule
{
    public required int DealId { get; init; }
    public required DateOnly SignedOn { get; init; }
    public required IReadOnlyList<MilestoneLine> Milestones { get; init; }
    public MilestoneKind? NextMilestone { get; init; }
    /// <summary>Who reads it may change it (the desk's recruiters, managers, the project's 包保 leader and officer).</summary>
    public required bool MayEdit { get; init; }
    public required IReadOnlyList<ScheduleRevisionResponse> Revisions { get; init; }
}

/// <summary>
/// The construction schedule (工期计划) of signed projects: read whole through <see cref="ProjectSchedule"/>, and set one
/// milestone at a time by who may change the deal. A plan that was set moves only with a reason, kept as a
/// <see cref="ScheduleRevision"/>; the plans of 开工 and 投产 are the deal's own dates; a stage's actual date is its move's.
/// </summary>
public sealed class ScheduleService(CrmDbContext db, TimeProvider time)
{
    public async Task<DealSchedule?> GetAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Include(d => d.Care).VisibleTo(user).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        return deal?.SignedOn is null ? null : await ReadAsync(user, deal, ct);
    }

    /// <summary>Sets a milestone's plan and (not for a stage) its actual date on a signed project.</summary>
    public async Task<ServiceResult<DealSchedule>> SetAsync(CurrentUser by, int dealId, MilestoneKind kind, MilestoneInput input, CancellationToken ct)
    {
        var deal = await db.Deals.Include(d => d.Care).VisibleTo(by).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null || !Enum.IsDefined(kind))
        {
            return new ServiceResult<DealSchedule>.NotFound();
        }
        if (!by.MayEdit(deal))
        {
            return new ServiceResult<DealSchedule>.Forbidden();
        }
        if (deal.SignedOn is null)
        {
            return new RuleViolation("schedule.notSigned");
        }
        if (deal.Status == DealStatus.Withdrawn)
        {
            return PipelineRules.ClosedDealIsReadOnly(deal.Status);
        }
        var today = time.ZoneToday();
        var rows = await db.ProjectMilestones.Where(m => m.DealId == dealId).ToListAsync(ct);
        var before = ProjectSchedule.Lines(deal, rows, today).Single(l => l.Kind == kind);
        var reason = string.IsNullOrWhiteSpace(input.Reason) ? null : input.Reason.Trim();

        if (ProjectSchedule.IsStage(kind) && input.ActualOn is not null && input.ActualOn != before.ActualOn)
        {
            return new ServiceResult<DealSchedule>.Invalid(nameof(MilestoneInput.ActualOn), "schedule.actualIsStageMove", kind);
        }
        if (!ProjectSchedule.IsStage(kind) && input.ActualOn > today)
        {
            return new ServiceResult<DealSchedule>.Invalid(nameof(MilestoneInput.ActualOn), "schedule.actualInFuture", today);
        }
        var replanned = before.PlannedOn is not null && input.PlannedOn != before.PlannedOn;
        if (replanned && reason is null)
        {
            return new ServiceResult<DealSchedule>.Invalid(nameof(MilestoneInput.Reason), "schedule.reasonRequired", kind);
        }
        var (start, production) = (kind == MilestoneKind.Started ? input.PlannedOn : deal.PlannedStartOn,
            kind == MilestoneKind.Producing ? input.PlannedOn : deal.PlannedProductionOn);
        if (ProjectSchedule.PlanIsOnDeal(kind) && input.PlannedOn is null)
        {
            // The agreement's 开工 and 投产 dates stay set once signed (PipelineRules: a signing needs both).
            return new ServiceResult<DealSchedule>.Invalid(nameof(MilestoneInput.PlannedOn), "schedule.agreedPlanRequired", kind);
        }
        if (start > production)
        {
            return new ServiceResult<DealSchedule>.Invalid(nameof(MilestoneInput.PlannedOn), PipelineRules.PlannedDatesOutOfOrder());
        }

        var now = time.UtcNow();
        if (ProjectSchedule.PlanIsOnDeal(kind))
        {
            (deal.PlannedStartOn, deal.PlannedProductionOn) = (start, production);
            deal.Version++;
            deal.Touch(now);
        }
        else
        {
            var row = rows.SingleOrDefault(r => r.Kind == kind);
            if (row is null)
            {
                row = new ProjectMilestone { DealId = dealId, Kind = kind };
                db.ProjectMilestones.Add(row);
            }
            else
            {
                row.Version++;
            }
            row.PlannedOn = input.PlannedOn;
            row.ActualOn = ProjectSchedule.IsStage(kind) ? null : input.ActualOn;
            row.UpdatedAt = now;
        }
        if (replanned)
        {
            db.ScheduleRevisions.Add(new ScheduleRevision
            {
                DealId = dealId,
                Kind = kind,
                FromOn = before.PlannedOn,
                ToOn = input.PlannedOn,
                Reason = reason!,
                ById = by.Id,
                At = now,
            });
        }
        var after = ProjectSchedule.Lines(deal, [.. rows.Where(r => r.Kind != kind), .. db.ProjectMilestones.Local.Where(r => r.DealId == dealId && r.Kind == kind)], today)
            .Single(l => l.Kind == kind);
        if (after == before)
        {
            db.ChangeTracker.Clear();
            return await ReadAsync(by, deal, ct);
        }
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(ProjectSchedule), dealId, AuditActions.Update, before, after, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || UniqueKeys.IsViolation(e))
        {
            // Someone set the same milestone, or changed the deal, between our read and our write: theirs stands.
            db.ChangeTracker.Clear();
            var current = await db.Deals.AsNoTracking().Include(d => d.Care).SingleAsync(d => d.Id == dealId, ct);
            return new ServiceResult<DealSchedule>.Conflict(await ReadAsync(by, current, ct));
        }
        return await ReadAsync(by, deal, ct);
    }

    private async Task<DealSchedule> ReadAsync(CurrentUser user, Deal deal, CancellationToken ct)
    {
        var rows = await db.ProjectMilestones.AsNoTracking().Where(m => m.DealId == deal.Id).ToListAsync(ct);
        var lines = ProjectSchedule.Lines(deal, rows, time.ZoneToday());
        var revisions = await (
            from r in db.ScheduleRevisions.AsNoTracking()
            where r.DealId == deal.Id
            join u in db.Users on r.ById equals u.Id
            orderby r.At descending, r.Id descending
            select new ScheduleRevisionResponse { Kind = r.Kind, FromOn = r.FromOn, ToOn = r.ToOn, Reason = r.Reason, By = u.DisplayName, At = r.At })
            .ToListAsync(ct);
        return new DealSchedule
        {
            DealId = deal.Id,
            SignedOn = deal.SignedOn!.Value,
            Milestones = lines,
            NextMilestone = ProjectSchedule.NextOpen(lines),
            MayEdit = user.MayEdit(deal) && deal.Status != DealStatus.Withdrawn,
            Revisions = revisions,
        };
    }
}
