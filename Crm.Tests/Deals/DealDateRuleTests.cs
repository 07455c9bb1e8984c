using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Security;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Deals;

/// <summary>
/// Every date of a deal input holds the 2000-01-01 floor on its own, whatever the other fields are: a rule that
/// compares two dates must not switch the floor off when the other date is missing.
/// </summary>
public sealed class DealDateRuleTests
{
    private const string Ancient = "0001-01-01";

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

    private static readonly string[] DealDates = ["plannedStartOn", "plannedProductionOn", "nextFollowUpOn"];

    public static IEnumerable<TestCaseData> CreateDates() =>
        DealDates.Append("leadOn").Select(field => new TestCaseData(field).SetName($"Create_with_{field}_0001_alone_is_400"));

    [TestCaseSource(nameof(CreateDates))]
    public async Task Create_with_an_ancient_date_alone_is_400_and_writes_nothing(string field)
    {
        var company = await _client.CreateCompanyAsync();
        var body = Deal(company.Id);
        body[field] = Ancient;
        var before = await _app.WithDbAsync(db => db.Deals.CountAsync());

        await HostileInputTests.AssertRefusedAsync(await SendAsync(HttpMethod.Post, "/api/v1/deals", body), field, "GreaterThanOrEqualValidator");
        Assert.That(await _app.WithDbAsync(db => db.Deals.CountAsync()), Is.EqualTo(before), "nothing written");
    }

    public static IEnumerable<TestCaseData> UpdateDates() =>
        DealDates.Select(field => new TestCaseData(field).SetName($"Update_with_{field}_0001_alone_is_400"));

    [TestCaseSource(nameof(UpdateDates))]
    public async Task Update_with_an_ancient_date_alone_is_400_and_changes_nothing(string field)
    {
        var deal = await _client.CreateDealAsync();
        var body = Deal(deal.CompanyId);
        body["version"] = deal.Version;
        body[field] = Ancient;

        await HostileInputTests.AssertRefusedAsync(await SendAsync(HttpMethod.Put, $"/api/v1/deals/{deal.Id}", body), field, "GreaterThanOrEqualValidator");
        await AssertUnchangedAsync(deal);
    }

    [TestCase("effectiveOn", "{\"stage\":\"Contacted\",\"effectiveOn\":\"0001-01-01\",\"version\":V}")]
    [TestCase("plannedStartOn", "{\"stage\":\"Contacted\",\"effectiveOn\":\"2026-06-01\",\"version\":V,\"plannedStartOn\":\"0001-01-01\"}")]
    [TestCase("plannedProductionOn", "{\"stage\":\"Contacted\",\"effectiveOn\":\"2026-06-01\",\"version\":V,\"plannedProductionOn\":\"0001-01-01\"}")]
    public async Task Stage_move_with_an_ancient_date_alone_is_400_and_changes_nothing(string field, string json)
    {
        var deal = await _client.CreateDealAsync();
        var body = JsonNode.Parse(json.Replace("V", deal.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

        await HostileInputTests.AssertRefusedAsync(await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/stage", body), field, "GreaterThanOrEqualValidator");
        await AssertUnchangedAsync(deal);
    }

    [Test]
    public async Task Status_change_with_an_ancient_date_is_400()
    {
        var deal = await _client.CreateDealAsync();
        var body = new JsonObject { ["status"] = "Dormant", ["version"] = deal.Version, ["effectiveOn"] = Ancient };

        await HostileInputTests.AssertRefusedAsync(await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/status", body), "effectiveOn", "GreaterThanOrEqualValidator");
        await AssertUnchangedAsync(deal);
    }

    [TestCase("occurredOn", "{\"type\":\"Call\",\"occurredOn\":\"0001-01-01\",\"summary\":\"x\"}")]
    [TestCase("nextFollowUpOn", "{\"type\":\"Call\",\"occurredOn\":\"0001-01-01\",\"summary\":\"x\",\"nextFollowUpOn\":\"0001-01-01\"}")]
    public async Task Activity_with_an_ancient_date_is_400_naming_it(string field, string json)
    {
        var deal = await _client.CreateDealAsync();
        var before = await _app.WithDbAsync(db => db.Activities.CountAsync());

        await HostileInputTests.AssertRefusedAsync(await SendAsync(HttpMethod.Post, $"/api/v1/deals/{deal.Id}/activities", JsonNode.Parse(json)!.AsObject()),
            field, "GreaterThanOrEqualValidator");
        Assert.That(await _app.WithDbAsync(db => db.Activities.CountAsync()), Is.EqualTo(before), "nothing written");
    }

    private static JsonObject Deal(int companyId) => new()
    {
        ["title"] = "日期规则项目",
        ["companyId"] = companyId,
        ["source"] = "Desk",
        ["region"] = "PearlRiverDelta",
        ["segment"] = "Beverages",
    };

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, JsonObject body) =>
        _client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") });

    private async Task AssertUnchangedAsync(DealResponse deal)
    {
        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.Multiple(() =>
        {
            Assert.That(stored.Version, Is.EqualTo(deal.Version));
            Assert.That(stored.PlannedStartOn, Is.EqualTo(deal.PlannedStartOn));
            Assert.That(stored.PlannedProductionOn, Is.EqualTo(deal.PlannedProductionOn));
        });
    }
}
