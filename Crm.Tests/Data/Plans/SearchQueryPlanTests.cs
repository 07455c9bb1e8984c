using Crm.Domain.Desks;
using Crm.Domain.Search;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Data.Plans;

/// <summary>
/// The search reads its full-text tables, never every deal, activity or stage change, in the plans SQLite makes for a
/// 100,000-deal zone (docs/search.md): a manager's and a recruiter's search, each kind's command.
/// </summary>
public sealed class SearchQueryPlanTests
{
    private static PageApp _app = null!;
    private static CurrentUser _manager = null!;
    private static CurrentUser _recruiter = null!;

    [OneTimeSetUp]
    public static async Task AZoneWithTheStatisticsOfALargeOne()
    {
        _app = new PageApp();
        var (recruiter, client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await client.CreateDealAsync();
        _manager = new CurrentUser("m", new HashSet<string> { Roles.Manager }, null);
        _recruiter = new CurrentUser(recruiter.Id, new HashSet<string> { Roles.Recruiter }, recruiter.Desk);
        await _app.WithDbAsync(QueryPlans.AtScaleAsync);
    }

    [OneTimeTearDown]
    public static void Stop() => _app.Dispose();

    [TestCase("manager")]
    [TestCase("recruiter")]
    public async Task A_search_reads_no_guarded_table_from_end_to_end(string who)
    {
        var user = who == "manager" ? _manager : _recruiter;
        await using var scope = _app.Services.CreateAsyncScope();
        _app.Commands.Reset();

        await scope.ServiceProvider.GetRequiredService<SearchService>().SearchAsync(user, "冷链仓储", CancellationToken.None);

        var sent = _app.Commands.Sent.ToList();
        Assert.That(sent.Count(c => c.Text.Contains("MATCH", StringComparison.Ordinal)), Is.EqualTo(5),
            "companies, deals, contacts, notes and documents each read their full-text table");
        var db = scope.ServiceProvider.GetRequiredService<Crm.Domain.Data.CrmDbContext>();
        foreach (var command in sent)
        {
            var plan = await QueryPlans.PlanAsync(db, command);
            Assert.That(QueryPlans.TableScans(command, plan), Is.Empty,
                string.Join(Environment.NewLine, plan.Select(l => l.Detail)) + Environment.NewLine + "for" + Environment.NewLine + command.Text);
        }
    }
}
