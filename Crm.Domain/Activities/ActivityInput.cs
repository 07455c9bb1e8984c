using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Activities;

public sealed record ActivityInput
{
    public required ActivityType Type { get; init; }
    public required DateOnly OccurredOn { get; init; }
    [MultiLine]
    public required string Summary { get; init; }
    public DateOnly? NextFollowUpOn { get; init; }
}

public sealed class ActivityInputValidator : AbstractValidator<ActivityInput>
{
    public ActivityInputValidator(TimeProvider time)
    {
        RuleFor(a => a.Type).IsInEnum();
        RuleFor(a => a.OccurredOn)
            .GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must((_, on) => on <= time.ZoneToday()).WithCode("activity.occurredInFuture");
        RuleFor(a => a.Summary).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(a => a.NextFollowUpOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(a => a.NextFollowUpOn)
            .Must((a, next) => next is null || next >= a.OccurredOn)
            .WithCode("activity.nextBeforeActivity")
            .Must(next => next is null || next <= time.ZoneToday().AddYears(2))
            .WithCode("activity.nextTooFar");
    }
}
