using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Problems;

/// <summary>A problem to log on a signed project: what, to whom, by when.</summary>
public sealed record ProblemInput
{
    public required ProblemKind Kind { get; init; }
    [MultiLine]
    public required string Description { get; init; }
    public required string DepartmentCode { get; init; }
    public required string AssigneeId { get; init; }
    public required DateOnly DueOn { get; init; }
}

/// <summary>An edit or a reassignment; <see cref="Version"/> is the version the caller read.</summary>
public sealed record ProblemUpdateInput
{
    public required ProblemKind Kind { get; init; }
    [MultiLine]
    public required string Description { get; init; }
    public required string DepartmentCode { get; init; }
    public required string AssigneeId { get; init; }
    public required DateOnly DueOn { get; init; }
    public required long Version { get; init; }
}

/// <summary>The answer that closes a problem, and the day it was solved (today when not given).</summary>
public sealed record ProblemCloseInput
{
    [MultiLine]
    public required string Answer { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public required long Version { get; init; }
}

public sealed record ProblemReopenInput
{
    public required long Version { get; init; }
}

public sealed class ProblemInputValidator : AbstractValidator<ProblemInput>
{
    public ProblemInputValidator(TimeProvider time)
    {
        RuleFor(p => p.Kind).IsInEnum();
        RuleFor(p => p.Description).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(p => p.DepartmentCode).NotEmpty().MaximumLength(FieldLengths.Code);
        RuleFor(p => p.AssigneeId).NotEmpty().MaximumLength(FieldLengths.UserId);
        RuleFor(p => p.DueOn).Must(due => due >= time.ZoneToday()).WithCode("problem.dueInPast")
            .Must(due => due <= time.ZoneToday().AddYears(2)).WithCode("problem.dueTooFar");
    }
}

public sealed class ProblemUpdateInputValidator : AbstractValidator<ProblemUpdateInput>
{
    public ProblemUpdateInputValidator(TimeProvider time)
    {
        RuleFor(p => p.Kind).IsInEnum();
        RuleFor(p => p.Description).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(p => p.DepartmentCode).NotEmpty().MaximumLength(FieldLengths.Code);
        RuleFor(p => p.AssigneeId).NotEmpty().MaximumLength(FieldLengths.UserId);
        // An edit may keep a deadline that has passed; the service checks it is not before the day the problem was logged.
        RuleFor(p => p.DueOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(due => due <= time.ZoneToday().AddYears(2)).WithCode("problem.dueTooFar");
        RuleFor(p => p.Version).GreaterThan(0);
    }
}

public sealed class ProblemCloseInputValidator : AbstractValidator<ProblemCloseInput>
{
    public ProblemCloseInputValidator(TimeProvider time)
    {
        RuleFor(p => p.Answer).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(p => p.ClosedOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(on => on is null || on <= time.ZoneToday()).WithCode("problem.closedInFuture");
        RuleFor(p => p.Version).GreaterThan(0);
    }
}

public sealed class ProblemReopenInputValidator : AbstractValidator<ProblemReopenInput>
{
    public ProblemReopenInputValidator() => RuleFor(p => p.Version).GreaterThan(0);
}
