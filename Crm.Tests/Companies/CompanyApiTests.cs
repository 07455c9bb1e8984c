using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Companies;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Deals;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Companies;

public sealed class CompanyApiTests
{
    private CrmApp _app = null!;
    private TestUser _user = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_user, _client) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Create_with_contacts_answers_201_and_the_company_is_found_by_name_and_code()
    {
        var name = TestData.Unique("李锦记（新会）食品有限公司");
        var input = new CompanyInput
        {
            Name = name,
            CreditCode = " 91350100m000100y43 ",
            Tier = CompanyTier.ChinaTop500,
            Website = "https://example.com",
            Contacts = [new ContactInput { Name = "李经理", Title = "投资总监", Phone = "+86 (20) 1234-5678", Email = "li@example.com", WeChat = "li_wx" }],
        };

        var response = await _client.PostAsJsonAsync("/api/v1/companies", input, CrmApp.Json);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var created = await response.ReadAsync<CompanyResponse>();
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/companies/{created.Id}"));
        Assert.Multiple(() =>
        {
            Assert.That(created.CreditCode, Is.EqualTo("91350100M000100Y43"), "stored normalised");
            Assert.That(created.Tier, Is.EqualTo(CompanyTier.ChinaTop500));
            Assert.That(created.Version, Is.EqualTo(1));
            Assert.That(created.Contacts.Select(c => (c.Name, c.Title, c.Email)), Is.EqualTo(new[] { ("李经理", (string?)"投资总监", (string?)"li@example.com") }));
        });

        var fetched = await _client.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{created.Id}", CrmApp.Json);
        var byName = await _client.GetFromJsonAsync<List<CompanyResponse>>($"/api/v1/companies?q={Uri.EscapeDataString(name[..6])}", CrmApp.Json);
        var byCode = await _client.GetFromJsonAsync<List<CompanyResponse>>("/api/v1/companies?q=91350100m000100y43", CrmApp.Json);
        Assert.Multiple(() =>
        {
            Assert.That(fetched!.Name, Is.EqualTo(name));
            Assert.That(byName!.Select(c => c.Id), Does.Contain(created.Id));
            Assert.That(byCode!.Select(c => c.Id), Is.EqualTo(new[] { created.Id }));
        });
        Assert.That(await AuditActionsAsync(created.Id), Is.EqualTo(new[] { AuditActions.Create }));
    }

    [Test]
    public async Task Update_replaces_contacts_by_id_and_bumps_the_version()
    {
        var created = await (await _client.PostAsJsonAsync("/api/v1/companies", new CompanyInput
        {
            Name = TestData.Unique("中盛粮油工业有限公司"),
            Contacts = [new ContactInput { Name = "王总" }, new ContactInput { Name = "赵秘书" }],
        }, CrmApp.Json)).ReadAsync<CompanyResponse>();
        var wang = created.Contacts.Single(c => c.Name == "王总");

        var response = await _client.PutAsJsonAsync($"/api/v1/companies/{created.Id}", new CompanyUpdateInput
        {
            Name = created.Name,
            Tier = CompanyTier.Listed,
            Version = created.Version,
            Contacts = [new ContactInput { Id = wang.Id, Name = "王总", Phone = "13800000000" }, new ContactInput { Name = "孙工" }],
        }, CrmApp.Json);

        await response.EnsureSuccessAsync();
        var updated = await response.ReadAsync<CompanyResponse>();
        Assert.Multiple(() =>
        {
            Assert.That(updated.Version, Is.EqualTo(2));
            Assert.That(updated.Tier, Is.EqualTo(CompanyTier.Listed));
            Assert.That(updated.Contacts.Select(c => c.Name), Is.EquivalentTo(new[] { "王总", "孙工" }));
            Assert.That(updated.Contacts.Single(c => c.Name == "王总").Id, Is.EqualTo(wang.Id), "kept by id");
            Assert.That(updated.Contacts.Single(c => c.Name == "王总").Phone, Is.EqualTo("13800000000"));
        });
        Assert.That(await AuditActionsAsync(created.Id), Is.EqualTo(new[] { AuditActions.Create, AuditActions.Update }));

        var stale = await _client.PutAsJsonAsync($"/api/v1/companies/{created.Id}",
            new CompanyUpdateInput { Name = "stale", Version = created.Version }, CrmApp.Json);
        Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await stale.ReadAsync<CompanyResponse>()).Version, Is.EqualTo(2), "a 409 carries the current company");
    }

    [Test]
    public async Task Duplicate_credit_code_is_refused()
    {
        await _client.CreateCompanyAsync(creditCode: "914403001922038216");
        var second = new CompanyInput { Name = TestData.Unique("重复"), CreditCode = "914403001922038216" };

        var warned = await _client.PostAsJsonAsync("/api/v1/companies", second, CrmApp.Json);
        Assert.That(warned.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "the duplicate check names the certain match first");
        var confirmed = await _client.PostAsJsonAsync("/api/v1/companies?confirm=true", second, CrmApp.Json);
        Assert.That(confirmed.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), "confirming cannot register one code twice");
        Assert.That(await confirmed.Content.ReadAsStringAsync(), Does.Contain("company.duplicateCreditCode"));
    }

    [TestCase("{\"name\":\"x\",\"creditCode\":\"91350100M000100Y44\"}", "creditCode")]
    [TestCase("{\"name\":\"x\",\"creditCode\":\"91350100M000100Y4\"}", "creditCode")]
    [TestCase("{\"name\":\"x\",\"creditCode\":\"9135010OM000100Y43\"}", "creditCode")]
    [TestCase("{\"name\":\"\"}", "name")]
    [TestCase("{}", "name")]
    [TestCase("{\"name\":\"x\",\"tier\":\"Galactic\"}", "tier")]
    [TestCase("{\"name\":\"x\",\"tier\":0}", "tier")]
    [TestCase("{\"name\":\"x\",\"contacts\":[{\"name\":\"a\",\"email\":\"not-an-email\"}]}", "contacts[0].email")]
    [TestCase("{\"name\":\"x\",\"contacts\":[{\"name\":\"\"}]}", "contacts[0].name")]
    [TestCase("{\"name\":\"x\",\"contacts\":[{\"name\":\"a\",\"phone\":\"call me\"}]}", "contacts[0].phone")]
    public async Task Create_with_bad_input_is_400_naming_the_field_and_writes_nothing(string json, string field)
    {
        var before = await _app.WithDbAsync(db => db.Companies.CountAsync());
        var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/companies")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
        await DealValidationTests.AssertNamesAsync(response, field);
        Assert.That(await _app.WithDbAsync(db => db.Companies.CountAsync()), Is.EqualTo(before));
    }

    [Test]
    public async Task Unknown_company_is_404()
    {
        Assert.That((await _client.GetAsync("/api/v1/companies/987654")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var put = await _client.PutAsJsonAsync("/api/v1/companies/987654", new CompanyUpdateInput { Name = "x", Version = 1 }, CrmApp.Json);
        Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private Task<List<string>> AuditActionsAsync(int id) => _app.WithDbAsync(db => db.AuditLog.AsNoTracking()
        .Where(a => a.EntityType == nameof(Company) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
}
