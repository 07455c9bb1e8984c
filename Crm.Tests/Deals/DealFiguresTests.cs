using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Deals;

/// <summary>The board headers and the manager's home: counts and sums from SQL, within the user's scope.</summary>
public sealed class DealFiguresTests
{
    private static DateOnly Today => TestClock.Today;

    [Test]
    public async Task Stage_totals_count_and_sum_only_what_the_user_may_see()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (gd, gdApi) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fjApi) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        await gdApi.CreateDealAsync();
        await gdApi.MoveAsync(await gdApi.CreateDealAsync(), DealStage.Signed, Today, agreed: 500_000_000,
            plannedStart: Today.AddMonths(1), plannedProduction: Today.AddMonths(6));
        await fjApi.CreateDealAsync();

        var mine = await TotalsAsync(app, new CurrentUser(gd.Id, new HashSet<string> { Roles.Recruiter }, DeskCodes.Guangdong));
        var zone = await TotalsAsync(app, new CurrentUser("m", new HashSet<string> { Roles.Manager }, null));

        Assert.That(mine.Single(t => t.Stage == DealStage.Lead), Is.EqualTo(new StageTotal(DealStage.Lead, 1, 300_000_000)));
        Assert.That(mine.Single(t => t.Stage == DealStage.Signed), Is.EqualTo(new StageTotal(DealStage.Signed, 1, 500_000_000)));
        Assert.That(zone.Single(t => t.Stage == DealStage.Lead).Count, Is.EqualTo(2));
        Assert.That(zone, Has.Count.EqualTo(Enum.GetValues<DealStage>().Length));
    }

    [Test]
    public async Task Quarter_flows_count_deals_that_entered_a_milestone_this_quarter()
    {
        using var app = new CrmApp(TestClock.AtNoon());
        var (_, api) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Beijing);
        var signed = await api.MoveAsync(await api.CreateDealAsync(), DealStage.Signed, Today, agreed: 300_000_000,
            plannedStart: Today, plannedProduction: Today.AddMonths(6));
        await api.MoveAsync(signed, DealStage.Started, Today);
        await api.CreateDealAsync();

        await using var scope = app.Services.CreateAsyncScope();
        var flows = await scope.ServiceProvider.GetRequiredService<DealFigures>()
            .QuarterFlowsAsync(new CurrentUser("m", new HashSet<string> { Roles.Manager }, null), Today, CancellationToken.None);

        Assert.That((flows.Signed, flows.Started, flows.Producing), Is.EqualTo((1, 1, 0)));
        Assert.That(flows.From.Day, Is.EqualTo(1));
        Assert.That(flows.From.Month % 3, Is.EqualTo(1));
    }

    private static async Task<IReadOnlyList<StageTotal>> TotalsAsync(CrmApp app, CurrentUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DealFigures>().StageTotalsAsync(user, new DealFilter(), CancellationToken.None);
    }
}
