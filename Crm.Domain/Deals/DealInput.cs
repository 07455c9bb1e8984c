using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Deals;

/// <summary>The facts of a deal a person edits: the API body and the UI form model.</summary>
public record DealInput
{
    public required string Title { get; init; }
    public required int CompanyId { get; init; }
    public required DealSource Source { get; init; }
    public int? OrganizationId { get; init; }
    public string? AdvisorId { get; init; }
    public int? ReferringCompanyId { get; init; }
    /// <summary>Managers choose; for a recruiter it is their own desk, whatever is sent.</summary>
    public string? Desk { get; init; }
    /// <summary>Managers choose; for a recruiter it is themselves on creation and unchanged on update.</summary>
    public string? OwnerId { get; init; }
    public required Region Region { get; init; }
    public required Segment Segment { get; init; }
    public bool IsExpansion { get; init; }
    public long? EstimatedInvestmentYuan { get; init; }
    /// <summary>Amendable once signed (a supplementary agreement); fixed on signing.</summary>
    public long? AgreedInvestmentYuan { get; init; }
    public DateOnly? PlannedStartOn { get; init; }
    public DateOnly? PlannedProductionOn { get; init; }
    public decimal? LandMu { get; init; }
    public int? JobsExpected { get; init; }
    public DateOnly? NextFollowUpOn { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    [MultiLine]
    public string? Notes { get; init; }
}

public sealed record NewDealInput : DealInput
{
    /// <summary>When the lead was first met; today when omitted, never in the future.</summary>
    public DateOnly? LeadOn { get; init; }
}

public sealed record DealUpdateInput : DealInput
{
    public required long Version { get; init; }
}

public sealed record StageMoveInput
{
    public required DealStage Stage { get; init; }
    public required DateOnly EffectiveOn { get; init; }
    [MultiLine]
    public string? Note { get; init; }
    public required long Version { get; init; }
    public long? EstimatedInvestmentYuan { get; init; }
    public long? AgreedInvestmentYuan { get; init; }
    public DateOnly? PlannedStartOn { get; init; }
    public DateOnly? PlannedProductionOn { get; init; }

    public StageMove ToMove() => new()
    {
        Stage = Stage,
        EffectiveOn = EffectiveOn,
        Note = Note,
        EstimatedInvestmentYuan = EstimatedInvestmentYuan,
        AgreedInvestmentYuan = AgreedInvestmentYuan,
        PlannedStartOn = PlannedStartOn,
        PlannedProductionOn = PlannedProductionOn,
    };
}

public sealed record StatusChangeInput
{
    public required DealStatus Status { get; init; }
    [MultiLine]
    public string? Reason { get; init; }
    /// <summary>Today when omitted.</summary>
    public DateOnly? EffectiveOn { get; init; }
    public required long Version { get; init; }
}

public class DealInputValidator : AbstractValidator<DealInput>
{
    public DealInputValidator()
    {
        RuleFor(d => d.Title).NotEmpty().MaximumLength(FieldLengths.Name);
        RuleFor(d => d.CompanyId).GreaterThan(0);
        RuleFor(d => d.Source).IsInEnum();
        RuleFor(d => d.Region).IsInEnum();
        RuleFor(d => d.Segment).IsInEnum();
        RuleFor(d => d.OrganizationId)
            .NotNull().When(d => d.Source is DealSource.HometownAssociation or DealSource.BusinessAssociation)
            .WithCode("deal.organizationRequired");
        // A condition applies to every rule before it in the chain unless told otherwise: limits and floors stand
        // alone, so they hold whatever the other fields are.
        RuleFor(d => d.AdvisorId).MaximumLength(FieldLengths.UserId);
        RuleFor(d => d.AdvisorId).NotEmpty().When(d => d.Source == DealSource.Advisor).WithCode("deal.advisorRequired");
        RuleFor(d => d.ReferringCompanyId)
            .NotNull().When(d => d.Source == DealSource.EnterpriseReferral)
            .WithCode("deal.referringCompanyRequired");
        RuleFor(d => d.Desk).MaximumLength(FieldLengths.Code);
        RuleFor(d => d.OwnerId).MaximumLength(FieldLengths.UserId);
        RuleFor(d => d.EstimatedInvestmentYuan).InclusiveBetween(1, FigureLimits.MaxInvestmentYuan);
        RuleFor(d => d.AgreedInvestmentYuan).InclusiveBetween(1, FigureLimits.MaxInvestmentYuan);
        RuleFor(d => d.PlannedStartOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(d => d.PlannedProductionOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(d => d.PlannedProductionOn)
            .GreaterThanOrEqualTo(d => d.PlannedStartOn).When(d => d.PlannedStartOn is not null)
            .WithCode("input.plannedDatesOutOfOrder");
        RuleFor(d => d.LandMu).InclusiveBetween(0.01m, FigureLimits.MaxLandMu);
        RuleFor(d => d.JobsExpected).InclusiveBetween(0, FigureLimits.MaxJobs);
        RuleFor(d => d.NextFollowUpOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(d => d.Tags).Must(t => t is null || t.Count <= FieldLengths.MaxTags)
            .WithCode("deal.tooManyTags", FieldLengths.MaxTags);
        RuleForEach(d => d.Tags).NotEmpty().MaximumLength(FieldLengths.Tag);
        RuleFor(d => d.Notes).MaximumLength(FieldLengths.LongText);
    }
}

public sealed class NewDealInputValidator : AbstractValidator<NewDealInput>
{
    public NewDealInputValidator(TimeProvider time)
    {
        Include(new DealInputValidator());
        RuleFor(d => d.LeadOn)
            .GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(on => on is null || on <= time.ZoneToday()).WithCode("deal.leadOnInFuture");
    }
}

public sealed class DealUpdateInputValidator : AbstractValidator<DealUpdateInput>
{
    public DealUpdateInputValidator()
    {
        Include(new DealInputValidator());
        RuleFor(d => d.Version).GreaterThan(0);
    }
}

public sealed class StageMoveInputValidator : AbstractValidator<StageMoveInput>
{
    public StageMoveInputValidator(TimeProvider time)
    {
        RuleFor(m => m.Stage).IsInEnum();
        RuleFor(m => m.Version).GreaterThan(0);
        RuleFor(m => m.EffectiveOn)
            .GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(on => on <= time.ZoneToday()).WithCode("input.effectiveOnInFuture");
        RuleFor(m => m.Note).MaximumLength(FieldLengths.Note);
        RuleFor(m => m.EstimatedInvestmentYuan).InclusiveBetween(1, FigureLimits.MaxInvestmentYuan);
        RuleFor(m => m.AgreedInvestmentYuan).InclusiveBetween(1, FigureLimits.MaxInvestmentYuan);
        RuleFor(m => m.PlannedStartOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(m => m.PlannedProductionOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(m => m.PlannedProductionOn)
            .GreaterThanOrEqualTo(m => m.PlannedStartOn).When(m => m.PlannedStartOn is not null)
            .WithCode("input.plannedDatesOutOfOrder");
    }
}

public sealed class StatusChangeInputValidator : AbstractValidator<StatusChangeInput>
{
    public StatusChangeInputValidator(TimeProvider time)
    {
        RuleFor(s => s.Status).IsInEnum();
        RuleFor(s => s.Version).GreaterThan(0);
        RuleFor(s => s.Reason).MaximumLength(FieldLengths.Note);
        RuleFor(s => s.EffectiveOn)
            .GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(on => on is null || on <= time.ZoneToday()).WithCode("input.effectiveOnInFuture");
    }
}
