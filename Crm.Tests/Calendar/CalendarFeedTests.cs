using System.Net;
using System.Net.Http.Json;
using Crm.Api.Calendar;
using Crm.Domain.Calendar;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Calendar;

public sealed class CalendarFeedTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _anonymous = null!;
    private static DateOnly Today => TestClock.Today;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        _anonymous = _app.CreateClient();
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _anonymous.Dispose();
        _app.Dispose();
    }

    private static async Task<string> FeedPathAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/v1/me/calendar-feed", new { }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return new Uri((await response.ReadAsync<CalendarFeedResponse>()).Url).PathAndQuery;
    }

    [Test]
    public async Task The_feed_parses_as_icalendar_with_the_users_follow_ups_escaped_and_folded_and_no_other_desks()
    {
        // Separators, a backslash, a newline-free long Chinese title: escaping and folding at 75 octets both matter.
        var title = TestData.Unique("宏达食品,一期;冷链\\仓储与中央厨房项目（含研发中心、检测中心及配套物流园区）");
        var mine = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => { b.Title = title; b.NextFollowUpOn = Today.AddDays(2); }));
        var overdue = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => { b.LeadOn = Today.AddDays(-9); b.NextFollowUpOn = Today.AddDays(-3); }));
        var theirs = await _fj.CreateDealAsync(TestData.NewDeal((await _fj.CreateCompanyAsync()).Id, b => b.NextFollowUpOn = Today.AddDays(2)));

        var response = await _anonymous.GetAsync(await FeedPathAsync(_gd));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/calendar"));
        var calendar = ICalendarReader.Parse(await response.Content.ReadAsStringAsync());
        var events = calendar.Children.Where(c => c.Name == "VEVENT").ToList();
        var followUp = events.Single(e => e["UID"] == $"FollowUp-{mine.Id}@zone-crm");
        Assert.Multiple(() =>
        {
            Assert.That(followUp["SUMMARY"], Is.EqualTo($"跟进：{title}"), "escaped and unescaped back to the title");
            Assert.That(followUp.Properties.Single(p => p.Name == "DTSTART"), Is.EqualTo(("DTSTART", "VALUE=DATE", Today.AddDays(2).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))));
            Assert.That(followUp["URL"], Does.EndWith($"/deals/{mine.Id}"), "opens the deal");
            Assert.That(events.Single(e => e["UID"] == $"FollowUp-{overdue.Id}@zone-crm")["SUMMARY"], Does.StartWith("已逾期跟进："));
            Assert.That(events.Select(e => e["UID"]), Has.None.Contains($"-{theirs.Id}@"), "another desk's deal is not in the feed");
            Assert.That(events.All(e => e["DTSTAMP"] is { Length: 16 } && e["DTSTAMP"]!.EndsWith('Z')));
        });
    }

    [Test]
    public async Task A_rotated_or_revoked_secret_is_404_and_only_its_hash_is_stored()
    {
        var first = await FeedPathAsync(_fj);
        var second = await FeedPathAsync(_fj);
        var secret = second.Split('/')[^1].Replace(".ics", "", StringComparison.Ordinal);

        Assert.Multiple(async () =>
        {
            Assert.That((await _anonymous.GetAsync(first)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "rotated");
            Assert.That((await _anonymous.GetAsync(second)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await _anonymous.GetAsync($"/calendar/feed/{new string('0', 64)}.ics")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "guessed");
            Assert.That(await _app.WithDbAsync(db => db.CalendarFeeds.AnyAsync(f => f.SecretHash == secret)), Is.False, "the secret itself is not stored");
        });

        (await _fj.DeleteAsync("/api/v1/me/calendar-feed")).EnsureSuccessStatusCode();
        Assert.That((await _anonymous.GetAsync(second)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "revoked");
    }

    [Test]
    public async Task The_calendar_lists_follow_ups_and_planned_milestones_in_scope_and_refuses_a_long_range()
    {
        var deal = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => { b.LeadOn = Today.AddDays(-20); b.NextFollowUpOn = Today.AddDays(1); }));
        var signed = await _gd.MoveAsync(deal, Crm.Domain.Deals.DealStage.Signed, Today, agreed: 500_000_000,
            plannedStart: Today.AddDays(3), plannedProduction: Today.AddDays(40));

        var entries = await _gd.GetFromJsonAsync<List<CalendarEntry>>($"/api/v1/calendar?from={Today:yyyy-MM-dd}&to={Today.AddDays(7):yyyy-MM-dd}", CrmApp.Json);
        var fjEntries = await _fj.GetFromJsonAsync<List<CalendarEntry>>($"/api/v1/calendar?from={Today:yyyy-MM-dd}&to={Today.AddDays(7):yyyy-MM-dd}", CrmApp.Json);
        var tooLong = await _gd.GetAsync($"/api/v1/calendar?from={Today:yyyy-MM-dd}&to={Today.AddDays(90):yyyy-MM-dd}");

        Assert.Multiple(() =>
        {
            Assert.That(entries!.Where(e => e.DealId == signed.Id).Select(e => (e.Kind, e.On)),
                Is.EqualTo(new[] { (CalendarEntryKind.FollowUp, Today.AddDays(1)), (CalendarEntryKind.PlannedStart, Today.AddDays(3)) }));
            Assert.That(fjEntries!.Select(e => e.DealId), Has.No.Member(signed.Id));
        });
        await Deals.DealValidationTests.AssertNamesAsync(tooLong, "to");
    }
}
