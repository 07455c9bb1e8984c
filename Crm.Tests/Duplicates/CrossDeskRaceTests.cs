using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Duplicates;

/// <summary>
/// The cross-desk rule (decisions 0005, 0009, 0012) when desks ask at the same instant: the check and the insert are one
/// step, so the desk that comes second, even by a millisecond, gets the duplicate answer and no deal. On SQLite
/// (<see cref="CrossDeskRacesOnSqliteTests"/>) and on PostgreSQL (<see cref="CrossDeskRacesOnPostgreSqlTests"/>).
/// </summary>
public abstract class CrossDeskRaces
{
    private static readonly string[] Desks = [DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice];

    protected abstract CrmApp NewApp();

    [Test]
    public async Task Two_desks_creating_a_deal_for_one_company_at_once_get_one_deal_and_one_duplicate_answer_in_each_of_fifteen_rounds()
    {
        using var app = NewApp();
        var (_, guangdong) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (_, fujian) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);

        for (var round = 0; round < 15; round++)
        {
            var company = await guangdong.CreateCompanyAsync(TestData.Unique("同时洽谈食品有限公司"), confirm: true);

            var responses = await Task.WhenAll(new[] { guangdong, fujian }.Select(client =>
                client.PostAsJsonAsync("/api/v1/deals", TestData.NewDeal(company.Id), CrmApp.Json)));
            var deals = await DealsOfAsync(app, company.Id);
            var duplicate = await DuplicateCodesAsync(responses);

            Assert.Multiple(() =>
            {
                Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.Created).And.Exactly(1).EqualTo(HttpStatusCode.Conflict),
                    $"round {round}: {string.Join(", ", responses.Select(r => (int)r.StatusCode))}");
                Assert.That(duplicate, Is.All.EqualTo("duplicate.alreadyFollowed"));
                Assert.That(deals, Has.Count.EqualTo(1), $"round {round}: one deal on the company");
            });
        }
    }

    [Test]
    public async Task Twenty_requests_at_once_from_four_desks_leave_the_company_followed_by_one_desk()
    {
        using var app = NewApp();
        var clients = new List<HttpClient>();
        foreach (var desk in Desks)
        {
            clients.Add((await app.SignedInAsync(Roles.Recruiter, desk)).Client);
        }
        var company = await clients[0].CreateCompanyAsync(TestData.Unique("二十路洽谈食品有限公司"), confirm: true);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            clients[i % clients.Count].PostAsJsonAsync("/api/v1/deals", TestData.NewDeal(company.Id), CrmApp.Json)));
        var deals = await DealsOfAsync(app, company.Id);
        var followedBy = deals.Select(d => d.Desk).Distinct().ToList();
        var duplicate = await DuplicateCodesAsync(responses);

        Assert.Multiple(() =>
        {
            Assert.That(followedBy, Has.Count.EqualTo(1), $"desks with a deal: {string.Join(", ", deals.Select(d => d.Desk))}");
            Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.Created).Or.EqualTo(HttpStatusCode.Conflict));
            Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(deals.Count), "every 201 is a stored deal");
            Assert.That(deals, Has.Count.EqualTo(5), "the winning desk's own requests are its expansions, not duplicates");
            Assert.That(duplicate, Has.Length.EqualTo(15).And.All.EqualTo("duplicate.alreadyFollowed"));
        });
    }

    [Test]
    public async Task Two_desks_registering_one_new_company_with_its_first_deal_at_once_leave_one_company_and_one_deal()
    {
        using var app = NewApp();
        var guangdong = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var fujian = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);

        for (var round = 0; round < 8; round++)
        {
            var name = TestData.Unique("新登记洽谈食品有限公司");
            // What the new-deal page calls: a new company and its first deal in one transaction.
            var results = await Task.WhenAll(new[] { guangdong, fujian }.Select(user => Task.Run(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                return await scope.ServiceProvider.GetRequiredService<DealService>().CreateWithCompanyAsync(
                    new CurrentUser(user.Id, new HashSet<string> { user.Role }, user.Desk), new CompanyInput { Name = name },
                    TestData.NewDeal(0), confirmed: false, CancellationToken.None);
            })));
            var companies = await app.WithDbAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).ToListAsync());
            var deals = await app.WithDbAsync(db => db.Deals.CountAsync(d => companies.Contains(d.CompanyId)));

            Assert.Multiple(() =>
            {
                Assert.That(results.Select(r => r.GetType().Name), Is.EquivalentTo(new[] { "Ok", "Unconfirmed" }), $"round {round}");
                Assert.That(companies, Has.Count.EqualTo(1), $"round {round}: one company registered");
                Assert.That(deals, Is.EqualTo(1), $"round {round}: one deal");
            });
        }
    }

    private static Task<List<DealResponse>> DealsOfAsync(CrmApp app, int companyId) =>
        app.WithDbAsync(db => db.Deals.AsNoTracking().Where(d => d.CompanyId == companyId).Select(DealService.Projection).ToListAsync());

    private static async Task<string?[]> DuplicateCodesAsync(IEnumerable<HttpResponseMessage> responses) =>
        await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict).Select(async r => (await r.ReadAsync<DuplicateBody>()).Code));

    private sealed record DuplicateBody(string? Code);
}

public sealed class CrossDeskRacesOnSqliteTests : CrossDeskRaces
{
    protected override CrmApp NewApp() => new();
}

[Category("Server")]
public sealed class CrossDeskRacesOnPostgreSqlTests : CrossDeskRaces
{
    private PostgreSqlDatabase? _database;

    [SetUp]
    public async Task CreateTheDatabase() => _database = await PostgreSqlDatabase.CreateAsync();

    [TearDown]
    public async Task DropTheDatabase()
    {
        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }

    protected override CrmApp NewApp() => new(settings: _database!.Settings());
}
