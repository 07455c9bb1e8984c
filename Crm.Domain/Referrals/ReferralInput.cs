using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Referrals;

/// <summary>
/// What an advisor submits. There is deliberately no submitter field: the submitter is the caller, so a body
/// naming another advisor (advisorId, submittedById, ...) has nothing to bind to.
/// </summary>
public sealed record ReferralInput
{
    public required string CompanyName { get; init; }
    public string? CreditCode { get; init; }
    public required string ContactName { get; init; }
    public string? ContactPhone { get; init; }
    public string? ContactEmail { get; init; }
    public Region Region { get; init; } = Region.Other;
    public Segment Segment { get; init; } = Segment.Other;
    public long? EstimatedInvestmentYuan { get; init; }
    [MultiLine]
    public string? Notes { get; init; }
}

/// <summary>A Manager accepts: the deal goes to this owner and desk; companyId links an existing company instead of registering one.</summary>
public sealed record AcceptReferralInput
{
    public required string OwnerId { get; init; }
    public required string Desk { get; init; }
    public required long Version { get; init; }
    public int? CompanyId { get; init; }
}

public sealed record DeclineReferralInput
{
    [MultiLine]
    public required string Reason { get; init; }
    public required long Version { get; init; }
}

/// <summary>Exactly one of <see cref="DealId"/> and <see cref="ReferralId"/>.</summary>
public sealed record DuplicateReferralInput
{
    public int? DealId { get; init; }
    public int? ReferralId { get; init; }
    public required long Version { get; init; }
}

public sealed class ReferralInputValidator : AbstractValidator<ReferralInput>
{
    public ReferralInputValidator()
    {
        RuleFor(r => r.CompanyName).NotEmpty().MaximumLength(FieldLengths.Name);
        RuleFor(r => r.CreditCode)
            .Must(code => CreditCode.IsValid(CreditCode.Normalize(code!)))
            .When(r => !string.IsNullOrWhiteSpace(r.CreditCode))
            .WithCode("creditCode.invalid");
        RuleFor(r => r.ContactName).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(r => r.ContactPhone).MaximumLength(FieldLengths.Phone)
            .Matches(@"^\+?[0-9 ()\-]{5,}$").When(r => !string.IsNullOrEmpty(r.ContactPhone))
            .WithCode("referral.contactPhoneInvalid");
        RuleFor(r => r.ContactEmail).MaximumLength(FieldLengths.Email)
            .EmailAddress().When(r => !string.IsNullOrEmpty(r.ContactEmail));
        RuleFor(r => r.ContactPhone)
            .NotEmpty().When(r => string.IsNullOrWhiteSpace(r.ContactEmail))
            .WithCode("referral.contactRequired");
        RuleFor(r => r.Region).IsInEnum();
        RuleFor(r => r.Segment).IsInEnum();
        RuleFor(r => r.EstimatedInvestmentYuan).InclusiveBetween(1, FigureLimits.MaxInvestmentYuan);
        RuleFor(r => r.Notes).MaximumLength(FieldLengths.LongText);
    }
}

public sealed class AcceptReferralInputValidator : AbstractValidator<AcceptReferralInput>
{
    public AcceptReferralInputValidator()
    {
        RuleFor(a => a.OwnerId).NotEmpty().MaximumLength(FieldLengths.UserId);
        RuleFor(a => a.Desk).NotEmpty().MaximumLength(FieldLengths.Code);
        RuleFor(a => a.Version).GreaterThan(0);
        RuleFor(a => a.CompanyId).GreaterThan(0);
    }
}

public sealed class DeclineReferralInputValidator : AbstractValidator<DeclineReferralInput>
{
    public DeclineReferralInputValidator()
    {
        RuleFor(d => d.Reason).NotEmpty().MaximumLength(FieldLengths.Note);
        RuleFor(d => d.Version).GreaterThan(0);
    }
}

public sealed class DuplicateReferralInputValidator : AbstractValidator<DuplicateReferralInput>
{
    public DuplicateReferralInputValidator()
    {
        RuleFor(d => d.Version).GreaterThan(0);
        RuleFor(d => d.DealId).GreaterThan(0)
            .NotNull().When(d => d.ReferralId is null).WithCode("referral.duplicateTargetRequired")
            .Null().When(d => d.ReferralId is not null).WithCode("referral.duplicateTargetBoth");
        RuleFor(d => d.ReferralId).GreaterThan(0);
    }
}
