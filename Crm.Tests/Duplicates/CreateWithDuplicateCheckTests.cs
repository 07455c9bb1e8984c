using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Duplicates;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Duplicates;

/// <summary>
/// The duplicate check and its confirmation belong to the services that create: the API and the new-deal page call
/// the same methods and get the same refusal; a new company and its first deal are one transaction.
/// </summary>
public sealed class CreateWithDuplicateCheckTests
{
    private static async Task<T> CallAsync<T>(CrmApp app, Func<DealService, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<DealService>());
    }

    private static CurrentUser As(TestUser user) => new(user.Id, new HashSet<string> { user.Role }, user.Desk);

    [Test]
    public async Task A_new_company_whose_deal_is_refused_is_not_registered()
    {
        using var app = new CrmApp();
        var manager = await app.CreateUserAsync(Roles.Manager);
        var name = TestData.Unique("康宁食品有限公司");

        // A manager has no desk of their own: without one named, the deal is refused after the company was new.
        var refused = await CallAsync(app, s => s.CreateWithCompanyAsync(As(manager), new CompanyInput { Name = name },
            TestData.NewDeal(0, d => d.Desk = null), confirmed: false, CancellationToken.None));

        Assert.That(refused, Is.InstanceOf<ServiceResult<DealResponse>.Invalid>());
        Assert.That(((ServiceResult<DealResponse>.Invalid)refused).Field, Is.EqualTo("desk"));
        Assert.That(await app.WithDbAsync(db => db.Companies.CountAsync(c => c.Name == name)), Is.Zero, "no orphan company");
        Assert.That(await app.WithDbAsync(db => db.AuditLog.CountAsync(e => e.EntityType == nameof(Company))), Is.Zero);

        var created = await CallAsync(app, s => s.CreateWithCompanyAsync(As(manager), new CompanyInput { Name = name },
            TestData.NewDeal(0, d => d.Desk = DeskCodes.Beijing), confirmed: false, CancellationToken.None));
        var deal = ((ServiceResult<DealResponse>.Ok)created).Value;
        Assert.That(deal.CompanyId, Is.EqualTo(await app.WithDbAsync(db => db.Companies.Where(c => c.Name == name).Select(c => c.Id).SingleAsync())));
    }

    [Test]
    public async Task Page_and_API_are_refused_an_unconfirmed_duplicate_with_one_code_and_the_same_notices()
    {
        using var app = new CrmApp();
        var (_, gd) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var (fjUser, fj) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        var followed = await gd.CreateDealAsync(companyName: "百威英博（佛山）啤酒有限公司");

        var page = await CallAsync(app, s => s.CreateWithCompanyAsync(As(fjUser), new CompanyInput { Name = "百威英博啤酒有限公司" },
            TestData.NewDeal(0), confirmed: false, CancellationToken.None));
        var api = await fj.PostAsJsonAsync("/api/v1/companies", new CompanyInput { Name = "百威英博啤酒有限公司" }, CrmApp.Json);

        Assert.That(page, Is.InstanceOf<ServiceResult<DealResponse>.Unconfirmed>());
        var unconfirmed = (ServiceResult<DealResponse>.Unconfirmed)page;
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        var body = await api.ReadAsync<JsonObject>();
        Assert.Multiple(() =>
        {
            Assert.That(unconfirmed.Violation.Code, Is.EqualTo(PossibleDuplicates.Code));
            Assert.That(body["code"]?.GetValue<string>(), Is.EqualTo(PossibleDuplicates.Code));
            Assert.That(body["rule"]?.GetValue<string>(), Is.EqualTo(PossibleDuplicates.Code));
            Assert.That(unconfirmed.Found.Matches, Is.Null, "a recruiter sees desk and date only");
            var notice = unconfirmed.Found.Notices.Single(n => n.Kind == DuplicateKind.Deal);
            Assert.That((notice.Desk, notice.Since), Is.EqualTo(((string?)DeskCodes.Guangdong, followed.LeadOn)));
            Assert.That(body["duplicates"]!.AsArray(), Has.Count.EqualTo(unconfirmed.Found.Notices.Count));
        });

        // Confirmed, company and deal are created together.
        var confirmed = await CallAsync(app, s => s.CreateWithCompanyAsync(As(fjUser), new CompanyInput { Name = "百威英博啤酒有限公司" },
            TestData.NewDeal(0), confirmed: true, CancellationToken.None));
        Assert.That(((ServiceResult<DealResponse>.Ok)confirmed).Value.Desk, Is.EqualTo(DeskCodes.Fujian));
    }
}
