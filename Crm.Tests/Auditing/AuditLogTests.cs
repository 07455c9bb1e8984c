using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace Crm.Tests.Auditing;

/// <summary>The Admin audit log: what goes in (sign-ins, denials, permission changes), how it is searched and exported, and that nothing takes it out.</summary>
public sealed class AuditLogTests
{
    private CrmApp _app = null!;
    private HttpClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_, _admin) = await _app.SignedInAsync(Roles.Admin);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private Task<AuditPage> SearchAsync(string query) => _admin.GetFromJsonAsync<AuditPage>("/api/v1/admin/audit?" + query, CrmApp.Json)!;

    [Test]
    public async Task A_wrong_password_and_an_unknown_address_are_recorded_as_failed_sign_ins_without_the_password()
    {
        var user = await _app.CreateUserAsync(Roles.Manager);
        var client = _app.CreateClient();
        var wrong = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "Not-The-Password-123" });
        var unknown = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody-here@zone.test", password = "Not-The-Password-456" });
        Assert.That((wrong.StatusCode, unknown.StatusCode), Is.EqualTo((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized)));

        var failed = await SearchAsync($"entityType=SignIn&action={AuditActions.SignInFailed}&take=200");
        var own = failed.Items.Where(r => r.UserId == user.Id).ToList();
        Assert.That(own, Has.Count.EqualTo(1), "the account's failed attempt");
        Assert.That(own[0].After, Does.Contain(user.Email));
        Assert.That(failed.Items.Any(r => r.EntityId == "nobody-here@zone.test" && r.UserId == ""), "an attempt on an unknown address");
        Assert.That(failed.Items.Select(r => r.After), Has.None.Contains("Not-The-Password"), "no password in the log");

        await _app.ClientForAsync(user);
        var succeeded = await SearchAsync($"userId={user.Id}&action={AuditActions.SignedIn}");
        Assert.That(succeeded.Total, Is.EqualTo(1));
    }

    [Test]
    public async Task A_refused_route_is_recorded_as_a_denial_of_that_user()
    {
        var (recruiter, client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        Assert.That((await client.GetAsync("/api/v1/users")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));

        var denials = await SearchAsync($"userId={recruiter.Id}&entityType={AuditLogService.AccessEntity}");
        Assert.That(denials.Items.Select(d => (d.Action, d.EntityId)), Is.EqualTo(new[] { (AuditActions.Denied, "/api/v1/users") }));
    }

    [Test]
    public async Task A_role_change_is_searchable_by_record_and_kind_and_reads_in_words()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
        var response = await _admin.PutAsJsonAsync($"/api/v1/users/{user.Id}/access", new UserAccessInput { Role = Roles.Manager }, CrmApp.Json);
        await response.EnsureSuccessAsync();

        var page = await SearchAsync($"entityType=User&entityId={user.Id}&action={AuditActions.SetRoles}");
        Assert.That(page.Total, Is.EqualTo(1));
        var changes = AuditDescriptions.Changes(page.Items[0].EntityType, page.Items[0].Before, page.Items[0].After, CultureInfo.GetCultureInfo("en"));
        Assert.That(changes.Select(c => c.Field), Is.EquivalentTo(new[] { "roles", "desk" }));
        Assert.That(changes.Single(c => c.Field == "roles"), Has.Property(nameof(AuditChange.Before)).EqualTo(Roles.Recruiter)
            .And.Property(nameof(AuditChange.After)).EqualTo(Roles.Manager));
        Assert.That(AuditDescriptions.Action(AuditActions.SetRoles, CultureInfo.GetCultureInfo("zh-CN")), Is.EqualTo("角色或驻点变更"));
    }

    [Test]
    public async Task A_stage_move_reads_with_the_field_label_and_the_stage_labels()
    {
        var (_, recruiter) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var deal = await recruiter.CreateDealAsync();
        await recruiter.MoveAsync(deal, DealStage.Contacted, deal.LeadOn);

        var page = await SearchAsync($"entityType=Deal&entityId={deal.Id}&action={AuditActions.MoveStage}");
        var row = page.Items.Single();
        var zh = AuditDescriptions.Changes(row.EntityType, row.Before, row.After, CultureInfo.GetCultureInfo("zh-CN"));
        var stage = zh.Single(c => c.Field == "stage");
        Assert.That((stage.Label, stage.Before, stage.After), Is.EqualTo((
            Crm.Domain.Localization.Catalogue.Text("Deal.Stage", CultureInfo.GetCultureInfo("zh-CN")),
            Crm.Domain.Localization.Catalogue.Of(DealStage.Lead, CultureInfo.GetCultureInfo("zh-CN")),
            Crm.Domain.Localization.Catalogue.Of(DealStage.Contacted, CultureInfo.GetCultureInfo("zh-CN")))));
        Assert.That(zh.Select(c => c.Field), Has.None.EqualTo("version"), "the version says nothing to a reader");
    }

    [Test]
    public async Task The_period_filter_takes_zone_dates_both_ends_included()
    {
        var (user, _) = await _app.SignedInAsync(Roles.Manager);
        var today = TimeProvider.System.GetUtcNow().UtcDateTime;
        var zoneToday = Crm.Domain.Common.ZoneTime.ToZoneDate(today);
        Assert.That((await SearchAsync($"userId={user.Id}&from={zoneToday:yyyy-MM-dd}&to={zoneToday:yyyy-MM-dd}")).Total, Is.EqualTo(1));
        Assert.That((await SearchAsync($"userId={user.Id}&to={zoneToday.AddDays(-1):yyyy-MM-dd}")).Total, Is.Zero);
        Assert.That((await SearchAsync($"userId={user.Id}&from={zoneToday.AddDays(1):yyyy-MM-dd}")).Total, Is.Zero);
        Assert.That((await _admin.GetAsync($"/api/v1/admin/audit?from={zoneToday:yyyy-MM-dd}&to={zoneToday.AddDays(-1):yyyy-MM-dd}")).StatusCode,
            Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task The_export_holds_what_the_search_shows_in_the_callers_words()
    {
        var user = await _app.CreateUserAsync(Roles.Recruiter, DeskCodes.Fujian);
        await (await _admin.PostAsync($"/api/v1/users/{user.Id}/lock", null)).EnsureSuccessAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/admin/audit/export?entityId={user.Id}&format=csv");
        request.Headers.AcceptLanguage.ParseAdd("en");
        var csv = await (await _admin.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.That(csv, Does.Contain("Before → after").And.Contains("Locked").And.Contains("Locked: no → yes"));

        var xlsx = await _admin.GetAsync($"/api/v1/admin/audit/export?entityId={user.Id}");
        Assert.That(xlsx.Content.Headers.ContentType?.MediaType, Is.EqualTo(AuditExport.XlsxType));
        var rows = (await xlsx.Content.ReadAsStreamAsync()).Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.That(rows, Has.Count.EqualTo(1), "the lock, and nothing of other records");
    }

    [Test]
    public void No_route_of_the_product_writes_to_the_audit_log()
    {
        var audit = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true
                && e.RoutePattern.RawText.Contains("audit", StringComparison.OrdinalIgnoreCase))
            .ToList();
        Assert.That(audit, Has.Count.EqualTo(2), "the search and the export");
        var methods = audit.SelectMany(e => e.Metadata.OfType<Microsoft.AspNetCore.Routing.HttpMethodMetadata>().SelectMany(m => m.HttpMethods)).Distinct();
        Assert.That(methods, Is.EqualTo(new[] { "GET" }));
    }

    [Test]
    public async Task Deleting_or_changing_the_log_through_the_api_is_not_a_route()
    {
        var id = (await SearchAsync("take=1")).Items[0].Id;
        foreach (var method in new[] { HttpMethod.Delete, HttpMethod.Put, HttpMethod.Post, HttpMethod.Patch })
        {
            var response = await _admin.SendAsync(new HttpRequestMessage(method, $"/api/v1/admin/audit/{id}") { Content = JsonContent.Create(new { }) });
            Assert.That((int)response.StatusCode, Is.EqualTo(404).Or.EqualTo(405), method.Method);
        }
        Assert.That(await _app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Id == id)));
    }
}
