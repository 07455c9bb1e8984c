using System.Globalization;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Auditing;

/// <summary>The deal and company pages' history: the audit rows of that record, in words, only for who may see it.</summary>
public sealed class RecordHistoryTests
{
    private static readonly CultureInfo Zh = CultureInfo.GetCultureInfo("zh-CN");

    private static async Task<IReadOnlyList<AuditRow>?> HistoryAsync(CrmApp app, TestUser user, string type, int id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var who = new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk);
        return await scope.ServiceProvider.GetRequiredService<AuditLogService>().RecordHistoryAsync(who, type, id, default);
    }

    [Test]
    public async Task A_stage_move_shows_on_the_deal_page_as_who_when_and_the_stage_from_to_in_the_pages_language()
    {
        using var app = new CrmApp();
        var (recruiter, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await client.CreateDealAsync(TestData.NewDeal((await client.CreateCompanyAsync()).Id, b => b.Desk = DeskCodes.Guangdong));
        await client.MoveAsync(deal, DealStage.Contacted, deal.LeadOn);

        var rows = await HistoryAsync(app, recruiter, "Deal", deal.Id);
        Assert.That(rows?.Select(r => r.Action), Is.EqualTo(new[] { AuditActions.MoveStage, AuditActions.Create }), "newest first");

        using var browser = await app.BrowserSignedInAsync(recruiter);
        // The text a reader sees: the page without its tags.
        var page = System.Text.RegularExpressions.Regex.Replace(await browser.PageAsync($"/deals/{deal.Id}"), "<[^>]+>", "");
        var line = $"{Catalogue.Text("Deal.Stage", Zh)}: {Catalogue.Text("DealStage.Lead", Zh)} → {Catalogue.Text("DealStage.Contacted", Zh)}";
        Assert.That(page, Does.Contain(Catalogue.Text("History.Title", Zh)));
        Assert.That(page, Does.Contain(line));
        Assert.That(page, Does.Contain(AuditDescriptions.Action(AuditActions.MoveStage, Zh)));
    }

    [Test]
    public async Task Another_desk_and_an_advisor_get_no_history_of_a_deal_and_the_company_history_is_the_registers()
    {
        using var app = new CrmApp();
        var (_, gd) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var company = await gd.CreateCompanyAsync();
        var deal = await gd.CreateDealAsync(TestData.NewDeal(company.Id, b => b.Desk = DeskCodes.Guangdong));
        var fj = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var advisor = await app.CreateUserAsync(Roles.Advisor);

        Assert.Multiple(async () =>
        {
            Assert.That(await HistoryAsync(app, fj, "Deal", deal.Id), Is.Null);
            Assert.That(await HistoryAsync(app, advisor, "Deal", deal.Id), Is.Null);
            Assert.That(await HistoryAsync(app, advisor, "Company", company.Id), Is.Null);
            // The register is shared (CompanyScope): every deal worker reads a company's history.
            Assert.That(await HistoryAsync(app, fj, "Company", company.Id), Is.Not.Empty);
            Assert.That(await HistoryAsync(app, fj, "User", 1), Is.Null, "only deals and companies have a page history");
        });

        using var browser = await app.BrowserSignedInAsync(fj);
        var page = await browser.PageAsync($"/deals/{deal.Id}");
        Assert.That(page, Does.Not.Contain(Catalogue.Text("History.Title", Zh)));
    }
}
