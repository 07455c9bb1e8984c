using Crm.Domain.Common;

namespace Crm.Domain.Deals;

/// <summary>The codes of every pipeline rule (DESIGN.md §2); their words are the catalogue's "Rule.{code}".</summary>
public static class PipelineRules
{
    public static RuleViolation SameStage(DealStage stage) => new("stage.unchanged", stage);
    public static RuleViolation NotActive(DealStatus status) => new("stage.dealNotActive", status);
    public static RuleViolation SkipsMilestone(DealStage skipped) => new("stage.skipsMilestone", skipped);
    public static RuleViolation BackwardNeedsManager() => new("stage.backwardNeedsManager");
    public static RuleViolation ReasonRequired() => new("reason.required");
    public static RuleViolation DateInFuture(DateOnly today) => new("date.inFuture", today);
    public static RuleViolation DateBeforePrevious(DateOnly previous) => new("date.beforePrevious", previous);
    public static RuleViolation EstimatedInvestmentRequired() => new("facts.estimatedInvestmentRequired");
    public static RuleViolation AgreementRequired() => new("facts.agreementRequired");
    public static RuleViolation PlannedDatesOutOfOrder() => new("facts.plannedDatesOutOfOrder");
    public static RuleViolation StatusUnchanged(DealStatus status) => new("status.unchanged", status);
    public static RuleViolation DormantOnlyBeforeSigning() => new("status.dormantOnlyBeforeSigning");
    public static RuleViolation LostOnlyBeforeSigning() => new("status.lostOnlyBeforeSigning");
    public static RuleViolation WithdrawnOnlyAfterSigning() => new("status.withdrawnOnlyAfterSigning");
    public static RuleViolation ReactivationNeedsManager() => new("status.reactivationNeedsManager");
    public static RuleViolation NotYours() => new("deal.notYours");
    public static RuleViolation ClosedDealIsReadOnly(DealStatus status) => new("status.closed", status);
}
