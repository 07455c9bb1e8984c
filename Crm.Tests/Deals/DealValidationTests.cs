using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Deals;

/// <summary>Bad input on every deal write route: 400 ProblemDetails naming the field, never 500, nothing written.</summary>
public sealed class DealValidationTests
{
    private CrmApp _app = null!;
    private HttpClient _client = null!;
    private int _companyId;

    private static DateOnly Today => TestClock.Today;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        _companyId = (await _client.CreateCompanyAsync()).Id;
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private JsonObject ValidDeal() => new()
    {
        ["title"] = "统全食品项目",
        ["companyId"] = _companyId,
        ["source"] = "Desk",
        ["region"] = "PearlRiverDelta",
        ["segment"] = "Beverages",
        ["estimatedInvestmentYuan"] = 300_000_000,
    };

    public static IEnumerable<TestCaseData> BadDeals()
    {
        static TestCaseData Case(string name, string field, Func<JsonObject, string> body) => new TestCaseData(field, body).SetName($"Create_{name}_is_400_naming_{field}");
        yield return Case("empty_body", "body", _ => "");
        yield return Case("malformed_json", "body", _ => "{\"title\": \"x\",");
        yield return Case("json_array", "body", _ => "[1,2]");
        yield return Case("title_as_number", "title", d => With(d, "title", 5));
        yield return Case("companyId_as_text", "companyId", d => With(d, "companyId", "seven"));
        yield return Case("missing_title", "title", d => Without(d, "title"));
        yield return Case("blank_title", "title", d => With(d, "title", "   "));
        yield return Case("overlong_title", "title", d => With(d, "title", new string('项', FieldLengths.Name + 1)));
        yield return Case("unknown_source_name", "source", d => With(d, "source", "Telepathy"));
        yield return Case("source_as_number", "source", d => With(d, "source", 1));
        yield return Case("region_as_number", "region", d => With(d, "region", 99));
        yield return Case("negative_investment", "estimatedInvestmentYuan", d => With(d, "estimatedInvestmentYuan", -1));
        yield return Case("absurd_investment", "estimatedInvestmentYuan", d => With(d, "estimatedInvestmentYuan", 1_000_000_000_000_000));
        yield return Case("investment_beyond_long", "estimatedInvestmentYuan", d => With(d, "estimatedInvestmentYuan", 1e30));
        yield return Case("fractional_yuan", "estimatedInvestmentYuan", d => With(d, "estimatedInvestmentYuan", 1.5));
        yield return Case("negative_land", "landMu", d => With(d, "landMu", -3));
        yield return Case("negative_jobs", "jobsExpected", d => With(d, "jobsExpected", -3));
        yield return Case("lead_in_the_future", "leadOn", d => With(d, "leadOn", ZoneDates.Show(Today.AddDays(1))));
        yield return Case("impossible_date", "leadOn", d => With(d, "leadOn", "2026-02-30"));
        yield return Case("ancient_date", "leadOn", d => With(d, "leadOn", "1900-01-01"));
        yield return Case("unknown_company", "companyId", d => With(d, "companyId", 999_999));
        yield return Case("association_without_organisation", "organizationId", d => With(d, "source", "HometownAssociation"));
        yield return Case("too_many_tags", "tags", d => With(d, "tags", new JsonArray(Enumerable.Range(0, 21).Select(i => (JsonNode)$"t{i}").ToArray())));
        yield return Case("overlong_notes", "notes", d => With(d, "notes", new string('x', FieldLengths.LongText + 1)));
    }

    [TestCaseSource(nameof(BadDeals))]
    public async Task Create_with_bad_input_is_400_naming_the_field_and_writes_nothing(string field, Func<JsonObject, string> body)
    {
        var before = await CountsAsync();
        var response = await SendAsync(HttpMethod.Post, "/api/v1/deals", body(ValidDeal()));
        await AssertNamesAsync(response, field);
        Assert.That(await CountsAsync(), Is.EqualTo(before), "nothing written");
    }

    [Test]
    public async Task Create_accepts_sql_script_emoji_and_mixed_scripts_as_plain_text()
    {
        const string title = "'; DROP TABLE Deals;-- <script>alert(1)</script> 🍜 康师傅 Master Kong";
        var response = await SendAsync(HttpMethod.Post, "/api/v1/deals", With(ValidDeal(), "title", title));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That((await response.ReadAsync<DealResponse>()).Title, Is.EqualTo(title));
    }

    public static IEnumerable<TestCaseData> BadMoves()
    {
        static TestCaseData Case(string name, string field, string json) => new TestCaseData(field, json).SetName($"Stage_{name}_is_400_naming_{field}");
        yield return Case("empty_body", "body", "");
        yield return Case("unknown_stage", "stage", "{\"stage\":\"Finished\",\"effectiveOn\":\"2026-01-01\",\"version\":1}");
        yield return Case("stage_as_number", "stage", "{\"stage\":2,\"effectiveOn\":\"2026-01-01\",\"version\":1}");
        yield return Case("future_date", "effectiveOn", $"{{\"stage\":\"Contacted\",\"effectiveOn\":\"{Today.AddDays(2):yyyy-MM-dd}\",\"version\":1}}");
        yield return Case("missing_version", "version", "{\"stage\":\"Contacted\",\"effectiveOn\":\"2026-01-01\"}");
        yield return Case("negative_agreed", "agreedInvestmentYuan", "{\"stage\":\"Signed\",\"effectiveOn\":\"2026-01-01\",\"version\":1,\"agreedInvestmentYuan\":-5}");
        yield return Case("overlong_note", "note", $"{{\"stage\":\"Contacted\",\"effectiveOn\":\"2026-01-01\",\"version\":1,\"note\":\"{new string('x', FieldLengths.Note + 1)}\"}}");
    }

    [TestCaseSource(nameof(BadMoves))]
    public async Task Stage_move_with_bad_input_is_400_naming_the_field(string field, string json)
    {
        var deal = await _client.CreateDealAsync();
        var response = await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/stage", json);
        await AssertNamesAsync(response, field);
        await AssertUnchangedAsync(deal);
    }

    [TestCase("{\"status\":\"Gone\",\"version\":1}", "status")]
    [TestCase("{\"status\":1,\"version\":1}", "status")]
    [TestCase("{\"status\":\"Dormant\",\"version\":0}", "version")]
    [TestCase("{\"status\":\"Dormant\",\"version\":1,\"effectiveOn\":\"2999-01-01\"}", "effectiveOn")]
    public async Task Status_change_with_bad_input_is_400_naming_the_field(string json, string field)
    {
        var deal = await _client.CreateDealAsync();
        await AssertNamesAsync(await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/status", json), field);
        await AssertUnchangedAsync(deal);
    }

    [Test]
    public async Task Update_with_bad_input_is_400_naming_the_field()
    {
        var deal = await _client.CreateDealAsync();
        var body = ValidDeal();
        body["version"] = deal.Version;
        body["title"] = "";
        await AssertNamesAsync(await SendAsync(HttpMethod.Put, $"/api/v1/deals/{deal.Id}", body.ToJsonString()), "title");
        body["title"] = "ok";
        body["agreedInvestmentYuan"] = 5;
        await AssertNamesAsync(await SendAsync(HttpMethod.Put, $"/api/v1/deals/{deal.Id}", body.ToJsonString()), "agreedInvestmentYuan");
        await AssertUnchangedAsync(deal);
    }

    [TestCase("{\"type\":\"Telepathy\",\"occurredOn\":\"2026-01-01\",\"summary\":\"x\"}", "type")]
    [TestCase("{\"type\":\"Call\",\"occurredOn\":\"2999-01-01\",\"summary\":\"x\"}", "occurredOn")]
    [TestCase("{\"type\":\"Call\",\"occurredOn\":\"2026-01-01\",\"summary\":\"\"}", "summary")]
    [TestCase("{\"type\":\"Call\",\"occurredOn\":\"2026-01-01\",\"summary\":\"x\",\"nextFollowUpOn\":\"2025-12-31\"}", "nextFollowUpOn")]
    [TestCase("{\"type\":\"Call\",\"summary\":\"x\"}", "occurredOn")]
    public async Task Activity_with_bad_input_is_400_naming_the_field(string json, string field)
    {
        var deal = await _client.CreateDealAsync();
        await AssertNamesAsync(await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/activities", json), field);
        Assert.That(await _app.WithDbAsync(db => db.Activities.CountAsync(a => a.DealId == deal.Id)), Is.Zero);
        await AssertUnchangedAsync(deal);
    }

    private async Task AssertUnchangedAsync(DealResponse deal)
    {
        var stored = await _client.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That((stored!.Version, stored.Stage, stored.Status, stored.Title), Is.EqualTo((deal.Version, deal.Stage, deal.Status, deal.Title)));
    }

    internal static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Has.Some.StartsWith(field), text);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string json) =>
        _client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private Task<(int Deals, int Changes, int Audit)> CountsAsync() => _app.WithDbAsync(async db =>
        (await db.Deals.CountAsync(), await db.StageChanges.CountAsync(), await db.AuditLog.CountAsync()));

    private static string With(JsonObject body, string name, JsonNode? value)
    {
        body[name] = value;
        return body.ToJsonString();
    }

    private static string Without(JsonObject body, string name)
    {
        body.Remove(name);
        return body.ToJsonString();
    }
}
