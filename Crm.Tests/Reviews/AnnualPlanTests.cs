using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Plans;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Reviews;

/// <summary>
/// The year's plan of the hand-built <see cref="ReviewDataset"/> on 2026-05-15. First signed in 2026: D1 (6亿, a Fortune
/// Global 500 company, GD), D2 (2亿, GD), D4 (1亿, FJ, an expansion of D3's China Top 500 company), D5 (3亿, GD), D6 (8亿,
/// FJ, withdrawn since), D9 (4亿, GD); D3 signed in 2025 and is not in the year. Producing in 2026: D1 (05-10).
/// </summary>
[NonParallelizable]
public sealed class AnnualPlanTests
{
    private ReviewDataset _set = null!;

    [OneTimeSetUp]
    public async Task BuildAsync() => _set = await ReviewDataset.BuildAsync();

    [OneTimeTearDown]
    public void TearDown() => _set.Dispose();

    private static PlanGoalLine Goal(AnnualPlan plan, PlanGoal goal) => plan.Goals.Single(g => g.Goal == goal);

    [Test]
    public async Task The_goals_of_the_work_plan_against_their_targets_per_desk_with_the_deals_behind_them()
    {
        var put = await _set.Manager.PutAsJsonAsync("/api/v1/plans/2026/goals", new AnnualGoalsInput
        {
            Targets = new Dictionary<PlanGoal, int>
            {
                [PlanGoal.TopTierCompanies] = 2,
                [PlanGoal.MajorProjects] = 2,
                [PlanGoal.AboutThreeHundredMillion] = 5,
                [PlanGoal.CompaniesSettled] = 15,
                [PlanGoal.BuiltAndProducing] = 10,
            },
        }, CrmApp.Json);
        await put.EnsureSuccessAsync();
        var plan = (await _set.Manager.GetFromJsonAsync<AnnualPlan>("/api/v1/plans/2026", CrmApp.Json))!;
        var (_, recruiter) = await _set.App.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var bad = await _set.Manager.PutAsJsonAsync("/api/v1/plans/2026/goals", new { targets = new Dictionary<string, int> { ["MajorProjects"] = -1 } }, CrmApp.Json);
        var byRecruiter = await recruiter.PutAsJsonAsync("/api/v1/plans/2026/goals", new AnnualGoalsInput { Targets = new Dictionary<PlanGoal, int>() }, CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(plan.AsOf, Is.EqualTo(new DateOnly(2026, 5, 15)));
            // Top-tier: the Fortune company (D1) and the China Top 500 company (D4): 2 companies, met.
            Assert.That((Goal(plan, PlanGoal.TopTierCompanies).Actual, Goal(plan, PlanGoal.TopTierCompanies).Gap), Is.EqualTo((2, (int?)0)));
            Assert.That(Goal(plan, PlanGoal.TopTierCompanies).ByDesk, Is.EquivalentTo(new Dictionary<string, int>
            {
                [DeskCodes.Guangdong] = 1,
                [DeskCodes.Fujian] = 1,
                [DeskCodes.Beijing] = 0,
                [DeskCodes.ZoneOffice] = 0,
            }), "every desk has a column");
            // ≥ 5亿: D1 6亿 and D6 8亿 (withdrawn after signing: it was signed in the year).
            Assert.That(Goal(plan, PlanGoal.MajorProjects).Deals.Select(d => d.Id), Is.EquivalentTo(new[] { _set.Id("D1"), _set.Id("D6") }));
            // 2.5亿 ≤ x < 5亿: D5 3亿, D9 4亿; target 5, 3 to go.
            Assert.That(Goal(plan, PlanGoal.AboutThreeHundredMillion).Deals.Select(d => d.Id), Is.EquivalentTo(new[] { _set.Id("D5"), _set.Id("D9") }));
            Assert.That(Goal(plan, PlanGoal.AboutThreeHundredMillion).Gap, Is.EqualTo(3));
            // Companies settled: every signing but D4 (an expansion of a company already in the zone): 5; 10 to go.
            Assert.That((Goal(plan, PlanGoal.CompaniesSettled).Actual, Goal(plan, PlanGoal.CompaniesSettled).Gap), Is.EqualTo((5, (int?)10)));
            Assert.That(Goal(plan, PlanGoal.CompaniesSettled).ByDesk[DeskCodes.Guangdong], Is.EqualTo(4), "D1, D2, D5, D9");
            Assert.That(Goal(plan, PlanGoal.CompaniesSettled).ByDesk[DeskCodes.Fujian], Is.EqualTo(1), "D6");
            // Built and producing: D1.
            Assert.That((Goal(plan, PlanGoal.BuiltAndProducing).Actual, Goal(plan, PlanGoal.BuiltAndProducing).Target), Is.EqualTo((1, (int?)10)));
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(byRecruiter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Key_project_lists_show_what_each_deal_still_lacks_in_the_readers_scope()
    {
        async Task<int> List(string name, KeyListAim aim, DateOnly due, params string[] deals)
        {
            var created = await _set.Manager.PostAsJsonAsync("/api/v1/plans/2026/lists", new KeyListInput { Name = name, Aim = aim, DueOn = due }, CrmApp.Json);
            await created.EnsureSuccessAsync();
            var id = (await created.ReadAsync<KeyListView>()).Id;
            foreach (var key in deals)
            {
                await (await _set.Manager.PostAsJsonAsync($"/api/v1/plans/lists/{id}/deals", new KeyEntryInput { DealId = _set.Id(key) }, CrmApp.Json))
                    .EnsureSuccessAsync();
            }
            return id;
        }

        var reserved = await List("储备大项目", KeyListAim.Signed, new(2026, 3, 31), "D2", "D7", "D2");
        var producing = await List("年度投产项目", KeyListAim.Producing, new(2026, 12, 31), "D1", "D9");
        var intention = await List("重点意向企业", KeyListAim.FollowedUp, new(2026, 12, 31), "D3", "D7");
        var taken = await _set.Manager.PostAsJsonAsync("/api/v1/plans/2026/lists",
            new KeyListInput { Name = "储备大项目", Aim = KeyListAim.Started, DueOn = new(2026, 6, 30) }, CrmApp.Json);
        var noDeal = await _set.Manager.PostAsJsonAsync($"/api/v1/plans/lists/{reserved}/deals", new KeyEntryInput { DealId = 999_999 }, CrmApp.Json);
        var (_, fj) = await _set.App.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var byRecruiter = await fj.PostAsJsonAsync($"/api/v1/plans/lists/{reserved}/deals", new KeyEntryInput { DealId = _set.Id("D3") }, CrmApp.Json);

        var plan = (await _set.Manager.GetFromJsonAsync<AnnualPlan>("/api/v1/plans/2026", CrmApp.Json))!;
        var fjPlan = (await fj.GetFromJsonAsync<AnnualPlan>("/api/v1/plans/2026", CrmApp.Json))!;
        KeyEntryView Entry(int list, string key) => plan.Lists.Single(l => l.Id == list).Entries.Single(e => e.DealId == _set.Id(key));
        var takenField = (await taken.ReadAsync<JsonObject>())["errors"]!.AsObject().Select(p => p.Key).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(plan.Lists.Select(l => l.Id), Is.EqualTo(new[] { reserved, producing, intention }), "by due date");
            // Reserved projects, to sign by 31 March: D2 signed that day (once, though added twice); D7 still negotiating, overdue.
            Assert.That(plan.Lists[0].Entries.Select(e => e.DealId), Is.EqualTo(new[] { _set.Id("D2"), _set.Id("D7") }));
            Assert.That((plan.Lists[0].Total, plan.Lists[0].Reached), Is.EqualTo((2, 1)));
            Assert.That((Entry(reserved, "D2").Reached, Entry(reserved, "D2").ReachedOn), Is.EqualTo((true, (DateOnly?)new DateOnly(2026, 3, 31))));
            Assert.That((Entry(reserved, "D7").Lacks, Entry(reserved, "D7").Overdue), Is.EqualTo((new[] { DealStage.Signed }, true)));
            // To produce this year: D1 produced on 05-10; D9 (signed) lacks start and production, not yet due.
            Assert.That(Entry(producing, "D1").ReachedOn, Is.EqualTo(new DateOnly(2026, 5, 10)));
            Assert.That((Entry(producing, "D9").Lacks, Entry(producing, "D9").Overdue), Is.EqualTo((new[] { DealStage.Started, DealStage.Producing }, false)));
            // Followed closely: D3 visited 05-10 (within 14 days), D7 never since it came in.
            Assert.That((Entry(intention, "D3").Reached, Entry(intention, "D7").Reached), Is.EqualTo((true, false)));
            Assert.That(takenField, Is.EqualTo(new[] { "name" }), "the field as the API names it");
            Assert.That(noDeal.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(byRecruiter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            // The Fujian recruiter sees the lists with their desk's deals only (D3), and their desk's goals.
            Assert.That(fjPlan.Desk, Is.EqualTo(DeskCodes.Fujian));
            Assert.That(fjPlan.Lists.SelectMany(l => l.Entries).Select(e => e.DealId), Is.EqualTo(new[] { _set.Id("D3") }));
            Assert.That(fjPlan.Goals.Single(g => g.Goal == PlanGoal.MajorProjects).Deals.Select(d => d.Id), Is.EqualTo(new[] { _set.Id("D6") }));
        });
    }
}
