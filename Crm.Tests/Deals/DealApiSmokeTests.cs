using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Deals;

public sealed class DealApiSmokeTests
{
    [Test]
    public async Task Recruiter_creates_a_deal_and_moves_it_to_signed()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (_, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);

        var deal = await client.CreateDealAsync();
        Assert.That(deal.Stage, Is.EqualTo(DealStage.Lead));
        Assert.That(deal.Desk, Is.EqualTo(DeskCodes.Guangdong));

        var today = TestClock.Today;
        var signed = await client.MoveAsync(deal, DealStage.Signed, today, agreed: 500_000_000,
            plannedStart: today.AddMonths(2), plannedProduction: today.AddMonths(12));
        Assert.That(signed.Stage, Is.EqualTo(DealStage.Signed));

        var history = await client.GetFromJsonAsync<List<StageChangeResponse>>($"/api/v1/deals/{deal.Id}/history", CrmApp.Json);
        Assert.That(history!.Select(h => h.ToStage), Is.EqualTo(new[] { DealStage.Lead, DealStage.Signed }));
        var anonymous = await app.CreateClient().GetAsync("/api/v1/deals");
        Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
