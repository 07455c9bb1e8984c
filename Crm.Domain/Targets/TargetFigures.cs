using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;

namespace Crm.Domain.Targets;

/// <summary>The six figures a quarter (or a year's plan) is measured by.</summary>
public sealed record TargetFigures
{
    /// <summary>A project of 5亿元 or more counts as a major project.</summary>
    public const long MajorProjectYuan = 500_000_000;

    public int Signed { get; init; }
    public int Started { get; init; }
    public int Producing { get; init; }
    public long SignedInvestmentYuan { get; init; }
    public int MajorProjects { get; init; }
    public int TopTierCompanies { get; init; }

    public static TargetFigures Zero { get; } = new();

    /// <summary>
    /// The share of an annual figure that falls to <paramref name="quarter"/>: an equal split, the remainder going to
    /// the earliest quarters (19 signed → 5, 5, 5, 4), so the four quarters always add up to the year.
    /// </summary>
    public TargetFigures QuarterShare(int quarter) => new()
    {
        Signed = Share(Signed, quarter),
        Started = Share(Started, quarter),
        Producing = Share(Producing, quarter),
        SignedInvestmentYuan = Share(SignedInvestmentYuan, quarter),
        MajorProjects = Share(MajorProjects, quarter),
        TopTierCompanies = Share(TopTierCompanies, quarter),
    };

    private static int Share(int annual, int quarter) => (int)Share((long)annual, quarter);

    private static long Share(long annual, int quarter) => annual / 4 + (quarter <= annual % 4 ? 1 : 0);
}

/// <summary>The body of PUT /targets/{year}/Q{n} and PUT /targets/{year}/plan. A scope left out is left as it is.</summary>
public sealed record TargetsInput
{
    public TargetFigures? Zone { get; init; }
    public Dictionary<string, TargetFigures>? Desks { get; init; }
}

/// <summary>What GET /targets/{year}/Q{n} answers: figures of a scope with no targets set are zero.</summary>
public sealed record QuarterTargets
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required TargetFigures Zone { get; init; }
    public required IReadOnlyDictionary<string, TargetFigures> Desks { get; init; }
}

public sealed class TargetFiguresValidator : AbstractValidator<TargetFigures>
{
    /// <summary>Far above what a zone signs in a year; larger numbers are typing slips.</summary>
    public const int MaxCount = 100_000;

    public TargetFiguresValidator()
    {
        RuleFor(f => f.Signed).InclusiveBetween(0, MaxCount);
        RuleFor(f => f.Started).InclusiveBetween(0, MaxCount);
        RuleFor(f => f.Producing).InclusiveBetween(0, MaxCount);
        RuleFor(f => f.SignedInvestmentYuan).InclusiveBetween(0, Common.FigureLimits.MaxInvestmentYuan * 100);
        RuleFor(f => f.MajorProjects).InclusiveBetween(0, MaxCount);
        RuleFor(f => f.TopTierCompanies).InclusiveBetween(0, MaxCount);
    }
}

public sealed class TargetsInputValidator : AbstractValidator<TargetsInput>
{
    public TargetsInputValidator()
    {
        RuleFor(t => t).Must(t => t.Zone is not null || t.Desks is { Count: > 0 })
            .OverridePropertyName("zone").WithCode("targets.nothingSent");
        RuleFor(t => t.Zone!).SetValidator(new TargetFiguresValidator()).When(t => t.Zone is not null);
        RuleFor(t => t.Desks).Must(d => d is null || d.Count <= 50).WithCode("targets.tooManyDesks");
        RuleForEach(t => t.Desks).ChildRules(desk =>
        {
            desk.RuleFor(d => d.Key).NotEmpty().MaximumLength(Common.FieldLengths.Code).WithName("desk");
            desk.RuleFor(d => d.Value).NotNull().SetValidator(new TargetFiguresValidator());
        });
    }
}
