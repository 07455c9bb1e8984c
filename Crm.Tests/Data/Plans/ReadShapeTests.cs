using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Data.Plans;

/// <summary>
/// The shape of a read, whatever the zone's size: a list page is one SQL command however many rows it holds (two
/// with the caller's sign-in checked), and reads leave nothing in the change tracker.
/// </summary>
public sealed class ReadShapeTests
{
    private static PageApp _app = null!;
    private static HttpClient _client = null!;
    private static TestUser _recruiter = null!;

    [OneTimeSetUp]
    public static async Task AZoneOfThirtyDeals()
    {
        _app = new PageApp();
        (_recruiter, _client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        for (var i = 0; i < 30; i++)
        {
            await _client.CreateDealAsync();
        }
    }

    [OneTimeTearDown]
    public static void Stop()
    {
        _client.Dispose();
        _app.Dispose();
    }

    [TestCase(1)]
    [TestCase(30)]
    [TestCase(200)]
    public async Task A_list_page_is_at_most_two_commands_whatever_its_size(int pageSize)
    {
        await _client.GetAsync("/api/v1/deals?pageSize=1"); // the sign-in's stamp is checked once a minute, not per request
        _app.Commands.Reset();

        var page = await (await _client.GetAsync($"/api/v1/deals?pageSize={pageSize}&sort=followUp")).ReadAsync<DealPage>();
        var sent = _app.Commands.Count;

        Assert.Multiple(() =>
        {
            Assert.That(page.Items, Has.Count.EqualTo(Math.Min(pageSize, 30)));
            Assert.That(sent, Is.LessThanOrEqualTo(2), string.Join(Environment.NewLine, _app.Commands.Sent.Select(c => c.Text)));
        });
    }

    [Test]
    public async Task The_board_totals_are_one_command()
    {
        var user = new CurrentUser(_recruiter.Id, new HashSet<string> { Roles.Recruiter }, _recruiter.Desk);
        await using var scope = _app.Services.CreateAsyncScope();
        _app.Commands.Reset();

        var totals = await scope.ServiceProvider.GetRequiredService<DealFigures>().StageTotalsAsync(user, new DealFilter(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(totals.Sum(t => t.Count), Is.EqualTo(30));
            Assert.That(_app.Commands.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Reads_leave_the_change_tracker_empty()
    {
        var user = new CurrentUser(_recruiter.Id, new HashSet<string> { Roles.Recruiter }, _recruiter.Desk);
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var deals = scope.ServiceProvider.GetRequiredService<DealService>();

        var page = await deals.ListAsync(user, new DealFilter { PageSize = 200 }, CancellationToken.None);
        var first = ((Crm.Domain.Common.ServiceResult<DealPage>.Ok)page).Value.Items[0];
        await deals.GetAsync(user, first.Id, CancellationToken.None);
        await deals.HistoryAsync(user, first.Id, CancellationToken.None);
        await deals.ForCompanyAsync(user, first.CompanyId, CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<DealFigures>().StageTotalsAsync(user, new DealFilter(), CancellationToken.None);
        await scope.ServiceProvider.GetRequiredService<DealFigures>().QuarterFlowsAsync(user, new DateOnly(2026, 12, 2), CancellationToken.None);

        Assert.That(db.ChangeTracker.Entries().Select(e => e.Entity.GetType().Name), Is.Empty);
    }
}
