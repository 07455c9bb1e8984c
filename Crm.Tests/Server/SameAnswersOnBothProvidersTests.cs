using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Reviews;

namespace Crm.Tests.Server;

/// <summary>
/// One dataset built through the API on SQLite and on PostgreSQL, the same questions asked of both: the answers must be
/// the same, word for word (docs/decisions/0010-postgresql.md: PostgreSQL behaves as SQLite does). Each answer is
/// written as a line of a transcript, so a difference shows as the line that differs.
/// </summary>
[Category("Server")]
public sealed class SameAnswersOnBothProvidersTests
{
    private static readonly string[] Quarters = ["2026/Q1?expand=deals", "2026/Q2?expand=deals", "2026/Q1?desk=GD", "2026/Q2?desk=FJ&expand=deals"];

    [Test]
    public async Task The_quarterly_review_of_one_dataset_has_the_same_figures_on_PostgreSQL_as_on_SQLite()
    {
        var built = await Task.WhenAll(
            Task.Run(() => ReviewDataset.BuildAsync()),
            Task.Run(() => ReviewDataset.BuildAsync(time => PostgreSqlDatabase.OwnHost(time))));
        using var sqlite = built[0];
        using var postgres = built[1];

        var onSqlite = await ReviewsAsync(sqlite);
        var onPostgres = await ReviewsAsync(postgres);

        Assert.That(onPostgres, Is.EqualTo(onSqlite));
        // Not two empty answers: the figures QuarterReviewTests works out by hand (Q1: 5 signed, 20亿).
        var q1 = JsonNode.Parse(onPostgres[0])!;
        Assert.That((q1["zone"]!["signed"]!["actual"]!.GetValue<int>(), q1["zone"]!["signedInvestmentYuan"]!["actual"]!.GetValue<long>()),
            Is.EqualTo((5, 2_000_000_000L)));
    }

    [Test]
    public async Task Matching_sorting_and_keyset_pages_give_the_same_answers_on_PostgreSQL_as_on_SQLite()
    {
        var answers = await Task.WhenAll(
            Task.Run(() => TranscriptAsync(new CrmApp(TestClock.AtNoon()))),
            Task.Run(() => TranscriptAsync(PostgreSqlDatabase.OwnHost(TestClock.AtNoon()))));
        var (onSqlite, onPostgres) = (answers[0], answers[1]);

        TestContext.Out.WriteLine(string.Join(Environment.NewLine, onPostgres));
        Assert.That(onPostgres, Is.EqualTo(onSqlite));
        // What the product promises, on both (docs/decisions/0010): sign-in e-mails, credit codes and the duplicate
        // check ignore case; a name search matches as written; text sorts by code point (capitals first).
        Assert.That(onPostgres, Does.Contain("token MIXED.CASE@ZONE.TEST: OK").And.Contain("token mixed.case@zone.test: OK")
            .And.Contain("invite Mixed.CASE@zone.test: BadRequest email").And.Contain("company ACME FOODS CO: Conflict")
            .And.Contain("companies q=91350100m000100y43: Acme Foods Co")
            .And.Contain("companies q=Acme: Acme Foods Co | 深圳Acme食品有限公司").And.Contain("companies q=acme: acme dairy co")
            .And.Contain("companies q=foods: "));
    }

    private static async Task<List<string>> ReviewsAsync(ReviewDataset set)
    {
        var targets = await set.Manager.PutAsJsonAsync("/api/v1/targets/2026/Q1", new TargetsInput
        {
            Zone = new() { Signed = 4, Started = 4, Producing = 2, SignedInvestmentYuan = 2_500_000_000, MajorProjects = 2, TopTierCompanies = 1 },
            Desks = new() { ["GD"] = new() { Signed = 2, Started = 2, Producing = 1, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 1, TopTierCompanies = 1 } },
        }, CrmApp.Json);
        await targets.EnsureSuccessAsync();
        var keys = set.Deals.ToDictionary(d => d.Value.Id, d => d.Key);
        var reviews = new List<string>();
        foreach (var quarter in Quarters)
        {
            var review = JsonNode.Parse(await set.Manager.GetStringAsync($"/api/v1/reviews/{quarter}"))!;
            reviews.Add(Comparable(review, keys).ToJsonString());
        }
        return reviews;
    }

    /// <summary>
    /// The review with what differs by construction taken out: a deal's id becomes its dataset key (D1…), and the
    /// company's name, which the builders make unique per process, is dropped.
    /// </summary>
    private static JsonNode Comparable(JsonNode node, IReadOnlyDictionary<int, string> keys)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["id"] is JsonValue id && id.TryGetValue<int>(out var dealId) && o.ContainsKey("title"))
                {
                    o["id"] = keys.GetValueOrDefault(dealId, $"unknown {dealId}");
                    o.Remove("company");
                }
                foreach (var (_, child) in o.ToList())
                {
                    if (child is not null)
                    {
                        Comparable(child, keys);
                    }
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    if (child is not null)
                    {
                        Comparable(child, keys);
                    }
                }
                break;
        }
        return node;
    }

    /// <summary>Builds the same small zone in <paramref name="app"/> and writes down its answers to the same questions.</summary>
    private static async Task<List<string>> TranscriptAsync(CrmApp app)
    {
        using var _ = app;
        var lines = new List<string>();
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var gd = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);

        // Latin names in every case, a Chinese name with a Latin word, a credit code.
        string[] names = ["Acme Foods Co", "ACME Beverages Co", "acme dairy co", "Zeta Snacks Co", "beta Foods Co", "深圳Acme食品有限公司", "Ärzte Foods Co"];
        var investments = new long[] { 300_000_000, 100_000_000, 300_000_000, 500_000_000, 100_000_000, 200_000_000, 300_000_000 };
        for (var i = 0; i < names.Length; i++)
        {
            var company = await manager.CreateCompanyAsync(names[i], creditCode: i == 0 ? "91350100M000100Y43" : null, confirm: true);
            var index = i;
            await manager.CreateDealAsync(TestData.NewDeal(company.Id, b =>
            {
                b.Title = $"Project {index}";
                b.Desk = DeskCodes.Guangdong;
                b.OwnerId = gd.Id;
                b.EstimatedInvestmentYuan = investments[index];
                b.LeadOn = TestClock.Today.AddDays(-(index % 3));
                b.NextFollowUpOn = index % 3 == 0 ? null : TestClock.Today.AddDays(index % 2);
            }), confirm: true);
        }

        foreach (var q in new[] { "Acme", "acme", "ACME", "Foods", "foods", "深圳acme", "91350100m000100y43", "91350100M000100Y43", "ärzte", "Ärzte" })
        {
            var found = await manager.GetFromJsonAsync<List<CompanyResponse>>($"/api/v1/companies?q={Uri.EscapeDataString(q)}", CrmApp.Json);
            lines.Add($"companies q={q}: {string.Join(" | ", found!.Select(c => c.Name))}");
        }
        foreach (var q in new[] { "acme", "Acme", "Project" })
        {
            var page = await manager.GetFromJsonAsync<DealPage>($"/api/v1/deals?q={Uri.EscapeDataString(q)}&sort=company", CrmApp.Json);
            lines.Add($"deals q={q}: {string.Join(" | ", page!.Items.Select(d => d.Title))}");
        }
        foreach (var sort in new[] { "company", "-company", "investment", "-investment", "leadOn", "-leadOn", "followUp", "-followUp", "updated" })
        {
            var pages = new List<string>();
            string? cursor = null;
            do
            {
                var page = await manager.GetFromJsonAsync<DealPage>($"/api/v1/deals?pageSize=2&sort={sort}" + (cursor is null ? "" : $"&cursor={cursor}"), CrmApp.Json);
                pages.Add(string.Join(", ", page!.Items.Select(d => d.Title)));
                cursor = page.NextCursor;
            }
            while (cursor is not null && pages.Count < 10);
            lines.Add($"pages sort={sort}: {string.Join(" / ", pages)}");
        }

        // A second registration of a name in other capitals is a likely duplicate; an e-mail in other capitals is taken.
        var again = await manager.PostAsJsonAsync("/api/v1/companies", new CompanyInput { Name = "ACME FOODS CO" }, CrmApp.Json);
        lines.Add($"company ACME FOODS CO: {again.StatusCode}");
        var user = await admin.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = "Mixed.Case@Zone.test", DisplayName = "Émile", Role = Roles.Manager, Password = CrmApp.Password }, CrmApp.Json);
        lines.Add($"invite Mixed.Case@Zone.test: {user.StatusCode}");
        foreach (var email in new[] { "Mixed.CASE@zone.test" })
        {
            var taken = await admin.PostAsJsonAsync("/api/v1/users",
                new NewUserInput { Email = email, DisplayName = "another", Role = Roles.Manager, Password = CrmApp.Password }, CrmApp.Json);
            var problem = taken.StatusCode == HttpStatusCode.BadRequest ? JsonNode.Parse(await taken.Content.ReadAsStringAsync())!["errors"]!.AsObject() : null;
            lines.Add($"invite {email}: {taken.StatusCode} {string.Join(",", problem?.Select(e => e.Key) ?? [])}");
        }
        foreach (var email in new[] { "Mixed.Case@Zone.test", "MIXED.CASE@ZONE.TEST", "mixed.case@zone.test" })
        {
            var token = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email, password = CrmApp.Password });
            lines.Add($"token {email}: {token.StatusCode}");
        }
        var people = await admin.GetFromJsonAsync<List<UserResponse>>("/api/v1/users", CrmApp.Json);
        lines.Add($"users: {string.Join(" | ", people!.Select(u => u.DisplayName))}");
        return lines;
    }
}
