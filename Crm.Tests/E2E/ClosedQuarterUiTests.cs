using System.Globalization;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// A closed quarter on the review page: a manager closes the quarter that ended (the test clock moved past its end),
/// the page shows the reported figures and who closed it; a later supplementary agreement shows beside the reported
/// figure with who and when; a manager has no reopen button, an Admin reopens it and the audit log says so.
/// </summary>
public sealed class ClosedQuarterUiTests : BrowserTest
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    protected override ViewportSize Viewport => new() { Width = 1440, Height = 900 };

    private DateOnly Today => ZoneTime.ToZoneDate(Time.GetUtcNow().UtcDateTime);

    private async Task<ClosedQuarterView?> ClosedAsync(TestUser user, QuarterPeriod quarter)
    {
        await using var scope = Server.Services.CreateAsyncScope();
        var current = new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk);
        var result = await scope.ServiceProvider.GetRequiredService<ClosedQuarterService>()
            .GetAsync(current, quarter.Year, quarter.Quarter, null, CancellationToken.None);
        return ((ServiceResult<ClosedQuarterView?>.Ok)result).Value;
    }

    /// <summary>Opens the review at <paramref name="quarter"/> through the page's own year and quarter fields.</summary>
    private async Task OpenQuarterAsync(QuarterPeriod quarter)
    {
        await GotoAsync("/reviews");
        await Assertions.Expect(Page.Locator("[data-testid=review-figures]")).ToBeVisibleAsync();
        if (quarter.Year != Today.Year)
        {
            var year = Page.Locator("[data-testid=review-year] input, input[data-testid=review-year]").First;
            await year.FillAsync(quarter.Year.ToString(CultureInfo.InvariantCulture));
            await year.PressAsync("Tab");
        }
        await Page.ClickAsync("[data-testid=review-quarter]");
        await Page.Locator(".mud-popover-open .mud-list-item").Nth(quarter.Quarter - 1).ClickAsync();
        await Assertions.Expect(Page.Locator("[data-testid=review-period]")).ToContainTextAsync(ZoneDates.Show(quarter.Start));
    }

    private Task ConfirmAsync(string button) =>
        Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();

    [Test]
    public async Task A_manager_closes_an_ended_quarter_a_later_amendment_shows_beside_it_and_only_an_admin_reopens()
    {
        // Signed in the running quarter, which then ends: the clock moves to the next quarter's first day.
        var quarter = QuarterPeriod.Of(Today);
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fj) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var amended = await gd.SignedOnAsync(DeskCodes.Guangdong, "关账页面项目", Today);
        await gd.SignedOnAsync(DeskCodes.Guangdong, "关账页面项目", Today);
        await fj.SignedOnAsync(DeskCodes.Fujian, "关账页面项目", Today);
        Time.Advance(TimeSpan.FromDays(quarter.End.AddDays(1).DayNumber - Today.DayNumber));
        Assert.That(quarter.HasEndedBy(Today), "the quarter has ended");
        var manager = await Server.CreateUserAsync(Roles.Manager, name: "关账经理");

        await SignInAsync(manager);
        await OpenQuarterAsync(quarter);
        await Assertions.Expect(Page.Locator("[data-testid=open-quarter]")).ToBeVisibleAsync();
        await Page.ClickAsync("[data-testid=close-quarter]");
        await ConfirmAsync("季度关账");
        await Assertions.Expect(Page.Locator("[data-testid=closed-banner]")).ToContainTextAsync("关账经理");
        await Assertions.Expect(Page.Locator("[data-testid=closed-no-changes]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=close-quarter]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-testid=reopen-quarter]")).ToHaveCountAsync(0);

        var closed = (await ClosedAsync(manager, quarter))!;
        Assert.That(closed.ClosedBy, Is.EqualTo("关账经理"));
        Assert.That(closed.Reported.Signed.Actual, Is.GreaterThanOrEqualTo(3), "the three signings are reported");
        await Assertions.Expect(Page.Locator($"[data-testid=figure-{nameof(FigureSet.Signed)}]"))
            .ToHaveTextAsync(closed.Reported.Signed.Actual.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(Page.Locator($"[data-testid=figure-{nameof(FigureSet.SignedInvestmentYuan)}]"))
            .ToHaveTextAsync(AmountFormat.Amount(closed.Reported.SignedInvestmentYuan.Actual, Chinese));

        // A supplementary agreement raises one counted deal from 3亿 to 4亿, by another manager, later that day.
        Time.Advance(TimeSpan.FromMinutes(20));
        var (amender, amenderClient) = await Server.SignedInAsync(Roles.Manager);
        var deal = (await amenderClient.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{amended.Id}", CrmApp.Json))!;
        await (await amenderClient.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", Update(deal, agreed: 400_000_000), CrmApp.Json)).EnsureSuccessAsync();
        var amenderName = await Server.WithDbAsync(db => db.Users.Where(u => u.Id == amender.Id).Select(u => u.DisplayName).SingleAsync());

        await OpenQuarterAsync(quarter);
        var reported = closed.Reported.SignedInvestmentYuan.Actual;
        // The summary keeps the reported amount; the corrections table sets today's beside it (in 万元, as its name says).
        var figure = Page.Locator($"[data-testid=closed-figure][data-figure={nameof(FigureSet.SignedInvestmentYuan)}]");
        await Assertions.Expect(figure).ToContainTextAsync(FigureWords.Value(nameof(FigureSet.SignedInvestmentYuan), reported, Chinese));
        await Assertions.Expect(figure).ToContainTextAsync(FigureWords.Value(nameof(FigureSet.SignedInvestmentYuan), reported + 100_000_000, Chinese));
        await Assertions.Expect(Page.Locator($"[data-testid=figure-{nameof(FigureSet.SignedInvestmentYuan)}]"))
            .ToHaveTextAsync(AmountFormat.Amount(reported, Chinese));
        var change = Page.Locator($"[data-testid=closed-deal][data-deal='{deal.Id}']");
        await Assertions.Expect(change).ToContainTextAsync(amenderName);
        await Assertions.Expect(change).ToContainTextAsync(ZoneDates.Show(Today));
        await Assertions.Expect(change).ToContainTextAsync(AmountFormat.Amount(400_000_000, Chinese));
        // The quarter's list of signings is the reported one: the amended deal still reads 3亿 there.
        await Assertions.Expect(Page.Locator($"[data-testid=review-signed-list] [data-testid=drill-deal][data-deal-id='{deal.Id}']"))
            .ToContainTextAsync(AmountFormat.Amount(300_000_000, Chinese));
        await Assertions.Expect(Page.Locator("[data-testid=reopen-quarter]")).ToHaveCountAsync(0);
        await ScreenshotAsync("closed-1440-zh");
        await Page.SetViewportSizeAsync(375, 812);
        await ScreenshotAsync("closed-375-zh");
        await Page.SetViewportSizeAsync(1440, 900);

        // An Admin reopens it; the audit log keeps who did and what was reported.
        var admin = await Server.CreateUserAsync(Roles.Admin);
        await Page.Context.ClearCookiesAsync();
        await SignInAsync(admin);
        await OpenQuarterAsync(quarter);
        await Page.ClickAsync("[data-testid=reopen-quarter]");
        await ConfirmAsync("重新打开季度");
        await Assertions.Expect(Page.Locator("[data-testid=open-quarter]")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("[data-testid=closed-banner]")).ToHaveCountAsync(0);
        var audit = await Server.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(ClosedQuarter) && a.EntityId == quarter.ToString()
            && a.Action == AuditActions.Reopen).ToListAsync());
        Assert.That(audit.Select(a => a.UserId), Is.EqualTo(new[] { admin.Id }), "the reopening is audited as the Admin's");
        Assert.That(audit[0].Before, Does.Contain(reported.ToString(CultureInfo.InvariantCulture)), "with what was reported");
        Assert.That(await ClosedAsync(manager, quarter), Is.Null, "open again");
    }

    private static DealUpdateInput Update(DealResponse d, long agreed) => new()
    {
        Title = d.Title,
        CompanyId = d.CompanyId,
        Source = d.Source,
        OrganizationId = d.OrganizationId,
        AdvisorId = d.AdvisorId,
        ReferringCompanyId = d.ReferringCompanyId,
        Desk = d.Desk,
        OwnerId = d.OwnerId,
        Region = d.Region,
        Segment = d.Segment,
        IsExpansion = d.IsExpansion,
        EstimatedInvestmentYuan = d.EstimatedInvestmentYuan,
        AgreedInvestmentYuan = agreed,
        PlannedStartOn = d.PlannedStartOn,
        PlannedProductionOn = d.PlannedProductionOn,
        LandMu = d.LandMu,
        JobsExpected = d.JobsExpected,
        NextFollowUpOn = d.NextFollowUpOn,
        Tags = d.Tags,
        Notes = d.Notes,
        Version = d.Version,
    };
}
