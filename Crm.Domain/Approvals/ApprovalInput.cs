using Crm.Domain.Common;
using Crm.Domain.Localization;
using Crm.Domain.Schedules;
using FluentValidation;

namespace Crm.Domain.Approvals;

/// <summary>An approval added by hand to a signed project's checklist: what it is, who grants it and the milestone it must precede.</summary>
public sealed record ApprovalItemInput
{
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public string? DepartmentCode { get; init; }
    public MilestoneKind Before { get; init; }
    public DateOnly? PlannedOn { get; init; }
    [MultiLine]
    public string? Note { get; init; }
}

/// <summary>
/// Where an item of the checklist stands: its status, dates, department, proof and note, and the <see cref="Version"/>
/// the caller read. <see cref="DoneOn"/> is set exactly when the item is Done.
/// </summary>
public sealed record ApprovalUpdateInput
{
    public ApprovalStatus Status { get; init; }
    public DateOnly? PlannedOn { get; init; }
    public DateOnly? DoneOn { get; init; }
    public string? DepartmentCode { get; init; }
    /// <summary>A document filed on the same deal (a 批复 or 许可证).</summary>
    public int? DocumentId { get; init; }
    [MultiLine]
    public string? Note { get; init; }
    public long Version { get; init; }
}

/// <summary>The template whose items are copied onto the project's checklist.</summary>
public sealed record ApplyTemplateInput
{
    public int TemplateId { get; init; }
}

/// <summary>A template as an Admin keeps it: its items, in order, replace the ones it had.</summary>
public sealed record ApprovalTemplateInput
{
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public int SortOrder { get; init; }
    public bool IsActive { get; init; } = true;
    public required IReadOnlyList<ApprovalTemplateItemInput> Items { get; init; }
    /// <summary>On an update, the version the caller read (a stale one is a conflict); ignored on a create.</summary>
    public long Version { get; init; }
}

public sealed record ApprovalTemplateItemInput
{
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public string? DepartmentCode { get; init; }
    public MilestoneKind Before { get; init; }
}

public sealed class ApprovalItemInputValidator : AbstractValidator<ApprovalItemInput>
{
    public ApprovalItemInputValidator()
    {
        RuleFor(a => a.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(a => a.NameEn).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(a => a.DepartmentCode).MaximumLength(FieldLengths.Code);
        RuleFor(a => a.Before).IsInEnum();
        RuleFor(a => a.PlannedOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(a => a.Note).MaximumLength(FieldLengths.Note);
    }
}

public sealed class ApprovalUpdateInputValidator : AbstractValidator<ApprovalUpdateInput>
{
    public ApprovalUpdateInputValidator()
    {
        RuleFor(a => a.Status).IsInEnum();
        RuleFor(a => a.PlannedOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        // Done and its date go together, and not after today: ApprovalService checks it, for the pages as for the API.
        RuleFor(a => a.DoneOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(a => a.DepartmentCode).MaximumLength(FieldLengths.Code);
        RuleFor(a => a.DocumentId).GreaterThan(0);
        RuleFor(a => a.Note).MaximumLength(FieldLengths.Note);
        RuleFor(a => a.Version).GreaterThan(0);
    }
}

public sealed class ApplyTemplateInputValidator : AbstractValidator<ApplyTemplateInput>
{
    public ApplyTemplateInputValidator() => RuleFor(a => a.TemplateId).GreaterThan(0);
}

public sealed class ApprovalTemplateInputValidator : AbstractValidator<ApprovalTemplateInput>
{
    /// <summary>A checklist longer than this is a slip (a pasted list twice), not a kind of project.</summary>
    public const int MaxItems = 50;

    public ApprovalTemplateInputValidator()
    {
        RuleFor(t => t.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(t => t.NameEn).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(t => t.SortOrder).InclusiveBetween(0, 9999);
        RuleFor(t => t.Items).Must(items => items.Count <= MaxItems).WithCode("approvalTemplate.tooManyItems", MaxItems)
            .Must(items => items.Select(i => i.Name.Trim()).Distinct().Count() == items.Count).WithCode("approvalTemplate.itemNameRepeated");
        RuleForEach(t => t.Items).SetValidator(new ApprovalTemplateItemInputValidator());
        RuleFor(t => t.Version).GreaterThanOrEqualTo(0);
    }
}

public sealed class ApprovalTemplateItemInputValidator : AbstractValidator<ApprovalTemplateItemInput>
{
    public ApprovalTemplateItemInputValidator()
    {
        RuleFor(i => i.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(i => i.NameEn).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(i => i.DepartmentCode).MaximumLength(FieldLengths.Code);
        RuleFor(i => i.Before).IsInEnum();
    }
}
