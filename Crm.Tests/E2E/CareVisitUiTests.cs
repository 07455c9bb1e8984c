using Crm.Domain.Activities;
using Crm.Domain.Care;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>包保 on a phone: the officer of another desk's project logs a visit and the overdue mark goes away.</summary>
public sealed class CareVisitUiTests : BrowserTest
{
    protected override ViewportSize Viewport => new() { Width = 375, Height = 812 };

    [Test]
    public async Task An_officer_logs_a_visit_on_their_project_on_a_phone_and_it_is_no_longer_overdue()
    {
        var (manager, _) = await Server.SignedInAsync(Roles.Manager);
        var (_, gd) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (officer, _) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var today = Time.ZoneToday();
        var deal = await gd.CreateDealAsync(TestData.NewDeal((await gd.CreateCompanyAsync()).Id, b => b.LeadOn = today.AddDays(-30)));
        await gd.MoveAsync(deal, DealStage.Signed, today.AddDays(-20), agreed: 500_000_000, plannedStart: today.AddDays(30), plannedProduction: today.AddDays(200));
        // Assigned ten days ago, a visit every seven days, none logged: due three days ago.
        await Server.WithDbAsync(async db =>
        {
            db.CareAssignments.Add(new CareAssignment
            {
                DealId = deal.Id,
                LeaderId = manager.Id,
                OfficerId = officer.Id,
                IntervalDays = 7,
                AssignedOn = today.AddDays(-10),
                CreatedAt = Time.UtcNow(),
                UpdatedAt = Time.UtcNow(),
            });
            await db.SaveChangesAsync();
        });

        await SignInAsync(officer);
        await GotoAsync($"/deals/{deal.Id}");
        await WaitReadyAsync();
        var care = Page.Locator("#deal-care");
        await care.ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(care.Locator("[data-testid=care-overdue]")).ToBeVisibleAsync();
        await Assertions.Expect(care.Locator("[data-testid=care-next-due]")).ToContainTextAsync(ZoneDates.Show(today.AddDays(-3)));
        await ScreenshotAsync("care-overdue-375");

        await care.Locator("textarea[data-testid=care-visit-summary], [data-testid=care-visit-summary] textarea").FillAsync("现场查看主体施工进度");
        await care.Locator("[data-testid=care-log-visit]").ClickAsync();

        await Assertions.Expect(care.Locator("[data-testid=care-overdue]")).ToHaveCountAsync(0);
        await Assertions.Expect(care.Locator("[data-testid=care-last-visit]")).ToHaveTextAsync(ZoneDates.Show(today));
        await Assertions.Expect(care.Locator("[data-testid=care-next-due]")).ToContainTextAsync(ZoneDates.Show(today.AddDays(7)));
        await ScreenshotAsync("care-visited-375");

        var visits = await Server.WithDbAsync(db => db.Activities.AsNoTracking()
            .Where(a => a.DealId == deal.Id && a.Type == ActivityType.Visit).Select(a => new { a.ById, a.OccurredOn }).ToListAsync());
        Assert.That(visits.Select(v => (v.ById, v.OccurredOn)), Is.EqualTo(new[] { (officer.Id, today) }));
    }
}
