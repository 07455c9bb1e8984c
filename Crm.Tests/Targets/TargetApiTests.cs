using System.Net;
using System.Net.Http.Json;

using Crm.Domain.Desks;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Targets;

public sealed class TargetApiTests
{
    private static readonly TargetFigures Q1 = new()
    {
        Signed = 5,
        Started = 3,
        Producing = 2,
        SignedInvestmentYuan = 900_000_000,
        MajorProjects = 1,
        TopTierCompanies = 1,
    };

    [Test]
    public async Task Manager_sets_a_quarter_and_every_deal_worker_reads_it()
    {
        using var app = new CrmApp();
        var (manager, managerClient) = await app.SignedInAsync(Roles.Manager);
        var (_, recruiter) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var (_, admin) = await app.SignedInAsync(Roles.Admin);

        var put = await managerClient.PutAsJsonAsync("/api/v1/targets/2026/Q1", new TargetsInput
        {
            Zone = Q1,
            Desks = new() { ["GD"] = Q1 with { Signed = 2 }, ["fj"] = Q1 with { Signed = 1 } },
        }, CrmApp.Json);
        await put.EnsureSuccessAsync();
        // A second PUT that names only GD leaves the zone and FJ as they were.
        var adminPut = await admin.PutAsJsonAsync("/api/v1/targets/2026/Q1", new TargetsInput { Desks = new() { ["GD"] = Q1 with { Signed = 4 } } }, CrmApp.Json);
        await adminPut.EnsureSuccessAsync();

        var read = await recruiter.GetFromJsonAsync<QuarterTargets>("/api/v1/targets/2026/Q1", CrmApp.Json);
        var otherQuarter = await recruiter.GetFromJsonAsync<QuarterTargets>("/api/v1/targets/2026/Q2", CrmApp.Json);
        var audits = await app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == TargetService.AuditEntity).ToListAsync());
        Assert.Multiple(() =>
        {
            Assert.That(read!.Zone, Is.EqualTo(Q1));
            Assert.That(read.Desks["GD"].Signed, Is.EqualTo(4));
            Assert.That(read.Desks["FJ"].Signed, Is.EqualTo(1));
            Assert.That(read.Desks["BJ"], Is.EqualTo(TargetFigures.Zero));
            Assert.That(otherQuarter!.Zone, Is.EqualTo(TargetFigures.Zero));
            Assert.That(audits, Has.Count.EqualTo(2));
            Assert.That(audits[0].EntityId, Is.EqualTo("2026-Q1"));
            Assert.That(audits[0].UserId, Is.EqualTo(manager.Id));
            Assert.That(audits[1].Before, Does.Contain("\"signed\":2"));
            Assert.That(audits[1].After, Does.Contain("\"signed\":4"));
        });
    }

    [Test]
    public async Task Recruiter_cannot_set_targets_and_advisor_cannot_read_them()
    {
        using var app = new CrmApp();
        var (_, recruiter) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, advisor) = await app.SignedInAsync(Roles.Advisor);
        var body = new TargetsInput { Zone = Q1 };

        var recruiterPut = await recruiter.PutAsJsonAsync("/api/v1/targets/2026/Q1", body, CrmApp.Json);
        var recruiterPlan = await recruiter.PutAsJsonAsync("/api/v1/targets/2026/plan", body, CrmApp.Json);
        var advisorGet = await advisor.GetAsync("/api/v1/targets/2026/Q1");
        var anonymous = await app.CreateClient().GetAsync("/api/v1/targets/2026/Q1");
        var stored = await app.WithDbAsync(db => db.QuarterTargets.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(recruiterPut.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(recruiterPlan.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(advisorGet.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(stored, Is.Zero);
        });
    }

    [Test]
    public async Task Annual_plan_is_split_equally_with_the_remainder_to_the_earliest_quarters_and_stays_editable()
    {
        using var app = new CrmApp();
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var plan = await manager.PutAsJsonAsync("/api/v1/targets/2026/plan", new TargetsInput
        {
            Zone = new() { Signed = 18, Started = 12, Producing = 10, SignedInvestmentYuan = 3_600_000_003, MajorProjects = 2, TopTierCompanies = 3 },
            Desks = new() { ["BJ"] = new() { Signed = 5 } },
        }, CrmApp.Json);
        await plan.EnsureSuccessAsync();
        var quarters = await plan.ReadAsync<List<QuarterTargets>>();

        var edit = await manager.PutAsJsonAsync("/api/v1/targets/2026/Q3", new TargetsInput
        {
            Zone = quarters[2].Zone with { Signed = 6 },
        }, CrmApp.Json);
        await edit.EnsureSuccessAsync();
        var q3 = await manager.GetFromJsonAsync<QuarterTargets>("/api/v1/targets/2026/Q3", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(quarters.Select(q => q.Zone.Signed), Is.EqualTo(new[] { 5, 5, 4, 4 }));
            Assert.That(quarters.Select(q => q.Zone.Started), Is.EqualTo(new[] { 3, 3, 3, 3 }));
            Assert.That(quarters.Select(q => q.Zone.Producing), Is.EqualTo(new[] { 3, 3, 2, 2 }));
            Assert.That(quarters.Select(q => q.Zone.SignedInvestmentYuan), Is.EqualTo(new[] { 900_000_001L, 900_000_001L, 900_000_001L, 900_000_000L }));
            Assert.That(quarters.Select(q => q.Zone.MajorProjects), Is.EqualTo(new[] { 1, 1, 0, 0 }));
            Assert.That(quarters.Select(q => q.Zone.TopTierCompanies), Is.EqualTo(new[] { 1, 1, 1, 0 }));
            Assert.That(quarters.Select(q => q.Desks["BJ"].Signed), Is.EqualTo(new[] { 2, 1, 1, 1 }));
            Assert.That(q3!.Zone.Signed, Is.EqualTo(6));
            Assert.That(q3.Zone.Producing, Is.EqualTo(2));
        });
    }

    [TestCase("/api/v1/targets/2026/Q1", """{"zone":{"signed":-1}}""", "zone.signed")]
    [TestCase("/api/v1/targets/2026/Q1", """{"desks":{"XX":{"signed":1}}}""", "desks.XX")]
    [TestCase("/api/v1/targets/2026/Q1", """{}""", "zone")]
    [TestCase("/api/v1/targets/2026/Q1", """{"zone":{"signed":"many"}}""", "signed")]
    [TestCase("/api/v1/targets/2026/Q0", """{"zone":{"signed":1}}""", "quarter")]
    [TestCase("/api/v1/targets/3000/plan", """{"zone":{"signed":1}}""", "year")]
    public async Task Bad_targets_are_400_naming_the_field_and_nothing_is_stored(string url, string json, string field)
    {
        using var app = new CrmApp();
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var response = await manager.PutAsync(url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        var stored = await app.WithDbAsync(db => db.QuarterTargets.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(body, Does.Contain(field));
            Assert.That(stored, Is.Zero);
        });
    }

    [Test]
    public async Task Demo_seed_carries_the_plans_annual_figures_spread_over_the_quarters()
    {
        using var app = new CrmApp();
        await app.WithDbAsync(db => TargetsSeed.SeedAsync(db, 2026, DateTime.UtcNow, CancellationToken.None));
        await app.WithDbAsync(db => TargetsSeed.SeedAsync(db, 2026, DateTime.UtcNow, CancellationToken.None));
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var quarters = new List<QuarterTargets>();
        for (var q = 1; q <= 4; q++)
        {
            quarters.Add((await manager.GetFromJsonAsync<QuarterTargets>($"/api/v1/targets/2026/Q{q}", CrmApp.Json))!);
        }
        Assert.Multiple(() =>
        {
            Assert.That(quarters.Sum(q => q.Zone.Signed), Is.EqualTo(18));
            Assert.That(quarters.Sum(q => q.Zone.Producing), Is.EqualTo(10));
            Assert.That(quarters.Sum(q => q.Zone.MajorProjects), Is.EqualTo(2));
            Assert.That(quarters.Sum(q => q.Zone.TopTierCompanies), Is.EqualTo(2));
            Assert.That(quarters.Sum(q => q.Zone.SignedInvestmentYuan), Is.EqualTo(3_600_000_000));
            Assert.That(quarters.Sum(q => q.Desks["GD"].Signed), Is.EqualTo(6));
        });
    }
}
