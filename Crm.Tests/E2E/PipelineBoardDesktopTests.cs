using System.Net.Http.Json;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>Dragging cards needs a screen wide enough to show the columns: a desk's monitor.</summary>
public sealed class PipelineBoardDesktopTests : BrowserTest
{
    private DateOnly Today => Time.ZoneToday();

    protected override ViewportSize Viewport => new() { Width = 1600, Height = 900 };

    [Test]
    public async Task Recruiter_moves_a_deal_from_negotiating_to_signed_through_the_dialog()
    {
        var (recruiter, api) = await Server.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await api.MoveAsync(await api.CreateDealAsync(), DealStage.Negotiating, Today, estimated: 300_000_000);

        await SignInAsync(recruiter);
        await GotoAsync("/pipeline");
        var card = Card(deal.Id);
        await Expect(Column(DealStage.Negotiating).Locator($"[data-deal='{deal.Id}']")).ToBeVisibleAsync();

        await card.DragToAsync(Column(DealStage.Signed).Locator(".board-zone"));
        var dialog = Page.Locator(".mud-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await FillAsync("move-agreed", "50000");
        await FillAsync("move-planned-start", ZoneDates.Show(Today.AddMonths(3)));
        await FillAsync("move-planned-production", ZoneDates.Show(Today.AddMonths(12)));
        await ScreenshotAsync("dialog");
        await Page.ClickAsync("#move-submit");

        await Expect(dialog).ToBeHiddenAsync();
        await Expect(Column(DealStage.Signed).Locator($"[data-deal='{deal.Id}']")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("column-figures-Signed")).ToContainTextAsync("5亿元");
        await ScreenshotAsync("board");

        var stored = await api.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{deal.Id}", CrmApp.Json);
        Assert.That(stored!.Stage, Is.EqualTo(DealStage.Signed));
        Assert.That(stored.AgreedInvestmentYuan, Is.EqualTo(500_000_000));
        Assert.That(stored.PlannedStartOn, Is.EqualTo(Today.AddMonths(3)));
    }

    private ILocator Column(DealStage stage) => Page.Locator($".board-column[data-stage='{stage}']");

    private ILocator Card(int id) => Page.Locator($".board-card[data-deal='{id}']");

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
