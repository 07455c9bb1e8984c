using System.Globalization;
using Crm.Domain.Deals;

namespace Crm.Tests.Common;

// FluentValidation's ValidatorOptions.Global is process-wide and every host sets its display-name resolver.
[NonParallelizable]
public sealed class ValidationTextsTests
{
    [TestCase("zh-CN", "计划投产日期不能早于计划开工日期。")]
    [TestCase("en", "'Planned Production On' cannot be before the planned start.")]
    public void Validator_sentences_speak_the_callers_language(string culture, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var input = new StageMoveInput
            {
                Stage = DealStage.Signed,
                EffectiveOn = new DateOnly(2026, 3, 1),
                Version = 1,
                AgreedInvestmentYuan = 1,
                PlannedStartOn = new DateOnly(2026, 6, 1),
                PlannedProductionOn = new DateOnly(2026, 5, 1),
            };
            var result = new StageMoveInputValidator(TimeProvider.System).Validate(input);
            Assert.That(result.Errors.Select(e => e.ErrorMessage), Does.Contain(expected));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

// FluentValidation's ValidatorOptions.Global is process-wide and every host sets its display-name resolver.
[NonParallelizable]
public sealed class ValidationDisplayNameTests
{
    [TestCase("zh-CN", "跟进内容")]
    [TestCase("en", "What happened")]
    public void Built_in_messages_name_the_field_by_its_label(string culture, string label)
    {
        using var app = new Crm.Tests.Infrastructure.CrmApp();
        _ = app.Services; // the host sets the resolver at startup
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(culture);
        try
        {
            var validator = new Crm.Domain.Activities.ActivityInputValidator(TimeProvider.System);
            var result = validator.Validate(new Crm.Domain.Activities.ActivityInput
            {
                Type = Crm.Domain.Activities.ActivityType.Call,
                OccurredOn = new DateOnly(2026, 3, 1),
                Summary = "",
            });
            Assert.That(result.Errors.Single(e => e.PropertyName == "Summary").ErrorMessage, Does.Contain(label));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
