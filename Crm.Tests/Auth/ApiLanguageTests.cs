using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Web;

namespace Crm.Tests.Auth;

/// <summary>The API answers in the request's Accept-Language when it names a language we speak, else in the caller's own.</summary>
public sealed class ApiLanguageTests
{
    private CrmApp _app = null!;
    private HttpClient _chinese = null!;
    private HttpClient _english = null!;
    private HttpClient _admin = null!;

    private static DateOnly Today => TestClock.Today;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _chinese) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var english = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await CultureEndpointTests.SetLanguageAsync(_app, english, "en");
        _english = await _app.ClientForAsync(english);
        (_, _admin) = await _app.SignedInAsync(Roles.Admin);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static string Skipped(string language) =>
        Catalogue.Text("Rule.stage.skipsMilestone", Catalogue.CultureOf(language), DealStage.Signed);

    [TestCase("chinese", "en", "en")]
    [TestCase("chinese", "en-GB,en;q=0.9", "en")]
    [TestCase("english", "zh-CN", "zh-CN")]
    [TestCase("chinese", null, "zh-CN")]
    [TestCase("english", null, "en")]
    [TestCase("english", "fr-FR", "en")]
    public async Task A_refused_rule_reads_in_the_requested_language_else_the_callers_own(string caller, string? acceptLanguage, string expected)
    {
        var client = caller == "english" ? _english : _chinese;
        var deal = await client.CreateDealAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/stage")
        {
            Content = JsonContent.Create(new StageMoveInput { Stage = DealStage.Started, EffectiveOn = Today, Version = deal.Version }, options: CrmApp.Json),
        };
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        var response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await response.ReadAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(problem["code"]?.GetValue<string>(), Is.EqualTo("stage.skipsMilestone"));
            Assert.That(problem["detail"]?.GetValue<string>(), Is.EqualTo(Skipped(expected)));
        });
    }

    [TestCase("en")]
    [TestCase("zh-CN")]
    public async Task Validation_messages_follow_the_language_and_carry_the_validators_codes(string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/users")
        {
            Content = JsonContent.Create(new { email = "", displayName = "新用户", role = Roles.Manager, language = "fr" }),
        };
        request.Headers.AcceptLanguage.ParseAdd(language);

        var response = await _admin.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.ReadAsync<JsonObject>();
        var email = problem["errors"]!["email"]![0]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(problem["errors"]!["language"]![0]!.GetValue<string>(),
                Is.EqualTo(Catalogue.Text("Rule.user.languageUnknown", Catalogue.CultureOf(language))));
            Assert.That(problem["codes"]!["language"]![0]!.GetValue<string>(), Is.EqualTo("user.languageUnknown"));
            Assert.That(problem["codes"]!["email"]!.AsArray().Select(c => c!.GetValue<string>()), Does.Contain("NotEmptyValidator"));
            Assert.That(email.Any(c => c is >= '\u4e00' and <= '\u9fff'), Is.EqualTo(language == "zh-CN"), email);
        });
    }

    [Test]
    public async Task A_query_string_is_validated_by_its_validator_in_the_callers_language()
    {
        var response = await _english.GetAsync("/api/v1/deals?sort=price");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await response.ReadAsync<JsonObject>();
        Assert.That(problem["codes"]!["sort"]![0]!.GetValue<string>(), Is.EqualTo("list.sortUnknown"));
        Assert.That(problem["errors"]!["sort"]![0]!.GetValue<string>(), Does.StartWith("'sort' is one of"));
    }
}
