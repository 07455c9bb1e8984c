using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Deals;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Server;

/// <summary>
/// Writers at once on PostgreSQL, where (unlike SQLite, which takes one writer at a time) their transactions really
/// overlap: appends on different deals all land, and writers holding one version race for it — one wins, the rest 409.
/// </summary>
[Category("Server")]
public sealed class PostgreSqlWritersAtOnceTests
{
    private static DateOnly Today => TestClock.Today;

    [Test]
    public async Task Twenty_activities_and_twenty_stage_moves_at_once_on_forty_deals_all_land_and_the_counts_are_exact()
    {
        using var app = PostgreSqlDatabase.OwnHost(TestClock.AtNoon());
        var (user, first) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var clients = new[] { first }.Concat(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.ClientForAsync(user)))).ToArray();
        // Created at once too: 40 companies and deals, each through the duplicate check.
        var deals = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => clients[i % clients.Length].CreateDealAsync()));

        var writes = deals.Select((deal, i) => i < 20
            ? clients[i % clients.Length].PostAsJsonAsync($"/api/v1/deals/{deal.Id}/activities",
                new ActivityInput { Type = ActivityType.Visit, OccurredOn = Today, Summary = $"拜访 {i}", NextFollowUpOn = Today.AddDays(7) }, CrmApp.Json)
            : clients[i % clients.Length].PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
                new StageMoveInput { Stage = DealStage.Negotiating, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json));
        var responses = await Task.WhenAll(writes);

        var codes = responses.Select(r => r.StatusCode).ToList();
        var ids = deals.Select(d => d.Id).ToList();
        var stored = await app.WithDbAsync(db => db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id));
        var activities = await app.WithDbAsync(db => db.Activities.Where(a => ids.Contains(a.DealId)).GroupBy(a => a.DealId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var changes = await app.WithDbAsync(db => db.StageChanges.Where(s => ids.Contains(s.DealId)).GroupBy(s => s.DealId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count));
        var moved = ids.Skip(20).Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var moves = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(Deal) && a.Action == AuditActions.MoveStage && moved.Contains(a.EntityId)));
        Assert.Multiple(() =>
        {
            Assert.That(codes.Take(20), Has.All.EqualTo(HttpStatusCode.Created), Tally(codes));
            Assert.That(codes.Skip(20), Has.All.EqualTo(HttpStatusCode.OK), Tally(codes));
            Assert.That(ids.Distinct().Count(), Is.EqualTo(40));
            Assert.That(activities.Keys, Is.EquivalentTo(ids.Take(20)), "one activity on each of the first 20 deals, none elsewhere");
            Assert.That(activities.Values, Has.All.EqualTo(1));
            Assert.That(ids.Take(20).Select(id => stored[id].Stage), Has.All.EqualTo(DealStage.Contacted), "the first contact moved each lead on");
            Assert.That(ids.Take(20).Select(id => stored[id].NextFollowUpOn), Has.All.EqualTo(Today.AddDays(7)));
            Assert.That(ids.Skip(20).Select(id => stored[id].Stage), Has.All.EqualTo(DealStage.Negotiating));
            Assert.That(ids.Select(id => changes[id]), Has.All.EqualTo(2), "created + one move per deal");
            Assert.That(deals.Select(d => stored[d.Id].Version - d.Version), Has.All.EqualTo(1L), "each deal written once");
            Assert.That(moves, Is.EqualTo(20), "one audited move per moved deal");
        });
    }

    [Test]
    public async Task Two_writers_with_one_version_on_each_of_ten_deals_at_once_one_gets_200_and_one_409()
    {
        using var app = PostgreSqlDatabase.OwnHost(TestClock.AtNoon());
        var (user, first) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var second = await app.ClientForAsync(user);
        var deals = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => first.CreateDealAsync()));

        // Each deal: an edit and a stage move (even deals), or two stage moves (odd deals), all holding the same version.
        var races = deals.Select((deal, i) => (deal, writes: new[]
        {
            i % 2 == 0
                ? first.PutAsJsonAsync($"/api/v1/deals/{deal.Id}", DealApiTests.UpdateOf(deal) with { Title = $"edited {i}" }, CrmApp.Json)
                : first.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
                    new StageMoveInput { Stage = DealStage.Contacted, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json),
            second.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
                new StageMoveInput { Stage = DealStage.Negotiating, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json),
        })).ToList();
        await Task.WhenAll(races.SelectMany(r => r.writes));

        var ids = deals.Select(d => d.Id).ToList();
        var stored = await app.WithDbAsync(db => db.Deals.AsNoTracking().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id));
        await Assert.MultipleAsync(async () =>
        {
            foreach (var (deal, writes) in races)
            {
                var codes = writes.Select(w => w.Result.StatusCode).Order().ToList();
                Assert.That(codes, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }), deal.Title);
                Assert.That(stored[deal.Id].Version, Is.EqualTo(deal.Version + 1), deal.Title);
                var winner = await writes.Single(w => w.Result.StatusCode == HttpStatusCode.OK).Result.ReadAsync<DealResponse>();
                var loser = await writes.Single(w => w.Result.StatusCode == HttpStatusCode.Conflict).Result.ReadAsync<DealResponse>();
                Assert.That((stored[deal.Id].Title, stored[deal.Id].Stage), Is.EqualTo((winner.Title, winner.Stage)), "the winner's write, no field of the loser");
                Assert.That(loser.Version, Is.EqualTo(deal.Version + 1), "a 409 carries the current deal");
            }
        });
    }

    private static string Tally(IEnumerable<HttpStatusCode> codes) => string.Join(", ", codes.GroupBy(c => c).Select(g => $"{g.Key}×{g.Count()}"));
}
