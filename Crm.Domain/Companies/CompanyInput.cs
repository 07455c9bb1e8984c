using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Companies;

public record CompanyInput
{
    public required string Name { get; init; }
    public string? CreditCode { get; init; }
    public CompanyTier Tier { get; init; } = CompanyTier.None;
    public string? Website { get; init; }
    [MultiLine]
    public string? Notes { get; init; }
    /// <summary>The company's contacts; on update the list replaces the stored one (matched by id).</summary>
    public IReadOnlyList<ContactInput>? Contacts { get; init; }
}

public sealed record CompanyUpdateInput : CompanyInput
{
    public required long Version { get; init; }
}

public record ContactInput
{
    public int? Id { get; init; }
    public required string Name { get; init; }
    public string? Title { get; init; }
    public string? Phone { get; init; }
    public string? Email { get; init; }
    public string? WeChat { get; init; }
}

/// <summary>A contact's new facts; <see cref="Version"/> is the company's version the caller read.</summary>
public sealed record ContactUpdateInput : ContactInput
{
    public required long Version { get; init; }
}

public sealed record ContactResponse(int Id, string Name, string? Title, string? Phone, string? Email, string? WeChat);

public sealed record CompanyResponse
{
    public required int Id { get; init; }
    public required long Version { get; init; }
    public required string Name { get; init; }
    public string? CreditCode { get; init; }
    public required CompanyTier Tier { get; init; }
    public string? Website { get; init; }
    public string? Notes { get; init; }
    /// <summary>The day the company became 规上; null while it is not.</summary>
    public DateOnly? ScaleSince { get; init; }
    public IReadOnlyList<ContactResponse> Contacts { get; init; } = [];
}

/// <summary>PUT /api/v1/companies/{id}/scale: the day the company became 规上, or null to clear it; the company's version.</summary>
public sealed record CompanyScaleInput
{
    public DateOnly? ScaleSince { get; init; }
    public required long Version { get; init; }
}

public sealed class CompanyScaleInputValidator : AbstractValidator<CompanyScaleInput>
{
    public CompanyScaleInputValidator(TimeProvider time)
    {
        RuleFor(s => s.ScaleSince).GreaterThanOrEqualTo(FigureLimits.EarliestDate)
            .Must(on => on is null || on <= time.ZoneToday()).WithCode("company.scaleSinceInFuture");
        RuleFor(s => s.Version).GreaterThan(0);
    }
}

public class CompanyInputValidator : AbstractValidator<CompanyInput>
{
    public CompanyInputValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(FieldLengths.Name);
        RuleFor(c => c.CreditCode)
            .Must(code => CreditCode.IsValid(CreditCode.Normalize(code!)))
            .When(c => !string.IsNullOrWhiteSpace(c.CreditCode))
            .WithCode("creditCode.invalid");
        RuleFor(c => c.Tier).IsInEnum();
        RuleFor(c => c.Website).MaximumLength(FieldLengths.Name);
        RuleFor(c => c.Notes).MaximumLength(FieldLengths.LongText);
        RuleForEach(c => c.Contacts).SetValidator(new ContactInputValidator());
    }
}

public sealed class CompanyUpdateInputValidator : AbstractValidator<CompanyUpdateInput>
{
    public CompanyUpdateInputValidator()
    {
        Include(new CompanyInputValidator());
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

public sealed class ContactUpdateInputValidator : AbstractValidator<ContactUpdateInput>
{
    public ContactUpdateInputValidator()
    {
        Include(new ContactInputValidator());
        RuleFor(c => c.Version).GreaterThan(0);
    }
}

public sealed class ContactInputValidator : AbstractValidator<ContactInput>
{
    public ContactInputValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(c => c.Title).MaximumLength(FieldLengths.ShortText);
        RuleFor(c => c.Phone).MaximumLength(FieldLengths.Phone)
            .Matches(@"^\+?[0-9 ()\-]{5,}$").When(c => !string.IsNullOrEmpty(c.Phone))
            .WithCode("phone.invalid");
        RuleFor(c => c.Email).MaximumLength(FieldLengths.Email)
            .EmailAddress().When(c => !string.IsNullOrEmpty(c.Email));
        RuleFor(c => c.WeChat).MaximumLength(FieldLengths.ShortText);
    }
}
