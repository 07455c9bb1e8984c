using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.E2E;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Deals;

/// <summary>The board reads a page of cards per column, the next on request, and the totals once, whatever the zone's size.</summary>
public sealed partial class BoardQueryTests
{
    private static DateOnly Today => TestClock.Today;

    private static CurrentUser Manager { get; } = new("manager", new HashSet<string> { Roles.Manager }, null);

    [Test]
    public async Task A_column_read_page_after_page_shows_each_deal_once_in_the_board_order()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var owner = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var seeded = (await PipelineBoardData.SeedAsync(app, owner, Today, (DealStage.Contacted, 45)))[DealStage.Contacted];
        // The board's order said another way: soonest follow-up first, none last, then by id.
        var expected = await app.WithDbAsync(db => db.Deals.Where(d => seeded.Contains(d.Id))
            .OrderBy(d => d.NextFollowUpOn == null).ThenBy(d => d.NextFollowUpOn).ThenBy(d => d.Id).Select(d => d.Id).ToListAsync());

        var pages = new List<CardColumn>();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var board = scope.ServiceProvider.GetRequiredService<BoardQueries>();
            var first = await board.BoardAsync(Manager, new DealFilter(), 20, CancellationToken.None);
            pages.Add(first.Columns.Single(c => c.Stage == DealStage.Contacted));
            while (pages[^1].Next is { } next)
            {
                var page = await board.ColumnAsync(Manager, new DealFilter(), DealStage.Contacted, next, 20, CancellationToken.None);
                pages.Add(((ServiceResult<CardColumn>.Ok)page).Value);
            }
            Assert.That(first.Totals.Single(t => t.Stage == DealStage.Contacted).Count, Is.EqualTo(45), "the header counts the whole column");
        }

        Assert.That(pages.Select(p => p.Cards.Count), Is.EqualTo(new[] { 20, 20, 5 }));
        Assert.That(pages.SelectMany(p => p.Cards).Select(c => c.Id), Is.EqualTo(expected), "every deal once, none skipped, in order");
    }

    [Test]
    public async Task The_board_shows_active_deals_within_the_users_scope_and_refuses_a_cursor_it_did_not_make()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (gd, gdApi) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fjApi) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var mine = await gdApi.CreateDealAsync();
        var lost = await gdApi.CreateDealAsync();
        var given = await gdApi.PostAsJsonAsync($"/api/v1/deals/{lost.Id}/status",
            new StatusChangeInput { Status = DealStatus.Lost, Version = lost.Version, Reason = "企业决定在外省建厂。" }, CrmApp.Json);
        await given.EnsureSuccessAsync();
        await fjApi.CreateDealAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var board = scope.ServiceProvider.GetRequiredService<BoardQueries>();
        var user = new CurrentUser(gd.Id, new HashSet<string> { Roles.Recruiter }, DeskCodes.Guangdong);
        var view = await board.BoardAsync(user, new DealFilter(), 20, CancellationToken.None);
        var unknown = await board.ColumnAsync(user, new DealFilter(), DealStage.Lead, "not-a-cursor", 20, CancellationToken.None);

        var lead = view.Columns.Single(c => c.Stage == DealStage.Lead);
        Assert.That(lead.Cards.Select(c => c.Id), Is.EqualTo(new[] { mine.Id }), "not the lost deal, not another desk's");
        Assert.That(lead.Cards[0], Is.EqualTo(new DealCard
        {
            Id = mine.Id,
            Stage = DealStage.Lead,
            CompanyName = mine.CompanyName,
            Title = mine.Title,
            InvestmentYuan = mine.InvestmentYuan,
            OwnerName = mine.OwnerName,
            NextFollowUpOn = mine.NextFollowUpOn,
        }));
        Assert.That(view.Totals.Single(t => t.Stage == DealStage.Lead).Count, Is.EqualTo(1));
        Assert.That(unknown, Is.TypeOf<ServiceResult<CardColumn>.Invalid>());
    }

    [Test]
    public async Task Board_page_sends_as_many_sql_commands_for_300_deals_as_for_30()
    {
        using var app = new PageApp(TestClock.AtNoon());
        var owner = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var manager = await app.CreateUserAsync(Roles.Manager);
        var stages = Enum.GetValues<DealStage>();

        await PipelineBoardData.SeedAsync(app, owner, Today, [.. stages.Select(s => (s, 30 / stages.Length + 1))]);
        var forFew = await CountAsync(app, manager, cardsPerColumn: 30 / stages.Length + 1);
        await PipelineBoardData.SeedAsync(app, owner, Today, [.. stages.Select(s => (s, 300 / stages.Length))]);
        var forMany = await CountAsync(app, manager, cardsPerColumn: BoardQueries.PageSize);

        Assert.That(forMany, Is.EqualTo(forFew), "a query per card (or per page of cards) would grow with the zone");
        // Desks and owners for the filters, a query per column, one for all the totals; the layout's own few.
        Assert.That(forFew, Is.LessThanOrEqualTo(stages.Length + 1 + 2 + 4));
    }

    private static async Task<int> CountAsync(PageApp app, TestUser manager, int cardsPerColumn)
    {
        await app.PageAsync("/pipeline", manager); // warm up: the first request compiles the queries
        app.Commands.Reset();
        var html = await app.PageAsync("/pipeline", manager);
        var count = app.Commands.Count;
        Assert.That(Card().Count(html), Is.EqualTo(cardsPerColumn * Enum.GetValues<DealStage>().Length), "a screenful per column, no more");
        TestContext.Out.WriteLine($"{cardsPerColumn} cards a column: {count} SQL commands, {html.Length} characters");
        return count;
    }

    [GeneratedRegex("class=\"[^\"]*board-card\"")]
    private static partial Regex Card();
}
