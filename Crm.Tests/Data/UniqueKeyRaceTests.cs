using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Companies;
using Crm.Domain.Desks;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Data;

/// <summary>
/// Requests that race on one unique key, sent at once through the real host: the index decides, and the request that loses
/// gets the answer it would have got a moment later (the field, the catalogue code), never a 500, and writes nothing.
/// Run on SQLite (<see cref="UniqueKeyRacesOnSqliteTests"/>) and on PostgreSQL (<see cref="UniqueKeyRacesOnPostgreSqlTests"/>).
/// </summary>
public abstract class UniqueKeyRaces
{
    protected abstract CrmApp NewApp(CapturedLog? log = null);

    [Test]
    public async Task Twenty_creates_at_once_with_one_credit_code_register_one_company_and_refuse_the_others_with_the_code()
    {
        var log = new CapturedLog();
        using var app = NewApp(log);
        var (_, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var code = TestData.UniqueCreditCode();

        // Confirmed, with different names: the duplicate check stands aside and only the unique index is left to decide.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostAsJsonAsync("/api/v1/companies?confirm=true",
            new CompanyInput { Name = TestData.Unique("并发登记食品有限公司"), CreditCode = code }, CrmApp.Json)));
        var refusals = await RefusalsAsync(responses, HttpStatusCode.UnprocessableEntity);
        var stored = await app.WithDbAsync(db => db.Companies.CountAsync(c => c.CreditCode == code));
        var audited = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(Company) && a.Action == AuditActions.Create));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.Created).And.Exactly(19).EqualTo(HttpStatusCode.UnprocessableEntity),
                Statuses(responses));
            Assert.That(refusals.Select(p => p.Code), Is.All.EqualTo("company.duplicateCreditCode"));
            Assert.That(refusals.Select(p => p.Detail), Is.All.Not.Empty);
            Assert.That(stored, Is.EqualTo(1));
            Assert.That(audited, Is.EqualTo(1), "a create that lost the race leaves no audit row");
            Assert.That(log.AtLeast(LogLevel.Error).Select(e => e.ToString()), Is.Empty, "a lost race is an answer, not an error");
        });
    }

    [Test]
    public async Task Two_updates_at_once_setting_one_credit_code_save_one_and_refuse_the_other_with_the_code()
    {
        using var app = NewApp();
        var (_, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);

        for (var round = 0; round < 8; round++)
        {
            var first = await client.CreateCompanyAsync(confirm: true);
            var second = await client.CreateCompanyAsync(confirm: true);
            var code = TestData.UniqueCreditCode();

            var responses = await Task.WhenAll(new[] { first, second }.Select(c => client.PutAsJsonAsync($"/api/v1/companies/{c.Id}",
                new CompanyUpdateInput { Name = c.Name, CreditCode = code, Version = c.Version }, CrmApp.Json)));
            var refusals = await RefusalsAsync(responses, HttpStatusCode.UnprocessableEntity);
            var stored = await app.WithDbAsync(db => db.Companies.AsNoTracking().Where(c => c.Id == first.Id || c.Id == second.Id)
                .Select(c => new { c.CreditCode, c.Version }).ToListAsync());

            Assert.Multiple(() =>
            {
                Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.OK).And.Exactly(1).EqualTo(HttpStatusCode.UnprocessableEntity),
                    $"round {round}: {Statuses(responses)}");
                Assert.That(refusals.Select(p => p.Code), Is.All.EqualTo("company.duplicateCreditCode"));
                Assert.That(stored.Count(c => c.CreditCode == code), Is.EqualTo(1));
                Assert.That(stored.Single(c => c.CreditCode != code).Version, Is.EqualTo(1), "the loser's company is as it was");
            });
        }
        var updates = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(Company) && a.Action == AuditActions.Update));
        Assert.That(updates, Is.EqualTo(8), "one audit row per round: the loser's update wrote nothing");
    }

    [Test]
    public async Task Users_created_at_once_with_one_email_are_one_user_and_the_others_are_told_the_email_is_taken()
    {
        using var app = NewApp();
        var (_, admin) = await app.SignedInAsync(Roles.Admin);
        var email = $"{TestData.Unique("same.person")}@zone.test";

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => admin.PostAsJsonAsync("/api/v1/users",
            new NewUserInput { Email = i % 2 == 0 ? email : email.ToUpperInvariant(), DisplayName = $"同一人 {i}", Role = Roles.Manager }, CrmApp.Json)));
        var refusals = await RefusalsAsync(responses, HttpStatusCode.BadRequest);
        var normalized = email.ToUpperInvariant();
        var stored = await app.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == normalized));
        var audited = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == "User" && a.Action == AuditActions.Create));

        Assert.Multiple(() =>
        {
            Assert.That(responses.Select(r => r.StatusCode), Has.Exactly(1).EqualTo(HttpStatusCode.Created).And.Exactly(9).EqualTo(HttpStatusCode.BadRequest),
                Statuses(responses));
            Assert.That(refusals.Select(p => p.Code), Is.All.EqualTo("user.emailTaken"));
            Assert.That(refusals.Select(p => p.Errors?.Keys.Single()), Is.All.EqualTo("email"));
            Assert.That(stored, Is.EqualTo(1));
            Assert.That(audited, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_double_click_on_an_email_setting_stores_it_once_and_answers_both_clicks_with_the_setting()
    {
        using var app = NewApp();
        var (user, client) = await app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var kinds = Enum.GetValues<NotificationKind>();

        foreach (var email in new[] { false, true })
        {
            foreach (var kind in kinds)
            {
                var body = new NotificationSettingsInput { Settings = [new NotificationSetting(kind, email)] };
                var responses = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => client.PutAsJsonAsync("/api/v1/me/notification-settings", body, CrmApp.Json)));
                var answers = await Task.WhenAll(responses.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => r.ReadAsync<List<NotificationSetting>>()));

                Assert.Multiple(() =>
                {
                    Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK), $"{kind} email {email}: {Statuses(responses)}");
                    Assert.That(answers.Select(a => a.Single(s => s.Kind == kind).Email), Is.All.EqualTo(email), "each click is answered with the stored setting");
                });
            }
            var stored = await app.WithDbAsync(db => db.NotificationOptOuts.AsNoTracking().Where(o => o.UserId == user.Id).Select(o => o.Kind).ToListAsync());
            Assert.That(stored, email ? Is.Empty : Is.EquivalentTo(kinds), "one opt-out per kind turned off, none once turned on again");
        }
    }

    private static async Task<ProblemBody[]> RefusalsAsync(IEnumerable<HttpResponseMessage> responses, HttpStatusCode status) =>
        await Task.WhenAll(responses.Where(r => r.StatusCode == status).Select(r => r.ReadAsync<ProblemBody>()));

    private static string Statuses(IEnumerable<HttpResponseMessage> responses) =>
        string.Join(", ", responses.GroupBy(r => (int)r.StatusCode).OrderBy(g => g.Key).Select(g => $"{g.Count()}× {g.Key}"));

    private sealed record ProblemBody(int Status, string? Code, string? Detail, Dictionary<string, string[]>? Errors);
}

public sealed class UniqueKeyRacesOnSqliteTests : UniqueKeyRaces
{
    protected override CrmApp NewApp(CapturedLog? log = null) => new() { Log = log };
}

[Category("Server")]
public sealed class UniqueKeyRacesOnPostgreSqlTests : UniqueKeyRaces
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

    protected override CrmApp NewApp(CapturedLog? log = null) => new(settings: _database!.Settings()) { Log = log };
}
