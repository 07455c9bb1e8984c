using System.Net.Http.Json;

using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Reviews;

/// <summary>The manager's home and the quarterly review count the quarter's flows with one rule (StageEntries).</summary>
public sealed class HomeAndReviewAgreeTests
{
    [Test]
    public async Task A_deal_that_re_entered_Signed_counts_once_at_its_first_signing_on_home_and_in_the_review()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 5, 15, 2, 0, 0, TimeSpan.Zero));
        using var app = new CrmApp(time);
        var (manager, api) = await app.SignedInAsync(Roles.Manager);

        async Task<DealResponse> Deal(DateOnly leadOn) =>
            await api.CreateDealAsync(TestData.NewDeal((await api.CreateCompanyAsync()).Id, b =>
            {
                b.Desk = DeskCodes.Guangdong;
                b.LeadOn = leadOn;
            }));
        Task<DealResponse> Sign(DealResponse deal, DateOnly on, string? note = null) =>
            api.MoveAsync(deal, DealStage.Signed, on, 300_000_000, new(2026, 3, 1), new(2026, 8, 1), note: note);

        // Signed and started in Q1, moved back to Signed by the manager in Q2 and started again: Q1's, not Q2's.
        var earlier = await Sign(await Deal(new(2026, 1, 5)), new(2026, 2, 1));
        earlier = await api.MoveAsync(earlier, DealStage.Started, new(2026, 3, 5));
        earlier = await Sign(earlier, new(2026, 4, 20), "Permit withdrawn");
        await api.MoveAsync(earlier, DealStage.Started, new(2026, 5, 1));
        // Signed, started, moved back and signed again within Q2: once in each stage.
        var within = await Sign(await Deal(new(2026, 4, 1)), new(2026, 4, 5));
        within = await api.MoveAsync(within, DealStage.Started, new(2026, 4, 10));
        within = await Sign(within, new(2026, 4, 12), "Started too early");
        await api.MoveAsync(within, DealStage.Started, new(2026, 4, 14));
        // Signed once in Q2.
        await Sign(await Deal(new(2026, 4, 2)), new(2026, 4, 3));

        var review = await api.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q2", CrmApp.Json) ?? throw new InvalidOperationException();
        await using var scope = app.Services.CreateAsyncScope();
        var home = await scope.ServiceProvider.GetRequiredService<DealFigures>()
            .QuarterFlowsAsync(new CurrentUser(manager.Id, new HashSet<string> { Roles.Manager }, null), new DateOnly(2026, 5, 15), CancellationToken.None);

        var zone = review.Zone!;
        Assert.Multiple(() =>
        {
            Assert.That((home.Signed, home.Started, home.Producing), Is.EqualTo((2, 1, 0)), "home: first entries in Q2 only");
            Assert.That((home.Signed, home.Started, home.Producing),
                Is.EqualTo(((int)zone.Signed.Actual, (int)zone.Started.Actual, (int)zone.Producing.Actual)), "home agrees with the review");
            Assert.That(review.Flows.Single(f => f.Stage == DealStage.Signed).Deals, Is.EqualTo(home.Signed));
            Assert.That((home.From, home.To), Is.EqualTo((review.From, review.To)));
        });
    }
}
