using Crm.Domain.Common;
using FluentValidation;

namespace Crm.Domain.Care;

/// <summary>PUT /api/v1/deals/{id}/care and the deal page's 包保 form: <see cref="Version"/> is null for a first assignment.</summary>
public sealed record CareInput
{
    public required string LeaderId { get; init; }
    public required string OfficerId { get; init; }
    public int IntervalDays { get; init; } = CareAssignment.DefaultIntervalDays;
    public long? Version { get; init; }
}

public sealed class CareInputValidator : AbstractValidator<CareInput>
{
    public CareInputValidator()
    {
        RuleFor(c => c.LeaderId).NotEmpty().MaximumLength(FieldLengths.UserId);
        RuleFor(c => c.OfficerId).NotEmpty().MaximumLength(FieldLengths.UserId);
        RuleFor(c => c.IntervalDays).InclusiveBetween(CareAssignment.MinIntervalDays, CareAssignment.MaxIntervalDays);
        RuleFor(c => c.Version).GreaterThan(0);
    }
}
