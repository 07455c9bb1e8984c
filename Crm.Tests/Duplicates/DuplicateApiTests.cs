using System.Net;
using System.Net.Http.Json;
using Crm.Api.Duplicates;
using Crm.Domain.Companies;
using Crm.Domain.Duplicates;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Duplicates;

/// <summary>The duplicate check looks across every desk, and tells others only "desk X since date Y".</summary>
public sealed class DuplicateApiTests
{
    [Test]
    public async Task Recruiter_creating_a_company_another_desk_follows_is_told_desk_and_date_without_the_deal()
    {
        using var app = new CrmApp();
        var (gdUser, gd) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (_, fj) = await app.SignedInAsync(Roles.Recruiter, "FJ");
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var nestle = await gd.CreateCompanyAsync("雀巢（中国）有限公司");
        var deal = await gd.CreateDealAsync(TestData.NewDeal(nestle.Id, d => d.Title = "雀巢乳品二期"));

        // The notice's sentence is in the request's language; the default is the zone's.
        var chinese = await (await fj.PostAsJsonAsync("/api/v1/companies", new CompanyInput { Name = "雀巢有限公司" }, CrmApp.Json)).ReadAsync<DuplicateProblem>();
        Assert.That(chinese.Duplicates.Single(n => n.Kind == DuplicateKind.Deal).Message,
            Is.EqualTo($"企业名称相同：GD 小组自 {deal.LeadOn:yyyy-MM-dd} 起已在跟进。"));
        fj.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await fj.PostAsJsonAsync("/api/v1/companies", new CompanyInput { Name = "雀巢有限公司" }, CrmApp.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var raw = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadAsync<DuplicateProblem>();
        Assert.Multiple(() =>
        {
            Assert.That(problem.Rule, Is.EqualTo(DuplicateEndpoints.PossibleDuplicateRule));
            Assert.That(problem.Matches, Is.Null);
            var notice = problem.Duplicates.Single(n => n.Kind == DuplicateKind.Deal);
            Assert.That(notice.Desk, Is.EqualTo("GD"));
            Assert.That(notice.Since, Is.EqualTo(deal.LeadOn));
            Assert.That(notice.Level, Is.EqualTo(DuplicateLevel.Strong));
            Assert.That(notice.Message, Does.Contain($"already followed by desk GD since {deal.LeadOn:yyyy-MM-dd}"));
            Assert.That(raw, Does.Not.Contain("雀巢乳品二期").And.Not.Contain(gdUser.Id).And.Not.Contain("雀巢（中国）"));
        });
        Assert.That((await fj.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "Still out of FJ's scope.");

        // A Manager sees the full match.
        var managerTry = await manager.PostAsJsonAsync("/api/v1/companies", new CompanyInput { Name = "雀巢有限公司" }, CrmApp.Json);
        var full = await managerTry.ReadAsync<DuplicateProblem>();
        Assert.That(full.Matches!.Single(m => m.Kind == DuplicateKind.Deal).Id, Is.EqualTo(deal.Id));

        // Confirmed, the company is registered.
        var confirmed = await fj.PostAsJsonAsync("/api/v1/companies?confirm=true", new CompanyInput { Name = "雀巢有限公司" }, CrmApp.Json);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Deal_on_a_company_another_desk_pursues_needs_confirmation()
    {
        using var app = new CrmApp();
        var (_, gd) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (_, fj) = await app.SignedInAsync(Roles.Recruiter, "FJ");
        var company = await gd.CreateCompanyAsync("李锦记（中国）销售有限公司");
        var gdDeal = await gd.CreateDealAsync(TestData.NewDeal(company.Id));

        fj.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var refused = await fj.PostAsJsonAsync("/api/v1/deals", TestData.NewDeal(company.Id), CrmApp.Json);
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var problem = await refused.ReadAsync<DuplicateProblem>();
        Assert.That(problem.Duplicates.Single().Message, Does.Contain($"desk GD since {gdDeal.LeadOn:yyyy-MM-dd}"));

        // The own desk's second deal (an expansion) is not a cross-desk duplicate.
        var sameDesk = await gd.PostAsJsonAsync("/api/v1/deals", TestData.NewDeal(company.Id, d => d.IsExpansion = true), CrmApp.Json);
        Assert.That(sameDesk.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var confirmed = await fj.PostAsJsonAsync("/api/v1/deals?confirm=true", TestData.NewDeal(company.Id), CrmApp.Json);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.Created));
    }

    [Test]
    public async Task Check_finds_similar_names_and_credit_codes_in_sql_and_redacts_for_recruiters()
    {
        using var app = new CrmApp();
        var (_, gd) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (_, fj) = await app.SignedInAsync(Roles.Recruiter, "FJ");
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var zhou = await gd.CreateCompanyAsync("周氏蜂蜜制品有限公司");
        await gd.CreateDealAsync(TestData.NewDeal(zhou.Id));
        for (var i = 0; i < 20; i++)
        {
            await gd.PostAsJsonAsync("/api/v1/companies?confirm=true", new CompanyInput { Name = $"无关食品{i}号{Guid.NewGuid():N}" }, CrmApp.Json);
        }

        var report = await manager.GetFromJsonAsync<DuplicateReport>($"/api/v1/duplicates?name={Uri.EscapeDataString("周氏蜂蜜制品厂")}", CrmApp.Json);
        var match = report!.Matches!.Single();
        Assert.Multiple(() =>
        {
            Assert.That(match.Level, Is.EqualTo(DuplicateLevel.Possible));
            Assert.That(match.CompanyId, Is.EqualTo(zhou.Id));
            Assert.That(match.Similarity, Is.GreaterThanOrEqualTo(DuplicateDetector.SimilarityThreshold));
        });

        var forRecruiter = await fj.GetFromJsonAsync<DuplicateReport>($"/api/v1/duplicates?name={Uri.EscapeDataString("周氏蜂蜜制品厂")}", CrmApp.Json);
        Assert.That(forRecruiter!.Matches, Is.Null);
        Assert.That(forRecruiter.Duplicates.Single().Desk, Is.EqualTo("GD"));

        var byCode = await manager.GetFromJsonAsync<DuplicateReport>("/api/v1/duplicates?creditCode=91350100M000100Y43", CrmApp.Json);
        Assert.That(byCode!.Matches, Is.Empty);
    }

    [Test]
    public async Task Manager_merges_a_duplicate_company_its_deals_and_contacts_move_along()
    {
        using var app = new CrmApp();
        var (_, gd) = await app.SignedInAsync(Roles.Recruiter, "GD");
        var (managerUser, manager) = await app.SignedInAsync(Roles.Manager);
        var keep = await gd.CreateCompanyAsync("嘉吉投资（中国）有限公司");
        var dupResponse = await gd.PostAsJsonAsync("/api/v1/companies?confirm=true", new CompanyInput
        {
            Name = "嘉吉投资有限公司",
            Contacts = [new ContactInput { Name = "陈经理", Phone = "020-12345678" }],
        }, CrmApp.Json);
        var duplicate = await dupResponse.ReadAsync<CompanyResponse>();
        var deal = await gd.CreateDealAsync(TestData.NewDeal(duplicate.Id));

        Assert.That((await gd.PostAsync($"/api/v1/companies/{duplicate.Id}/merge-into/{keep.Id}", null)).StatusCode,
            Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await manager.PostAsync($"/api/v1/companies/{duplicate.Id}/merge-into/{duplicate.Id}", null)).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
        var merged = await manager.PostAsync($"/api/v1/companies/{duplicate.Id}/merge-into/{keep.Id}", null);
        await merged.EnsureSuccessAsync();
        var survivor = await merged.ReadAsync<CompanyResponse>();

        Assert.That(survivor.Contacts.Select(c => c.Name), Does.Contain("陈经理"));
        Assert.That((await gd.GetAsync($"/api/v1/companies/{duplicate.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var moved = await gd.GetFromJsonAsync<Crm.Domain.Deals.DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(moved!.CompanyId, Is.EqualTo(keep.Id));
        Assert.That(moved.Version, Is.EqualTo(deal.Version + 1));
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(e => e.EntityType == nameof(Company) && e.Action == CompanyMergeService.MergeAction)
            .Select(e => new { e.EntityId, e.UserId, e.After }).SingleAsync());
        Assert.That(audit.EntityId, Is.EqualTo(duplicate.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(audit.UserId, Is.EqualTo(managerUser.Id));
        Assert.That(audit.After, Does.Contain(deal.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class ReferralOpenApiTests
{
    [Test]
    public async Task OpenApi_document_describes_the_referral_and_duplicate_routes()
    {
        using var app = new CrmApp();
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.That(document, Does.Contain("/api/v1/referrals/{id}/accept")
            .And.Contain("/api/v1/companies/{id}/merge-into/{targetId}")
            .And.Contain("/api/v1/referrals/results"));
    }
}
