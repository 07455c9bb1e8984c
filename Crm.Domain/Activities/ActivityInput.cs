using Crm.Domain.Common;
using FluentValidation;

namespace Crm.Domain.Activities;

public sealed record ActivityInput
{
    public required ActivityType Type { get; init; }
    public required DateOnly OccurredOn { get; init; }
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
            .Must((_, on) => on <= time.ZoneToday()).WithMessage(_ => ValidationTexts.Pick("跟进日期不能晚于今天。", "'Occurred On' cannot be in the future."));
        RuleFor(a => a.Summary).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(a => a.NextFollowUpOn)
            .Must((a, next) => next is null || next >= a.OccurredOn)
            .WithMessage(_ => ValidationTexts.Pick("下次跟进日期不能早于本次跟进。", "'Next Follow Up On' cannot be before the activity."))
            .Must(next => next is null || next <= time.ZoneToday().AddYears(2))
            .WithMessage(_ => ValidationTexts.Pick("下次跟进日期须在两年之内。", "'Next Follow Up On' must be within two years."));
    }
}
