using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Demo;

public sealed class DemoSeedTests
{
    private static readonly Dictionary<string, string?> SeedOn = new() { ["Demo:Seed"] = "true" };

    [Test]
    public async Task Demo_seed_on_an_empty_database_fills_the_zone_of_the_plan()
    {
        using var app = new CrmApp(TestClock.AtNoon(), SeedOn);
        _ = app.Services;
        var today = TestClock.Today;

        await AssertDemoZoneAsync(app, today);

        var counts = await app.WithDbAsync(async db => (
            Deals: await db.Deals.CountAsync(), Users: await db.Users.CountAsync(), Changes: await db.StageChanges.CountAsync(),
            Activities: await db.Activities.CountAsync(), Companies: await db.Companies.CountAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(counts.Users, Is.EqualTo(13));
            Assert.That(counts.Deals, Is.GreaterThanOrEqualTo(55));
        });
        var zoneTargets = await app.WithDbAsync(db => db.QuarterTargets
            .Where(t => t.Year == today.Year && t.Scope == Crm.Domain.Targets.QuarterTarget.ZoneScope).Select(t => t.Signed).ToListAsync());
        Assert.That(zoneTargets.Sum(), Is.EqualTo(18), "the plan's 15–20 companies settling in the zone, spread over four quarters");

        // Seeding again, as a second start would, adds nothing.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }
        var again = await app.WithDbAsync(async db => (
            Deals: await db.Deals.CountAsync(), Users: await db.Users.CountAsync(), Changes: await db.StageChanges.CountAsync(),
            Activities: await db.Activities.CountAsync(), Companies: await db.Companies.CountAsync()));
        Assert.That(again, Is.EqualTo(counts));
    }

    [Test]
    public async Task A_demo_recruiter_signs_in_with_the_demo_password_and_sees_the_deals_of_the_desk()
    {
        using var app = new CrmApp(settings: SeedOn);
        var client = app.CreateClient();

        var response = await client.PostAsJsonAsync("/api/v1/auth/token",
            new { email = "gd.recruiter@zone.demo", password = DemoSeeder.DemoPassword });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(CrmApp.Json);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);

        var page = await client.GetFromJsonAsync<DealPage>("/api/v1/deals?pageSize=200", CrmApp.Json);
        Assert.That(page!.Items, Is.Not.Empty);
        Assert.That(page.Items.Select(d => d.Desk).Distinct(), Is.EqualTo(new[] { DeskCodes.Guangdong }));

        var wrong = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token",
            new { email = "gd.recruiter@zone.demo", password = DemoSeeder.DemoPassword + "x" });
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Without_demo_seed_nothing_is_seeded()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["Demo:Seed"] = "false" });
        _ = app.Services;

        var seeded = await app.WithDbAsync(async db => new[]
        {
            await db.Users.CountAsync(), await db.Deals.CountAsync(), await db.Companies.CountAsync(),
            await db.Organizations.CountAsync(), await db.Activities.CountAsync(),
        });
        Assert.That(seeded, Is.All.EqualTo(0));
        Assert.That(await app.WithDbAsync(db => db.Desks.CountAsync()), Is.EqualTo(4), "the desks are the zone's structure, not demo data");
    }

    [Test]
    public async Task Seeding_into_a_database_that_has_users_adds_nothing()
    {
        using var app = new CrmApp();
        await app.CreateUserAsync(Roles.Admin);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(CancellationToken.None);
        }

        Assert.That(await app.WithDbAsync(db => db.Users.CountAsync()), Is.EqualTo(1));
        Assert.That(await app.WithDbAsync(db => db.Deals.CountAsync()), Is.Zero);
    }

    /// <summary>The seed is dated from the zone's today: at the edges of the year and of a quarter it still keeps every rule.</summary>
    [TestCase("2027-01-01T00:30:00+08:00")]
    [TestCase("2027-01-02T10:00:00+08:00")]
    [TestCase("2026-04-01T09:00:00+08:00")]
    [TestCase("2026-12-31T23:30:00+08:00")]
    public async Task Demo_seed_keeps_every_rule_whatever_the_day(string zoneNow)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse(zoneNow, System.Globalization.CultureInfo.InvariantCulture));
        using var app = new CrmApp(time, SeedOn);
        _ = app.Services;

        await AssertDemoZoneAsync(app, time.ZoneToday());
    }

    private static async Task AssertDemoZoneAsync(CrmApp app, DateOnly today)
    {
        await app.WithDbAsync(async db =>
        {
            var desks = await db.Desks.Select(d => d.Code).ToListAsync();
            var userRoles = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, Role = r.Name! })
                .Join(db.Users, x => x.UserId, u => u.Id, (x, u) => new { x.Role, u.DeskCode, u.Email, u.Language })
                .ToListAsync();
            var deals = await db.Deals.AsNoTracking().Include(d => d.Company).ToListAsync();
            var history = (await db.StageChanges.AsNoTracking().ToListAsync()).ToLookup(s => s.DealId);
            var activities = (await db.Activities.AsNoTracking().ToListAsync()).ToLookup(a => a.DealId);
            var companies = await db.Companies.AsNoTracking().Include(c => c.Contacts).ToListAsync();
            var organizations = await db.Organizations.AsNoTracking().ToListAsync();

            Assert.Multiple(() =>
            {
                Assert.That(desks, Is.EquivalentTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice }));
                Assert.That(userRoles.Select(u => u.Role).Distinct(), Is.EquivalentTo(Roles.All), "one user per role at least");
                Assert.That(userRoles.Count(u => u.Role == Roles.Advisor), Is.EqualTo(5), "the plan's five advisors");
                Assert.That(userRoles.Where(u => u.Role == Roles.Recruiter).Select(u => u.DeskCode).Distinct(), Is.EquivalentTo(desks),
                    "a recruiter for every desk");
                Assert.That(userRoles.Select(u => u.Language).Distinct(), Is.EquivalentTo(new[] { "zh-CN", "en" }));
                Assert.That(organizations.Select(o => o.Kind).Distinct().Count(), Is.EqualTo(2), "hometown associations and chambers");

                Assert.That(deals, Has.Count.GreaterThanOrEqualTo(55));
                Assert.That(deals.Select(d => d.Stage).Distinct(), Is.EquivalentTo(Enum.GetValues<DealStage>()));
                Assert.That(deals.Select(d => d.Status).Distinct(), Is.EquivalentTo(Enum.GetValues<DealStatus>()));
                Assert.That(deals.Select(d => d.Source).Distinct(), Is.EquivalentTo(Enum.GetValues<DealSource>()));
                Assert.That(deals.Select(d => d.Region).Distinct(), Is.EquivalentTo(Enum.GetValues<Region>()));
                Assert.That(deals.Select(d => d.Segment).Distinct(), Is.EquivalentTo(Enum.GetValues<Segment>()));
                Assert.That(deals.Select(d => d.Company!.Tier).Distinct(), Is.EquivalentTo(Enum.GetValues<CompanyTier>()));
                Assert.That(deals.Select(d => d.DeskCode).Distinct(), Is.EquivalentTo(desks));
                Assert.That(deals.Count(d => d.IsExpansion), Is.InRange(1, 3));

                // The plan's headline figures: at least two signed projects of 5亿 or more.
                Assert.That(deals.Count(d => d.Stage.IsAfterSigning() && d.AgreedInvestmentYuan >= 500_000_000), Is.GreaterThanOrEqualTo(2));

                // Reminders: follow-ups due today, tomorrow and overdue by more than three days.
                var open = deals.Where(d => d.Status == DealStatus.Active).ToList();
                Assert.That(open.Count(d => d.NextFollowUpOn == today), Is.GreaterThan(0), "due today");
                Assert.That(open.Count(d => d.NextFollowUpOn == today.AddDays(1)), Is.GreaterThan(0), "due tomorrow");
                Assert.That(open.Count(d => d.NextFollowUpOn < today.AddDays(-3)), Is.GreaterThan(0), "overdue by more than 3 days");

                // Every quarter of the year so far has deals signed, started and producing.
                var yearStart = new DateOnly(today.Year, 1, 1);
                for (var quarterStart = yearStart; quarterStart <= today; quarterStart = quarterStart.AddMonths(3))
                {
                    var end = quarterStart.AddMonths(3);
                    foreach (var milestone in DealStages.Milestones)
                    {
                        var flows = history.SelectMany(h => h).Count(s => s.ToStage == milestone && s.FromStage != milestone
                            && s.EffectiveOn >= quarterStart && s.EffectiveOn < end);
                        Assert.That(flows, Is.GreaterThan(0), $"{milestone} in the quarter from {quarterStart}");
                    }
                }

                foreach (var deal in deals)
                {
                    AssertDeal(deal, [.. history[deal.Id].OrderBy(s => s.Id)], [.. activities[deal.Id]], today);
                }

                var codes = companies.Where(c => c.CreditCode is not null).Select(c => c.CreditCode!).ToList();
                Assert.That(codes, Has.Count.GreaterThanOrEqualTo(10));
                Assert.That(codes, Has.All.Matches<string>(CreditCode.IsValid), "credit codes carry a valid check character");
                Assert.That(companies, Has.All.Matches<Company>(c => c.Contacts.Count > 0), "every company has a contact");
            });
        });
    }

    private static void AssertDeal(Deal deal, List<StageChange> rows, List<Activity> activities, DateOnly today)
    {
        var name = $"{deal.Title} ({deal.Stage}/{deal.Status})";
        Assert.That(rows, Is.Not.Empty, name);
        Assert.That(rows[0].FromStage, Is.Null, $"{name}: the first row is the creation");
        Assert.That(rows[0].EffectiveOn, Is.EqualTo(deal.LeadOn), name);
        Assert.That(rows.Select(r => r.EffectiveOn), Is.Ordered, $"{name}: history in date order");
        Assert.That(rows.Select(r => r.EffectiveOn), Has.All.LessThanOrEqualTo(today), $"{name}: never in the future");
        Assert.That((rows[^1].ToStage, rows[^1].ToStatus), Is.EqualTo((deal.Stage, deal.Status)), $"{name}: history ends where the deal is");
        Assert.That(rows.Select(r => r.RecordedAt), Has.All.LessThan(ZoneTime.StartOfZoneDateUtc(today.AddDays(1))), $"{name}: recorded by today");

        if (deal.Stage.IsAfterSigning())
        {
            var signing = rows.Single(r => r.ToStage == DealStage.Signed && r.FromStage != DealStage.Signed);
            Assert.That(deal.SignedOn, Is.EqualTo(signing.EffectiveOn), $"{name}: signing date");
            Assert.That(deal.AgreedInvestmentYuan, Is.GreaterThan(0), $"{name}: agreed investment");
            Assert.That(deal.PlannedStartOn, Is.GreaterThan(signing.EffectiveOn), $"{name}: planned start after signing");
            Assert.That(deal.PlannedProductionOn, Is.GreaterThanOrEqualTo(deal.PlannedStartOn), $"{name}: planned production");
            Assert.That(deal.InvestmentYuan, Is.EqualTo(deal.AgreedInvestmentYuan), $"{name}: standing figure");
        }
        if (deal.Stage >= DealStage.Negotiating)
        {
            Assert.That(deal.EstimatedInvestmentYuan, Is.GreaterThan(0), $"{name}: estimated investment");
        }
        foreach (var milestone in DealStages.Milestones.Where(m => m <= deal.Stage))
        {
            Assert.That(rows.Any(r => r.ToStage == milestone && r.FromStage == milestone - 1), $"{name}: {milestone} recorded, not skipped");
        }

        Assert.That(deal.Source switch
        {
            DealSource.HometownAssociation or DealSource.BusinessAssociation => deal.OrganizationId is not null,
            DealSource.Advisor => deal.AdvisorId is not null,
            DealSource.EnterpriseReferral => deal.ReferringCompanyId is not null,
            _ => true,
        }, $"{name}: its source names who brought it");

        if (deal.Status == DealStatus.Active)
        {
            Assert.That(activities, Has.Count.InRange(2, 5), $"{name}: activities");
        }
        Assert.That(activities.Select(a => a.OccurredOn), Has.All.InRange(deal.LeadOn, today), $"{name}: activity dates");
        Assert.That(deal.LastActivityOn, Is.EqualTo(activities.Max(a => a.OccurredOn)), $"{name}: last activity");
        Assert.That(activities.Where(a => a.NextFollowUpOn is not null), Has.All.Matches<Activity>(a => a.NextFollowUpOn >= a.OccurredOn),
            $"{name}: a next step comes after the contact");
        Assert.That(deal.NextFollowUpOn, Is.EqualTo(activities.OrderBy(a => a.OccurredOn).ThenBy(a => a.Id).Last().NextFollowUpOn),
            $"{name}: the follow-up date is the last contact's next step");
        if (deal.Status is DealStatus.Lost or DealStatus.Withdrawn)
        {
            Assert.That(deal.StatusReason, Is.Not.Null.And.Not.Empty, $"{name}: reason");
            Assert.That(deal.NextFollowUpOn, Is.Null, $"{name}: a closed deal has no follow-up");
        }
        if (deal.Stage == DealStage.Lead)
        {
            Assert.That(activities.Select(a => a.Type), Has.All.EqualTo(ActivityType.Document), $"{name}: a lead has no contact yet");
        }
    }

    private sealed record TokenResponse(string AccessToken, string RefreshToken, long ExpiresIn);
}
