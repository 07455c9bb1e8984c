using Crm.Domain.Common;

namespace Crm.Domain.Deals;

/// <summary>The codes and sentences of every pipeline rule (DESIGN.md §2), so API and UI say the same.</summary>
public static class PipelineRules
{
    public static RuleViolation SameStage(DealStage stage) =>
        new("stage.unchanged", $"The deal is already at {stage}.");
    public static RuleViolation NotActive(DealStatus status) =>
        new("stage.dealNotActive", $"The deal is {status}; re-activate it before moving its stage.");
    public static RuleViolation SkipsMilestone(DealStage skipped) =>
        new("stage.skipsMilestone", $"A deal cannot skip {skipped}: Signed, Started and Producing are each recorded.");
    public static RuleViolation BackwardNeedsManager() =>
        new("stage.backwardNeedsManager", "Only a manager can move a deal backwards.");
    public static RuleViolation ReasonRequired() =>
        new("reason.required", "A reason is required for this change.");
    public static RuleViolation DateInFuture(DateOnly today) =>
        new("date.inFuture", $"The effective date cannot be after today ({today:yyyy-MM-dd}).");
    public static RuleViolation DateBeforePrevious(DateOnly previous) =>
        new("date.beforePrevious", $"The effective date cannot be before the previous move ({previous:yyyy-MM-dd}).");
    public static RuleViolation EstimatedInvestmentRequired() =>
        new("facts.estimatedInvestmentRequired", "Negotiating requires an estimated investment.");
    public static RuleViolation AgreementRequired() =>
        new("facts.agreementRequired", "Signing requires the agreed investment and the agreement's planned start and production dates.");
    public static RuleViolation PlannedDatesOutOfOrder() =>
        new("facts.plannedDatesOutOfOrder", "The planned production date cannot be before the planned start date.");
    public static RuleViolation StatusUnchanged(DealStatus status) =>
        new("status.unchanged", $"The deal is already {status}.");
    public static RuleViolation DormantOnlyBeforeSigning() =>
        new("status.dormantOnlyBeforeSigning", "Only a deal not yet signed can be set dormant.");
    public static RuleViolation LostOnlyBeforeSigning() =>
        new("status.lostOnlyBeforeSigning", "A signed deal is not lost but withdrawn.");
    public static RuleViolation WithdrawnOnlyAfterSigning() =>
        new("status.withdrawnOnlyAfterSigning", "Only a signed deal can be withdrawn; before signing it is lost.");
    public static RuleViolation ReactivationNeedsManager() =>
        new("status.reactivationNeedsManager", "Only a manager can re-activate a lost or withdrawn deal.");
    public static RuleViolation ClosedDealIsReadOnly(DealStatus status) =>
        new("status.closed", $"The deal is {status}; only a manager can re-activate it.");
}
