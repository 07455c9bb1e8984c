using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using FluentValidation;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Security;

/// <summary>
/// The input rules every API input shares (Crm.Domain/Common/InputRules): a null where a collection element or a
/// required member belongs, and a control character in text, are a 400 naming the field, and nothing is written.
/// </summary>
public sealed class HostileInputTests
{
    private CrmApp _app = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [TestCase("{\"name\":\"空联系人食品有限公司\",\"contacts\":[null]}", "contacts[0]", "input.nullElement")]
    [TestCase("{\"name\":\"空联系人食品有限公司\",\"contacts\":[{\"name\":\"王经理\"},null]}", "contacts[1]", "input.nullElement")]
    [TestCase("{\"name\":\"控制\\u0000字符食品有限公司\"}", "name", "input.controlCharacter")]
    [TestCase("{\"name\":\"控制字符食品有限公司\",\"notes\":\"a\\u000bb\"}", "notes", "input.controlCharacter")]
    [TestCase("{\"name\":\"控制字符食品有限公司\",\"contacts\":[{\"name\":\"王\\u0007经理\"}]}", "contacts[0].name", "input.controlCharacter")]
    public async Task Company_create_with_hostile_input_is_400_naming_the_element_and_writes_nothing(string json, string field, string code)
    {
        var before = await _app.WithDbAsync(db => db.Companies.CountAsync());

        var response = await SendAsync(HttpMethod.Post, "/api/v1/companies", json);

        await AssertRefusedAsync(response, field, code);
        Assert.That(await _app.WithDbAsync(db => db.Companies.CountAsync()), Is.EqualTo(before), "nothing written");
    }

    [Test]
    public async Task Company_update_with_a_null_contact_is_400_naming_it_and_changes_nothing()
    {
        var company = await _client.CreateCompanyAsync();

        var response = await SendAsync(HttpMethod.Put, $"/api/v1/companies/{company.Id}",
            $"{{\"name\":\"改名食品有限公司\",\"version\":{company.Version},\"contacts\":[null]}}");

        await AssertRefusedAsync(response, "contacts[0]", "input.nullElement");
        var stored = await _app.WithDbAsync(db => db.Companies.AsNoTracking().SingleAsync(c => c.Id == company.Id));
        Assert.That((stored.Name, stored.Version), Is.EqualTo((company.Name, company.Version)));
    }

    [TestCase("{\"settings\":null}", "settings", "input.required")]
    [TestCase("{\"settings\":[null]}", "settings[0]", "input.nullElement")]
    [TestCase("{\"settings\":[{\"kind\":\"FollowUpDue\",\"email\":false},null]}", "settings[1]", "input.nullElement")]
    public async Task Notification_settings_with_nulls_are_400_naming_the_element_and_write_nothing(string json, string field, string code)
    {
        var before = await _app.WithDbAsync(async db => (await db.NotificationOptOuts.CountAsync(), await db.AuditLog.CountAsync()));

        var response = await SendAsync(HttpMethod.Put, "/api/v1/me/notification-settings", json);

        await AssertRefusedAsync(response, field, code);
        Assert.That(await _app.WithDbAsync(async db => (await db.NotificationOptOuts.CountAsync(), await db.AuditLog.CountAsync())),
            Is.EqualTo(before), "nothing written");
    }

    [TestCase("title", "项目\u0000名称")]
    [TestCase("title", "项目\u0001名称")]
    [TestCase("title", "项目\n名称")]
    [TestCase("notes", "备注\u000b")]
    [TestCase("notes", "备注\u007f")]
    [TestCase("notes", "备注\u0085")]
    public async Task Deal_text_with_a_control_character_is_400_naming_the_field(string field, string text)
    {
        var company = await _client.CreateCompanyAsync();
        var body = Deal(company.Id);
        body[field] = text;
        var before = await _app.WithDbAsync(db => db.Deals.CountAsync());

        var response = await SendAsync(HttpMethod.Post, "/api/v1/deals", body.ToJsonString());

        await AssertRefusedAsync(response, field, "input.controlCharacter");
        Assert.That(await _app.WithDbAsync(db => db.Deals.CountAsync()), Is.EqualTo(before), "nothing written");
    }

    [Test]
    public async Task Multi_line_text_keeps_tabs_and_line_breaks()
    {
        var company = await _client.CreateCompanyAsync();
        var body = Deal(company.Id);
        body["notes"] = "第一行\r\n第二行\tend";

        var response = await SendAsync(HttpMethod.Post, "/api/v1/deals", body.ToJsonString());

        await response.EnsureSuccessAsync();
        Assert.That((await response.ReadAsync<JsonObject>())["notes"]!.GetValue<string>(), Is.EqualTo("第一行\r\n第二行\tend"));
    }

    [Test]
    public async Task A_null_tag_is_400_naming_the_element()
    {
        var company = await _client.CreateCompanyAsync();
        var body = Deal(company.Id);
        body["tags"] = new JsonArray("食品", null);

        await AssertRefusedAsync(await SendAsync(HttpMethod.Post, "/api/v1/deals", body.ToJsonString()), "tags[1]", "input.nullElement");
    }

    [Test]
    public async Task A_control_character_in_a_query_string_is_400_naming_it()
    {
        var response = await _client.GetAsync("/api/v1/companies?q=%E9%A3%9F%00");
        await AssertRefusedAsync(response, "q", "input.controlCharacter");
    }

    [Test]
    public async Task A_control_character_in_an_activity_summary_is_400_but_a_line_break_is_not()
    {
        var deal = await _client.CreateDealAsync();

        var refused = await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/activities",
            "{\"type\":\"Call\",\"occurredOn\":\"2026-06-01\",\"summary\":\"通话\\u0000\"}");
        var accepted = await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/activities",
            "{\"type\":\"Call\",\"occurredOn\":\"2026-06-01\",\"summary\":\"通话\\n约定下周考察\"}");

        await AssertRefusedAsync(refused, "summary", "input.controlCharacter");
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.Created), await accepted.Content.ReadAsStringAsync());
    }

    /// <summary>The pages ask the container for the same validators as the API's filter, so they get the shared rules too.</summary>
    [Test]
    public async Task The_validators_the_pages_get_run_the_shared_rules()
    {
        var validator = _app.Services.GetRequiredService<IValidator<Crm.Domain.Referrals.DeclineReferralInput>>();

        var refused = await validator.ValidateAsync(new Crm.Domain.Referrals.DeclineReferralInput { Reason = "重复\u0000推荐", Version = 1 });
        var multiLine = await validator.ValidateAsync(new Crm.Domain.Referrals.DeclineReferralInput { Reason = "重复推荐\n已有项目", Version = 1 });

        Assert.That(refused.Errors.Select(e => (e.PropertyName, e.ErrorCode)), Is.EqualTo(new[] { ("Reason", "input.controlCharacter") }));
        Assert.That(multiLine.IsValid, Is.True);
    }

    /// <summary>The shared rules run in the validators, so an input type without one would escape them.</summary>
    [Test]
    public void Every_api_body_and_query_record_has_a_validator()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true);
        var inputs = endpoints
            .SelectMany(e => e.Metadata.OfType<MethodInfo>().Take(1))
            .SelectMany(m => m.GetParameters())
            .Select(p => p.ParameterType)
            // Bodies and [AsParameters] records; services and contexts are classes, not records.
            .Where(t => t.Namespace?.StartsWith("Crm.", StringComparison.Ordinal) == true && t.GetMethod("<Clone>$") is not null)
            .Distinct()
            .ToList();
        Assert.That(inputs, Has.Count.GreaterThan(10), "the inputs were found");

        var missing = inputs.Where(t => _app.Services.GetService(typeof(IValidator<>).MakeGenericType(t)) is null).Select(t => t.Name);
        Assert.That(missing, Is.Empty, "API inputs without a validator");
    }

    private static JsonObject Deal(int companyId) => new()
    {
        ["title"] = "控制字符项目",
        ["companyId"] = companyId,
        ["source"] = "Desk",
        ["region"] = "PearlRiverDelta",
        ["segment"] = "Beverages",
    };

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string json) =>
        _client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    internal static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var problem = JsonNode.Parse(text)!;
        Assert.That(problem["codes"]?[field]?.AsArray().Select(c => c!.GetValue<string>()), Does.Contain(code), text);
        Assert.That(problem["errors"]?[field]?[0]?.GetValue<string>(), Is.Not.Empty, text);
    }
}
