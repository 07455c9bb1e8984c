using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Users;

namespace Crm.Domain.Deals;

/// <summary>
/// A company's investment project in the zone (项目). Every pipeline rule of DESIGN.md §2 lives here:
/// <see cref="CheckMove"/> and <see cref="CheckStatusChange"/> say whether a change is allowed,
/// <see cref="MoveTo"/> and <see cref="ChangeStatus"/> make it and return the history row to store.
/// </summary>
public class Deal
{
    public int Id { get; init; }
    public required string Title { get; set; }
    public int CompanyId { get; set; }
    public Company? Company { get; set; }

    public DealStage Stage { get; private set; } = DealStage.Lead;
    public DealStatus Status { get; private set; } = DealStatus.Active;
    /// <summary>The reason given for the current status (lost, withdrawn, dormant), if any.</summary>
    public string? StatusReason { get; private set; }
    /// <summary>Date of the last move (stage or status): no later move may be dated before it.</summary>
    public DateOnly LastMoveOn { get; private set; }

    public DealSource Source { get; set; }
    /// <summary>The association or chamber that brought the deal.</summary>
    public int? OrganizationId { get; set; }
    public Organizations.Organization? Organization { get; set; }
    /// <summary>The advisor the deal is attributed to.</summary>
    public string? AdvisorId { get; set; }
    /// <summary>The zone company that brought this one (以商招商).</summary>
    public int? ReferringCompanyId { get; set; }

    public required string DeskCode { get; set; }
    public required string OwnerId { get; set; }
    public CrmUser? Owner { get; set; }

    public Region Region { get; set; }
    public Segment Segment { get; set; }
    /// <summary>An additional investment by a company already in the zone.</summary>
    public bool IsExpansion { get; set; }

    public long? EstimatedInvestmentYuan { get; set; }
    public long? AgreedInvestmentYuan { get; set; }
    /// <summary>The figure that stands for the deal: agreed once signed, else estimated (kept for sorting and sums).</summary>
    public long InvestmentYuan { get; private set; }
    public decimal? LandMu { get; set; }
    public int? JobsExpected { get; set; }

    public DateOnly? NextFollowUpOn { get; set; }
    /// <summary>
    /// <see cref="NextFollowUpOn"/>, or <see cref="FollowUpOrderColumn.None"/> when there is none: computed by the database
    /// so that the follow-up order (no date last) is a plain column an index serves.
    /// </summary>
    public DateOnly FollowUpOrder { get; private set; }
    public DateOnly? PlannedStartOn { get; set; }
    public DateOnly? PlannedProductionOn { get; set; }

    public DateOnly LeadOn { get; private set; }
    public DateOnly? SignedOn { get; private set; }
    public DateOnly? StartedOn { get; private set; }
    public DateOnly? ProducingOn { get; private set; }
    public DateOnly? AtCapacityOn { get; private set; }
    public DateOnly? LastActivityOn { get; set; }

    /// <summary>The project's 包保 (leader, officer, visit interval), once a manager assigned it.</summary>
    public Care.CareAssignment? Care { get; set; }

    public List<string> Tags { get; set; } = [];
    public string? Notes { get; set; }

    public long Version { get; set; } = 1;
    public DateTime CreatedAt { get; private set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Creates a deal at Lead, dated <paramref name="leadOn"/>, with the history row of its creation.</summary>
    public static (Deal Deal, StageChange Created) Create(
        string title, int companyId, string deskCode, string ownerId, DateOnly leadOn, string byId, DateTime now)
    {
        var deal = new Deal
        {
            Title = title,
            CompanyId = companyId,
            DeskCode = deskCode,
            OwnerId = ownerId,
            LeadOn = leadOn,
            LastMoveOn = leadOn,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var created = new StageChange
        {
            Deal = deal,
            FromStage = null,
            ToStage = DealStage.Lead,
            FromStatus = DealStatus.Active,
            ToStatus = DealStatus.Active,
            EffectiveOn = leadOn,
            RecordedAt = now,
            ById = byId,
            Note = null,
        };
        return (deal, created);
    }

    public RuleViolation? CheckMove(StageMove move, CurrentUser by, DateOnly today)
    {
        var target = move.Stage;
        if (target == Stage)
        {
            return PipelineRules.SameStage(Stage);
        }
        if (Status != DealStatus.Active)
        {
            return PipelineRules.NotActive(Status);
        }
        if (CheckDate(move.EffectiveOn, today) is { } dateViolation)
        {
            return dateViolation;
        }

        if (target < Stage)
        {
            if (!by.MayOverrule)
            {
                return PipelineRules.BackwardNeedsManager();
            }
            return string.IsNullOrWhiteSpace(move.Note) ? PipelineRules.ReasonRequired() : null;
        }

        // Forward: stages before Signed may be skipped, the milestones never.
        for (var skipped = Stage + 1; skipped < target; skipped++)
        {
            if (skipped >= DealStage.Signed)
            {
                return PipelineRules.SkipsMilestone(skipped);
            }
        }

        // Only entering Negotiating needs the estimate; a deal that skips to Signed brings the agreed figure.
        if (target == DealStage.Negotiating && (move.EstimatedInvestmentYuan ?? EstimatedInvestmentYuan) is null)
        {
            return PipelineRules.EstimatedInvestmentRequired();
        }
        if (target == DealStage.Signed)
        {
            if (move.AgreedInvestmentYuan is null || move.PlannedStartOn is null || move.PlannedProductionOn is null)
            {
                return PipelineRules.AgreementRequired();
            }
            if (move.PlannedProductionOn < move.PlannedStartOn)
            {
                return PipelineRules.PlannedDatesOutOfOrder();
            }
        }
        return null;
    }

    /// <summary>
    /// Every other stage, each with the rule that refuses it today (null: allowed). Each is asked as a move dated today
    /// that brings every fact its target asks for (the move dialog asks for them), so only what no input can change
    /// refuses: a skipped milestone, a backward move by a recruiter, a deal that is not active.
    /// </summary>
    public IReadOnlyList<StageTarget> StageTargets(CurrentUser by, DateOnly today) =>
        Enum.GetValues<DealStage>().Where(s => s != Stage)
            .Select(s => new StageTarget(s, CheckMove(WithEveryFact(s, today), by, today)))
            .ToList();

    /// <summary>Every other status, each with the rule that refuses it today (null: allowed), asked with a reason given.</summary>
    public IReadOnlyList<StatusTarget> StatusTargets(CurrentUser by, DateOnly today) =>
        Enum.GetValues<DealStatus>().Where(s => s != Status)
            .Select(s => new StatusTarget(s, CheckStatusChange(new StatusChange { Status = s, EffectiveOn = today, Reason = AnyReason }, by, today)))
            .ToList();

    private const string AnyReason = "-";

    private static StageMove WithEveryFact(DealStage target, DateOnly today) => new()
    {
        Stage = target,
        EffectiveOn = today,
        Note = AnyReason,
        EstimatedInvestmentYuan = 1,
        AgreedInvestmentYuan = 1,
        PlannedStartOn = today,
        PlannedProductionOn = today,
    };

    public StageChange MoveTo(StageMove move, CurrentUser by, DateOnly today, DateTime now)
    {
        if (CheckMove(move, by, today) is { } violation)
        {
            throw new InvalidOperationException(violation.ToString());
        }

        var from = Stage;
        var target = move.Stage;
        if (move.EstimatedInvestmentYuan is { } estimated)
        {
            EstimatedInvestmentYuan = estimated;
        }
        if (target == DealStage.Signed)
        {
            AgreedInvestmentYuan = move.AgreedInvestmentYuan;
            PlannedStartOn = move.PlannedStartOn;
            PlannedProductionOn = move.PlannedProductionOn;
        }

        // A milestone's date is the date the deal entered it; moving back below a milestone clears it.
        SignedOn = StageDate(DealStage.Signed, SignedOn, target, move.EffectiveOn);
        StartedOn = StageDate(DealStage.Started, StartedOn, target, move.EffectiveOn);
        ProducingOn = StageDate(DealStage.Producing, ProducingOn, target, move.EffectiveOn);
        AtCapacityOn = StageDate(DealStage.AtCapacity, AtCapacityOn, target, move.EffectiveOn);

        Stage = target;
        LastMoveOn = move.EffectiveOn;
        Touch(now);
        return History(from, Status, move.EffectiveOn, move.Note, by, now);
    }

    public RuleViolation? CheckStatusChange(StatusChange change, CurrentUser by, DateOnly today)
    {
        if (change.Status == Status)
        {
            return PipelineRules.StatusUnchanged(Status);
        }
        if (CheckDate(change.EffectiveOn, today) is { } dateViolation)
        {
            return dateViolation;
        }
        var hasReason = !string.IsNullOrWhiteSpace(change.Reason);

        if (Status is DealStatus.Lost or DealStatus.Withdrawn)
        {
            // Out of a closed state only back to Active, and only by a manager with a reason.
            if (change.Status != DealStatus.Active)
            {
                return PipelineRules.ClosedDealIsReadOnly(Status);
            }
            if (!by.MayOverrule)
            {
                return PipelineRules.ReactivationNeedsManager();
            }
            return hasReason ? null : PipelineRules.ReasonRequired();
        }

        return change.Status switch
        {
            DealStatus.Dormant when Stage.IsAfterSigning() => PipelineRules.DormantOnlyBeforeSigning(),
            DealStatus.Lost when Stage.IsAfterSigning() => PipelineRules.LostOnlyBeforeSigning(),
            DealStatus.Withdrawn when !Stage.IsAfterSigning() => PipelineRules.WithdrawnOnlyAfterSigning(),
            DealStatus.Lost or DealStatus.Withdrawn when !hasReason => PipelineRules.ReasonRequired(),
            _ => null,
        };
    }

    public StageChange ChangeStatus(StatusChange change, CurrentUser by, DateOnly today, DateTime now)
    {
        if (CheckStatusChange(change, by, today) is { } violation)
        {
            throw new InvalidOperationException(violation.ToString());
        }

        var from = Status;
        Status = change.Status;
        StatusReason = change.Status == DealStatus.Active ? null : change.Reason?.Trim();
        LastMoveOn = change.EffectiveOn;
        Touch(now);
        return History(Stage, from, change.EffectiveOn, change.Reason, by, now);
    }

    /// <summary>
    /// Records a logged contact: the latest one sets the last activity date and, with a next step, the follow-up date.
    /// The first real contact of a Lead (a document is not one) moves it to Contacted, when the pipeline rules allow.
    /// Returns that move's history row to store, or null when the stage stays.
    /// </summary>
    public StageChange? RecordContact(Activity activity, CurrentUser by, DateOnly today, DateTime now)
    {
        if (LastActivityOn is null || activity.OccurredOn >= LastActivityOn)
        {
            LastActivityOn = activity.OccurredOn;
            if (activity.NextFollowUpOn is not null)
            {
                NextFollowUpOn = activity.NextFollowUpOn;
            }
        }
        if (Stage != DealStage.Lead || activity.Type == ActivityType.Document)
        {
            return null;
        }
        var firstContact = new StageMove { Stage = DealStage.Contacted, EffectiveOn = activity.OccurredOn, Note = activity.Summary };
        return CheckMove(firstContact, by, today) is null ? MoveTo(firstContact with { Note = null }, by, today, now) : null;
    }

    /// <summary>Call after changing any figure, so <see cref="InvestmentYuan"/> stays the deal's standing figure.</summary>
    public void Touch(DateTime now)
    {
        InvestmentYuan = (Stage.IsAfterSigning() ? AgreedInvestmentYuan : null) ?? EstimatedInvestmentYuan ?? AgreedInvestmentYuan ?? 0;
        UpdatedAt = now;
    }

    private RuleViolation? CheckDate(DateOnly effectiveOn, DateOnly today)
    {
        if (effectiveOn > today)
        {
            return PipelineRules.DateInFuture(today);
        }
        return effectiveOn < LastMoveOn ? PipelineRules.DateBeforePrevious(LastMoveOn) : null;
    }

    private static DateOnly? StageDate(DealStage milestone, DateOnly? current, DealStage target, DateOnly effectiveOn) =>
        target < milestone ? null : target == milestone ? effectiveOn : current;

    private StageChange History(DealStage fromStage, DealStatus fromStatus, DateOnly on, string? note, CurrentUser by, DateTime now) =>
        new()
        {
            Deal = this,
            DealId = Id,
            FromStage = fromStage,
            ToStage = Stage,
            FromStatus = fromStatus,
            ToStatus = Status,
            EffectiveOn = on,
            RecordedAt = now,
            ById = by.Id,
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        };
}
