using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
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
            .WithMessage(_ => ValidationTexts.Pick("统一社会信用代码无效（应为18位，校验码须符合 GB 32100-2015）。", "'Credit Code' is not a valid unified social credit code (18 characters, check character per GB 32100-2015)."));
        RuleFor(r => r.ContactName).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(r => r.ContactPhone).MaximumLength(FieldLengths.Phone)
            .Matches(@"^\+?[0-9 ()\-]{5,}$").When(r => !string.IsNullOrEmpty(r.ContactPhone))
            .WithMessage(_ => ValidationTexts.Pick("联系电话只能包含数字、空格、括号、连字符和开头的 +。", "'Contact Phone' may hold digits, spaces, brackets, dashes and a leading +."));
        RuleFor(r => r.ContactEmail).MaximumLength(FieldLengths.Email)
            .EmailAddress().When(r => !string.IsNullOrEmpty(r.ContactEmail));
        RuleFor(r => r.ContactPhone)
            .NotEmpty().When(r => string.IsNullOrWhiteSpace(r.ContactEmail))
            .WithMessage(_ => ValidationTexts.Pick("请至少填写联系人的电话或邮箱之一。", "Give the contact's phone or email (at least one)."));
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
            .NotNull().When(d => d.ReferralId is null).WithMessage(_ => ValidationTexts.Pick("请指明与之重复的项目或推荐。", "Name the deal or the referral this one duplicates."))
            .Null().When(d => d.ReferralId is not null).WithMessage(_ => ValidationTexts.Pick("只能指明一个项目或一个推荐，不能同时指明。", "Name either a deal or a referral, not both."));
        RuleFor(d => d.ReferralId).GreaterThan(0);
    }
}
