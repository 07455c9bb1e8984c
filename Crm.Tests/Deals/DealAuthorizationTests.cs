using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Activities;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Deals;

/// <summary>Record scope through the host (IDOR), mass assignment, and the API's refusal of cookies.</summary>
public abstract class DealAuthorizationTests
{
    private CrmApp _app = null!;
    private TestUser _gd = null!;
    private HttpClient _gdClient = null!;
    private TestUser _fj = null!;
    private HttpClient _fjClient = null!;
    private HttpClient _manager = null!;

    private static DateOnly Today => TestClock.Today;

    /// <summary>The host the tests run on: SQLite (<see cref="SqliteDealAuthorizationTests"/>), PostgreSQL in the Server category's subclass.</summary>
    protected virtual CrmApp NewHost(TimeProvider time) => new(time);

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = NewHost(TestClock.AtNoon());
        (_gd, _gdClient) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_fj, _fjClient) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Recruiter_of_another_desk_gets_404_on_every_route_of_the_deal_and_changes_nothing()
    {
        var deal = await _gdClient.CreateDealAsync();
        var id = deal.Id;
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["GET"] = await _fjClient.GetAsync($"/api/v1/deals/{id}"),
            ["PUT"] = await _fjClient.PutAsJsonAsync($"/api/v1/deals/{id}", DealApiTests.UpdateOf(deal) with { Title = "hijacked" }, CrmApp.Json),
            ["stage"] = await _fjClient.PostAsJsonAsync($"/api/v1/deals/{id}/stage",
                new StageMoveInput { Stage = DealStage.Contacted, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json),
            ["status"] = await _fjClient.PostAsJsonAsync($"/api/v1/deals/{id}/status",
                new StatusChangeInput { Status = DealStatus.Lost, Reason = "x", Version = deal.Version }, CrmApp.Json),
            ["history"] = await _fjClient.GetAsync($"/api/v1/deals/{id}/history"),
            ["activities"] = await _fjClient.GetAsync($"/api/v1/deals/{id}/activities"),
            ["add activity"] = await _fjClient.PostAsJsonAsync($"/api/v1/deals/{id}/activities",
                new ActivityInput { Type = ActivityType.Call, OccurredOn = Today, Summary = "x" }, CrmApp.Json),
        };

        await Assert.MultipleAsync(async () =>
        {
            foreach (var (route, response) in responses)
            {
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), route);
                Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain(deal.Title).And.Not.Contain(deal.CompanyName), route);
            }
        });
        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == id));
        Assert.That((stored.Title, stored.Version, stored.Stage, stored.Status), Is.EqualTo((deal.Title, deal.Version, DealStage.Lead, DealStatus.Active)));
        Assert.That(await _app.WithDbAsync(db => db.Activities.CountAsync(a => a.DealId == id)), Is.Zero);
    }

    [Test]
    public async Task Recruiter_of_another_desk_does_not_find_the_deal_in_lists()
    {
        var word = TestData.Unique("范围");
        var deal = await _gdClient.CreateDealAsync(companyName: $"{word}食品有限公司");

        var byCompany = await _fjClient.GetFromJsonAsync<DealPage>($"/api/v1/deals?q={Uri.EscapeDataString(word)}", CrmApp.Json);
        var byDesk = await _fjClient.GetFromJsonAsync<DealPage>("/api/v1/deals?desk=GD&pageSize=200", CrmApp.Json);
        var byOwner = await _fjClient.GetFromJsonAsync<DealPage>($"/api/v1/deals?ownerId={_gd.Id}", CrmApp.Json);
        var own = await _gdClient.GetFromJsonAsync<DealPage>($"/api/v1/deals?q={Uri.EscapeDataString(word)}", CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(byCompany!.Items, Is.Empty);
            Assert.That(byDesk!.Items, Is.Empty);
            Assert.That(byOwner!.Items, Is.Empty);
            Assert.That(own!.Items.Select(d => d.Id), Is.EqualTo(new[] { deal.Id }));
        });
    }

    [Test]
    public async Task Recruiter_sees_and_edits_a_deal_they_own_on_another_desk()
    {
        var company = await _manager.CreateCompanyAsync();
        var deal = await _manager.CreateDealAsync(TestData.NewDeal(company.Id, b => { b.Desk = DeskCodes.Beijing; b.OwnerId = _fj.Id; }));

        var get = await _fjClient.GetAsync($"/api/v1/deals/{deal.Id}");
        var moved = await _fjClient.MoveAsync(deal, DealStage.Contacted, Today);
        var gdGet = await _gdClient.GetAsync($"/api/v1/deals/{deal.Id}");

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(moved.Stage, Is.EqualTo(DealStage.Contacted));
        Assert.That(gdGet.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Recruiter_naming_owner_and_desk_on_create_gets_their_own()
    {
        var company = await _gdClient.CreateCompanyAsync();
        var deal = await _gdClient.CreateDealAsync(TestData.NewDeal(company.Id, b => { b.OwnerId = _fj.Id; b.Desk = DeskCodes.Fujian; }));

        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.That((stored.OwnerId, stored.DeskCode), Is.EqualTo((_gd.Id, DeskCodes.Guangdong)));
    }

    [Test]
    public async Task Recruiter_naming_owner_and_desk_on_update_changes_neither()
    {
        var deal = await _gdClient.CreateDealAsync();
        var response = await _gdClient.PutAsJsonAsync($"/api/v1/deals/{deal.Id}",
            DealApiTests.UpdateOf(deal) with { OwnerId = _fj.Id, Desk = DeskCodes.Fujian, Title = "改名" }, CrmApp.Json);
        await response.EnsureSuccessAsync();

        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.That((stored.OwnerId, stored.DeskCode, stored.Title), Is.EqualTo((_gd.Id, DeskCodes.Guangdong, "改名")));
    }

    [Test]
    public async Task Manager_reassigns_owner_and_desk()
    {
        var deal = await _gdClient.CreateDealAsync();
        var response = await _manager.PutAsJsonAsync($"/api/v1/deals/{deal.Id}",
            DealApiTests.UpdateOf(deal) with { OwnerId = _fj.Id, Desk = DeskCodes.Fujian }, CrmApp.Json);
        await response.EnsureSuccessAsync();

        var stored = await _app.WithDbAsync(db => db.Deals.AsNoTracking().SingleAsync(d => d.Id == deal.Id));
        Assert.That((stored.OwnerId, stored.DeskCode), Is.EqualTo((_fj.Id, DeskCodes.Fujian)));
    }

    [Test]
    public async Task Advisor_is_refused_on_deal_routes()
    {
        var (_, advisor) = await _app.SignedInAsync(Roles.Advisor);
        var deal = await _gdClient.CreateDealAsync();
        await Assert.MultipleAsync(async () =>
        {
            Assert.That((await advisor.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await advisor.GetAsync($"/api/v1/deals/{deal.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That((await advisor.PostAsJsonAsync("/api/v1/deals", TestData.NewDeal(deal.CompanyId), CrmApp.Json)).StatusCode,
                Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Api_answers_401_to_a_valid_sign_in_cookie_alone()
    {
        var cookie = await SignInCookieAsync(_gd);
        var withCookie = _app.CreateClient(new() { AllowAutoRedirect = false });
        withCookie.DefaultRequestHeaders.Add("Cookie", cookie);

        // The cookie is a real sign-in: the UI's circuit endpoint accepts it ...
        var ui = await withCookie.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.That(ui.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        // ... and the API does not, for reads and for a cross-site write alike.
        Assert.That((await withCookie.GetAsync("/api/v1/deals")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That((await withCookie.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        var before = await _app.WithDbAsync(db => db.Companies.CountAsync());
        var write = await withCookie.PostAsJsonAsync("/api/v1/companies", new { name = "跨站食品有限公司" });
        Assert.That(write.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await _app.WithDbAsync(db => db.Companies.CountAsync()), Is.EqualTo(before));
    }

    [Test]
    public async Task Anonymous_gets_401_problem_on_the_api()
    {
        var response = await _app.CreateClient().GetAsync("/api/v1/deals");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    private async Task<string> SignInCookieAsync(TestUser user)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<CrmUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByIdAsync(user.Id))!);
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal,
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(1) },
            IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }
}

/// <summary>The tests of <see cref="DealAuthorizationTests"/> on SQLite.</summary>
public sealed class SqliteDealAuthorizationTests : DealAuthorizationTests;
