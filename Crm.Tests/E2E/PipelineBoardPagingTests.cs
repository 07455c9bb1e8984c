using System.Diagnostics;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>A column fuller than a screen, on a phone and on a desk's monitor: a screenful first, the rest as it is scrolled.</summary>
public abstract class PipelineBoardPagingTests : BrowserTest
{
    private const int Deals = 45;

    [Test]
    public async Task A_full_column_shows_a_screenful_and_the_rest_as_it_is_scrolled()
    {
        var (recruiter, expected) = await RecruiterWithAFullColumnAsync();

        await SignInAsync(recruiter);
        await GotoAsync("/pipeline");
        var cards = Column(DealStage.Lead).Locator(".board-card");
        await Expect(cards).ToHaveCountAsync(BoardQueries.PageSize);
        await Expect(Page.GetByTestId("column-figures-Lead")).ToContainTextAsync($"{Deals} ·");
        Assert.That(await IdsAsync(cards), Is.EqualTo(expected.Take(BoardQueries.PageSize)));
        await ScreenshotAsync($"{Viewport.Width}px-first-page");

        // Scrolled to the column's end, as a reader would: the next page is appended.
        await cards.Last.HoverAsync();
        await Page.Mouse.WheelAsync(0, 2000);
        await Expect(cards).ToHaveCountAsync(2 * BoardQueries.PageSize);
        Assert.That(await IdsAsync(cards), Is.EqualTo(expected.Take(2 * BoardQueries.PageSize)), "no card twice, none skipped");
        await ScreenshotAsync($"{Viewport.Width}px-second-page");

        // Without a mouse: the button at the column's end reads the rest, and goes.
        var more = Page.GetByTestId("load-more-Lead");
        await more.FocusAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Expect(cards).ToHaveCountAsync(Deals);
        await Expect(more).ToHaveCountAsync(0);
        Assert.That(await IdsAsync(cards), Is.EqualTo(expected));
    }

    /// <summary>A recruiter whose Lead column holds <see cref="Deals"/> deals, and their ids in the board's order.</summary>
    protected async Task<(TestUser Recruiter, List<int> Expected)> RecruiterWithAFullColumnAsync()
    {
        // Without a desk a recruiter sees only their own deals: another test's column stays off this board.
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter);
        var seeded = (await PipelineBoardData.SeedAsync(Server, recruiter, Time.ZoneToday(), (DealStage.Lead, Deals)))[DealStage.Lead];
        // The board's order said another way: soonest follow-up first, none last, then by id.
        var expected = await Server.WithDbAsync(db => db.Deals.Where(d => seeded.Contains(d.Id))
            .OrderBy(d => d.NextFollowUpOn == null).ThenBy(d => d.NextFollowUpOn).ThenBy(d => d.Id).Select(d => d.Id).ToListAsync());
        return (recruiter, expected);
    }

    protected ILocator Column(DealStage stage) => Page.Locator($".board-column[data-stage='{stage}']");

    protected static async Task<List<int>> IdsAsync(ILocator cards) =>
        [.. (await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.deal)")).Select(int.Parse)];

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}

public sealed class PipelineBoardPagingPhoneTests : PipelineBoardPagingTests;

public sealed class PipelineBoardPagingDesktopTests : PipelineBoardPagingTests
{
    protected override ViewportSize Viewport => new() { Width = 1600, Height = 900 };

    [Test]
    public async Task The_prerender_reads_the_board_and_the_interactive_page_does_not_read_it_again()
    {
        // Watching from before the zone is built: EF re-checks for a new diagnostic listener only now and then, so a
        // listener subscribed just before the page could miss its first commands.
        using var seen = ColumnQueries.Watch(Server.DataFolder);
        var (recruiter, _) = await RecruiterWithAFullColumnAsync();
        await SignInAsync(recruiter);

        await GotoAsync("/pipeline");
        await Expect(Column(DealStage.Lead).Locator(".board-card")).ToHaveCountAsync(BoardQueries.PageSize);
        Assert.That(seen.Count, Is.EqualTo(Enum.GetValues<DealStage>().Length), "one query per column, for prerender and interactive page together");

        var cards = Column(DealStage.Lead).Locator(".board-card");
        await cards.Last.HoverAsync();
        await Page.Mouse.WheelAsync(0, 2000);
        await Expect(cards).ToHaveCountAsync(2 * BoardQueries.PageSize);
        Assert.That(seen.Count, Is.EqualTo(Enum.GetValues<DealStage>().Length + 1), "the next page is one query more");
    }

    [Test]
    public async Task A_manager_over_700_deals_gets_a_screenful_of_lean_cards_per_column()
    {
        var recruiter = await Server.CreateUserAsync(Roles.Recruiter);
        await PipelineBoardData.SeedAsync(Server, recruiter, Time.ZoneToday(), [.. Enum.GetValues<DealStage>().Select(s => (s, 100))]);
        var manager = await Server.CreateUserAsync(Roles.Manager);
        await SignInAsync(manager);

        var response = await Page.GotoAsync("/pipeline");
        var html = await response!.BodyAsync();
        await WaitReadyAsync();
        var cards = Page.Locator(".board-card");
        await Expect(cards).ToHaveCountAsync(Enum.GetValues<DealStage>().Length * BoardQueries.PageSize);
        var nodes = await Page.EvaluateAsync<int>("document.querySelectorAll('*').length");
        TestContext.Out.WriteLine($"GET /pipeline: {html.Length} bytes; {nodes} DOM nodes for {await cards.CountAsync()} cards");
        await ScreenshotAsync("board");

        // A card with its menu built in costs some 18 elements; built on demand, about 10.
        Assert.That(nodes, Is.LessThanOrEqualTo(2_200));
    }

    /// <summary>Counts the board's column queries EF sends to one host's database (EF's diagnostic events, process-wide, filtered).</summary>
    private sealed class ColumnQueries(string folder) : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly List<IDisposable> _subscriptions = [];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public static ColumnQueries Watch(string folder)
        {
            var watch = new ColumnQueries(folder);
            watch._subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(watch));
            return watch;
        }

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_subscriptions)
                {
                    _subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.CommandExecuting.Name && value.Value is CommandEventData data
                && data.Command.CommandText.Contains(BoardQueries.ColumnTag, StringComparison.Ordinal)
                && data.Command.Connection?.DataSource?.StartsWith(folder, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (_subscriptions)
            {
                _subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
