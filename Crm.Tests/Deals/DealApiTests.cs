using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Activities;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Deals;

/// <summary>Every deal route's happy path through the real host, with its history and audit rows.</summary>
public abstract class DealApiTests
{
    private CrmApp _app = null!;
    private TestUser _recruiter = null!;
    private HttpClient _client = null!;
    private HttpClient _manager = null!;

    private static DateOnly Today => TestClock.Today;

    /// <summary>The host the tests run on: SQLite (<see cref="SqliteDealApiTests"/>), PostgreSQL in the Server category's subclass.</summary>
    protected virtual CrmApp NewHost(TimeProvider time) => new(time);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = NewHost(TestClock.AtNoon());
        (_recruiter, _client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Create_answers_201_with_location_and_the_deal()
    {
        var company = await _client.CreateCompanyAsync("美丹食品有限公司" + TestData.Unique(""));
        var input = TestData.NewDeal(company.Id, b => { b.Title = "美丹饼干生产基地"; b.NextFollowUpOn = Today.AddDays(7); });

        var response = await _client.PostAsJsonAsync("/api/v1/deals", input, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await response.ReadAsync<DealResponse>();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/deals/{created.Id}"));
        var fetched = await _client.GetFromJsonAsync<DealResponse>(response.Headers.Location, CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(fetched!.Title, Is.EqualTo("美丹饼干生产基地"));
            Assert.That(fetched.Stage, Is.EqualTo(DealStage.Lead));
            Assert.That(fetched.Status, Is.EqualTo(DealStatus.Active));
            Assert.That(fetched.Version, Is.EqualTo(1));
            Assert.That(fetched.Desk, Is.EqualTo(DeskCodes.Guangdong));
            Assert.That(fetched.OwnerId, Is.EqualTo(_recruiter.Id));
            Assert.That(fetched.CompanyId, Is.EqualTo(company.Id));
            Assert.That(fetched.CompanyName, Is.EqualTo(company.Name));
            Assert.That(fetched.LeadOn, Is.EqualTo(Today));
            Assert.That(fetched.NextFollowUpOn, Is.EqualTo(Today.AddDays(7)));
            Assert.That(fetched.EstimatedInvestmentYuan, Is.EqualTo(300_000_000));
            Assert.That(fetched.InvestmentYuan, Is.EqualTo(300_000_000));
            Assert.That(fetched.Contacts, Is.Not.Null);
        });
        var audit = await AuditOfAsync(created.Id);
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { AuditActions.Create }));
        Assert.That(audit[0].UserId, Is.EqualTo(_recruiter.Id));
        Assert.That(audit[0].Before, Is.Null);
        Assert.That(audit[0].After, Does.Contain("美丹饼干生产基地"));
    }

    [Test]
    public async Task Update_saves_the_facts_bumps_the_version_and_audits_before_and_after()
    {
        var deal = await _client.CreateDealAsync();
        var input = UpdateOf(deal) with
        {
            Title = "贝德食品二期",
            EstimatedInvestmentYuan = 450_000_000,
            LandMu = 120.5m,
            JobsExpected = 300,
            Tags = ["重点", "  重点 ", "冷链"],
            Notes = "园区东区地块",
            Region = Region.BohaiRim,
            Segment = Segment.Dairy,
        };

        var response = await _client.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", input, CrmApp.Json);

        await response.EnsureSuccessAsync();
        var updated = await response.ReadAsync<DealResponse>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Version, Is.EqualTo(deal.Version + 1));
            Assert.That(updated.Title, Is.EqualTo("贝德食品二期"));
            Assert.That(updated.InvestmentYuan, Is.EqualTo(450_000_000));
            Assert.That(updated.LandMu, Is.EqualTo(120.5m));
            Assert.That(updated.JobsExpected, Is.EqualTo(300));
            Assert.That(updated.Tags, Is.EqualTo(new[] { "重点", "冷链" }));
            Assert.That(updated.Region, Is.EqualTo(Region.BohaiRim));
            Assert.That(updated.Segment, Is.EqualTo(Segment.Dairy));
        });
        var audit = (await AuditOfAsync(deal.Id)).Single(a => a.Action == AuditActions.Update);
        Assert.That(audit.Before, Does.Contain(deal.Title));
        Assert.That(audit.After, Does.Contain("贝德食品二期"));
    }

    [Test]
    public async Task Stage_and_status_changes_are_recorded_in_history_and_audit()
    {
        var deal = await _client.CreateDealAsync();
        var moved = await _client.MoveAsync(deal, DealStage.Negotiating, Today, note: "选址考察");
        var status = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
            new StatusChangeInput { Status = DealStatus.Dormant, Reason = "企业预算冻结", Version = moved.Version }, CrmApp.Json);
        await status.EnsureSuccessAsync();
        var dormant = await status.ReadAsync<DealResponse>();

        var history = await _client.GetFromJsonAsync<List<StageChangeResponse>>($"/api/v1/deals/{deal.Id}/history", CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(moved.Stage, Is.EqualTo(DealStage.Negotiating));
            Assert.That(moved.Version, Is.EqualTo(2));
            Assert.That(dormant.Status, Is.EqualTo(DealStatus.Dormant));
            Assert.That(dormant.StatusReason, Is.EqualTo("企业预算冻结"));
            Assert.That(dormant.Version, Is.EqualTo(3));
            Assert.That(history!.Select(h => (h.FromStage, h.ToStage, h.FromStatus, h.ToStatus)), Is.EqualTo(new (DealStage?, DealStage, DealStatus, DealStatus)[]
            {
                (null, DealStage.Lead, DealStatus.Active, DealStatus.Active),
                (DealStage.Lead, DealStage.Negotiating, DealStatus.Active, DealStatus.Active),
                (DealStage.Negotiating, DealStage.Negotiating, DealStatus.Active, DealStatus.Dormant),
            }));
            Assert.That(history!.Select(h => h.ById), Has.All.EqualTo(_recruiter.Id));
            Assert.That(history!.Select(h => h.ByName), Has.All.Not.Null);
            Assert.That(history!.Select(h => h.EffectiveOn), Has.All.EqualTo(Today));
            Assert.That(history![1].Note, Is.EqualTo("选址考察"));
            Assert.That(history![2].Note, Is.EqualTo("企业预算冻结"));
        });
        var actions = (await AuditOfAsync(deal.Id)).Select(a => a.Action);
        Assert.That(actions, Is.EqualTo(new[] { AuditActions.Create, AuditActions.MoveStage, AuditActions.ChangeStatus }));
    }

    [Test]
    public async Task A_project_met_months_ago_is_entered_with_its_real_dates()
    {
        var company = await _client.CreateCompanyAsync();
        var deal = await _client.CreateDealAsync(TestData.NewDeal(company.Id, b => b.LeadOn = Today.AddDays(-200)));
        deal = await _client.MoveAsync(deal, DealStage.Contacted, Today.AddDays(-180));
        deal = await _client.MoveAsync(deal, DealStage.Negotiating, Today.AddDays(-120));
        deal = await _client.MoveAsync(deal, DealStage.Signed, Today.AddDays(-60), agreed: 520_000_000,
            plannedStart: Today.AddDays(-30), plannedProduction: Today.AddDays(200));
        deal = await _client.MoveAsync(deal, DealStage.Started, Today.AddDays(-28));

        Assert.Multiple(() =>
        {
            Assert.That(deal.LeadOn, Is.EqualTo(Today.AddDays(-200)));
            Assert.That(deal.SignedOn, Is.EqualTo(Today.AddDays(-60)));
            Assert.That(deal.StartedOn, Is.EqualTo(Today.AddDays(-28)));
            Assert.That(deal.AgreedInvestmentYuan, Is.EqualTo(520_000_000));
            Assert.That(deal.InvestmentYuan, Is.EqualTo(520_000_000));
        });
        var history = await _client.GetFromJsonAsync<List<StageChangeResponse>>($"/api/v1/deals/{deal.Id}/history", CrmApp.Json);
        Assert.That(history!.Select(h => h.EffectiveOn), Is.EqualTo(new[]
        {
            Today.AddDays(-200), Today.AddDays(-180), Today.AddDays(-120), Today.AddDays(-60), Today.AddDays(-28),
        }));
    }

    [Test]
    public async Task Illegal_stage_move_is_422_with_the_rule_and_changes_nothing()
    {
        var deal = await _client.CreateDealAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new StageMoveInput { Stage = DealStage.Started, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json").Or.EqualTo("application/json"));
        var problem = await response.ReadAsync<JsonObject>();
        Assert.That(problem["rule"]?.GetValue<string>(), Is.EqualTo("stage.skipsMilestone"));
        Assert.That(problem["status"]?.GetValue<int>(), Is.EqualTo(422));
        var stored = await _client.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That((stored!.Stage, stored.Version), Is.EqualTo((DealStage.Lead, deal.Version)));
    }

    [TestCase("backward", "stage.backwardNeedsManager")]
    [TestCase("lostWithoutReason", "reason.required")]
    public async Task Recruiter_refusals_carry_the_rule_code(string what, string rule)
    {
        var deal = await _client.CreateDealAsync();
        deal = await _client.MoveAsync(deal, DealStage.Contacted, Today);
        var response = what == "backward"
            ? await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
                new StageMoveInput { Stage = DealStage.Lead, EffectiveOn = Today, Version = deal.Version, Note = "mistake" }, CrmApp.Json)
            : await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
                new StatusChangeInput { Status = DealStatus.Lost, Version = deal.Version }, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.ReadAsync<JsonObject>())["rule"]?.GetValue<string>(), Is.EqualTo(rule));
    }

    [Test]
    public async Task Manager_moves_back_and_reactivates_with_a_reason()
    {
        var deal = await _client.CreateDealAsync();
        deal = await _client.MoveAsync(deal, DealStage.Negotiating, Today);
        var lost = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
            new StatusChangeInput { Status = DealStatus.Lost, Reason = "选择了邻市", Version = deal.Version }, CrmApp.Json);
        deal = await lost.ReadAsync<DealResponse>();

        var back = await _manager.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
            new StatusChangeInput { Status = DealStatus.Active, Reason = "企业重新洽谈", Version = deal.Version }, CrmApp.Json);
        await back.EnsureSuccessAsync();
        deal = await back.ReadAsync<DealResponse>();
        var moved = await _manager.MoveAsync(deal, DealStage.Contacted, Today, note: "重新接洽");

        Assert.That((moved.Stage, moved.Status), Is.EqualTo((DealStage.Contacted, DealStatus.Active)));
    }

    [Test]
    public async Task Stale_version_is_409_with_the_current_deal_and_nothing_saved()
    {
        var deal = await _client.CreateDealAsync();
        var first = await _client.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", UpdateOf(deal) with { Title = "first" }, CrmApp.Json);
        await first.EnsureSuccessAsync();

        var stale = await _client.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", UpdateOf(deal) with { Title = "second" }, CrmApp.Json);
        var staleMove = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new StageMoveInput { Stage = DealStage.Contacted, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json);
        var staleStatus = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
            new StatusChangeInput { Status = DealStatus.Dormant, Version = deal.Version }, CrmApp.Json);

        Assert.That(new[] { stale.StatusCode, staleMove.StatusCode, staleStatus.StatusCode }, Has.All.EqualTo(HttpStatusCode.Conflict));
        var current = await stale.ReadAsync<DealResponse>();
        Assert.That((current.Title, current.Version), Is.EqualTo(("first", 2L)));
        var stored = await _client.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That((stored!.Title, stored.Version, stored.Stage, stored.Status), Is.EqualTo(("first", 2L, DealStage.Lead, DealStatus.Active)));
    }

    [Test]
    public async Task Fifty_concurrent_updates_with_one_version_one_wins_and_49_get_409()
    {
        var deal = await _client.CreateDealAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _app.ClientForAsync(_recruiter)));

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            clients[i % clients.Length].PutAsJsonAsync($"/api/v1/deals/{deal.Id}", UpdateOf(deal) with { Title = $"writer {i}" }, CrmApp.Json)));

        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.That(codes.Count(c => c == HttpStatusCode.OK), Is.EqualTo(1), string.Join(",", codes.Distinct()));
        Assert.That(codes.Count(c => c == HttpStatusCode.Conflict), Is.EqualTo(49));
        var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<DealResponse>();
        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        await Assert.MultipleAsync(async () =>
        {
            Assert.That(stored.Version, Is.EqualTo(deal.Version + 1));
            Assert.That(stored.Title, Is.EqualTo(winner.Title));
            Assert.That((await AuditOfAsync(deal.Id)).Count(a => a.Action == AuditActions.Update), Is.EqualTo(1));
        });
        foreach (var loser in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Take(3))
        {
            var body = await loser.ReadAsync<DealResponse>();
            Assert.That(body.Id, Is.EqualTo(deal.Id), "a 409 carries the current deal");
        }
    }

    [Test]
    public async Task Activity_sets_the_next_follow_up_and_first_contact_moves_lead_to_contacted()
    {
        var deal = await _client.CreateDealAsync();

        var response = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities",
            new ActivityInput { Type = ActivityType.Visit, OccurredOn = Today, Summary = "拜访企业总部", NextFollowUpOn = Today.AddDays(10) }, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var activity = await response.ReadAsync<ActivityResponse>();
        Assert.That(activity.ByName, Is.Not.Null.And.Not.Empty, "the answer names who logged it, as the list does");
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/deals/{deal.Id}/activities/{activity.Id}"));
        var stored = await _client.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(stored!.NextFollowUpOn, Is.EqualTo(Today.AddDays(10)));
            Assert.That(stored.LastActivityOn, Is.EqualTo(Today));
            Assert.That(stored.Stage, Is.EqualTo(DealStage.Contacted));
            Assert.That(stored.Version, Is.EqualTo(deal.Version + 1));
        });

        var second = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities",
            new ActivityInput { Type = ActivityType.WeChat, OccurredOn = Today, Summary = "微信确认考察时间" }, CrmApp.Json);
        await second.EnsureSuccessAsync();
        var list = await _client.GetFromJsonAsync<List<ActivityResponse>>($"/api/v1/deals/{deal.Id}/activities", CrmApp.Json);
        Assert.That(list!.Select(a => a.Summary), Is.EqualTo(new[] { "微信确认考察时间", "拜访企业总部" }));
        Assert.That(list!.Select(a => a.ByName), Has.All.Not.Null);
        var history = await _client.GetFromJsonAsync<List<StageChangeResponse>>($"/api/v1/deals/{deal.Id}/history", CrmApp.Json);
        Assert.That(history!.Select(h => h.ToStage), Is.EqualTo(new[] { DealStage.Lead, DealStage.Contacted }), "only the first contact moves the deal");
    }

    [Test]
    public async Task A_document_is_not_a_contact_and_leaves_a_lead_at_lead()
    {
        var deal = await _client.CreateDealAsync();
        var response = await _client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities",
            new ActivityInput { Type = ActivityType.Document, OccurredOn = Today, Summary = "项目简介归档" }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        var stored = await _client.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.Stage, Is.EqualTo(DealStage.Lead));
    }

    [Test]
    public async Task Desks_and_organizations_are_listed()
    {
        var desks = await _client.GetFromJsonAsync<List<JsonObject>>("/api/v1/desks", CrmApp.Json);
        var organizations = await _client.GetAsync("/api/v1/organizations");
        Assert.That(desks!.Select(d => d["code"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice }));
        Assert.That(desks!.Select(d => d["name"]!.GetValue<string>()), Has.All.Not.Empty);
        Assert.That(organizations.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await organizations.ReadAsync<JsonArray>(), Is.Not.Null);
    }

    internal static DealUpdateInput UpdateOf(DealResponse deal) => new()
    {
        Title = deal.Title,
        CompanyId = deal.CompanyId,
        Source = deal.Source,
        OrganizationId = deal.OrganizationId,
        AdvisorId = deal.AdvisorId,
        ReferringCompanyId = deal.ReferringCompanyId,
        Region = deal.Region,
        Segment = deal.Segment,
        IsExpansion = deal.IsExpansion,
        EstimatedInvestmentYuan = deal.EstimatedInvestmentYuan,
        AgreedInvestmentYuan = deal.AgreedInvestmentYuan,
        PlannedStartOn = deal.PlannedStartOn,
        PlannedProductionOn = deal.PlannedProductionOn,
        LandMu = deal.LandMu,
        JobsExpected = deal.JobsExpected,
        NextFollowUpOn = deal.NextFollowUpOn,
        Tags = deal.Tags.ToList(),
        Notes = deal.Notes,
        Version = deal.Version,
    };

    private Task<List<AuditEntry>> AuditOfAsync(int dealId) => _app.WithDbAsync(db => db.AuditLog.AsNoTracking()
        .Where(a => a.EntityType == nameof(Deal) && a.EntityId == dealId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .OrderBy(a => a.Id).ToListAsync());
}

/// <summary>The tests of <see cref="DealApiTests"/> on SQLite.</summary>
public sealed class SqliteDealApiTests : DealApiTests;
