using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Deals;

/// <summary>Logging a contact is an append: many at once on one deal all land, none is a server error.</summary>
public sealed class ActivityConcurrencyTests
{
    [Test]
    public async Task Forty_activities_posted_at_once_on_one_deal_are_all_saved()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (user, first) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var clients = new[] { first }.Concat(await Task.WhenAll(Enumerable.Range(0, 7).Select(_ => app.ClientForAsync(user)))).ToArray();
        var deal = await first.CreateDealAsync();
        var today = TestClock.Today;

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => clients[i % clients.Length].PostAsJsonAsync(
            $"/api/v1/deals/{deal.Id}/activities",
            new ActivityInput { Type = ActivityType.Call, OccurredOn = today, Summary = $"电话 {i}", NextFollowUpOn = today.AddDays(1 + i % 5) },
            CrmApp.Json)));

        var codes = responses.Select(r => r.StatusCode).ToList();
        Assert.That(codes, Has.All.EqualTo(HttpStatusCode.Created), string.Join(", ", codes.GroupBy(c => c).Select(g => $"{g.Key}×{g.Count()}")));
        Assert.That(await app.WithDbAsync(db => db.Activities.CountAsync(a => a.DealId == deal.Id)), Is.EqualTo(40));
        var stored = await app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.That(stored.Version, Is.EqualTo(deal.Version + 40), "each activity bumped the version once");
        Assert.That(await app.WithDbAsync(db => db.StageChanges.CountAsync(s => s.DealId == deal.Id)), Is.EqualTo(2), "created + one first contact");
    }
}
