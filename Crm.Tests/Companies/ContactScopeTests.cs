using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Companies;

/// <summary>Contacts belong to the desks that follow the company; every change is audited on the company.</summary>
public sealed class ContactScopeTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _manager = null!;
    private TestUser _gdUser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_gdUser, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private async Task<CompanyResponse> GdFollowedCompanyWithContactAsync()
    {
        var deal = await _gd.CreateDealAsync();
        return await _gd.AddContactAsync(deal.CompanyId, "李经理");
    }

    [Test]
    public async Task Another_desks_recruiter_cannot_add_edit_or_remove_contacts_and_nothing_is_written()
    {
        var company = await GdFollowedCompanyWithContactAsync();
        var contact = company.Contacts.Single();
        var auditBefore = await AuditCountAsync(company.Id);

        var add = await _fj.PostAsJsonAsync($"/api/v1/companies/{company.Id}/contacts", new ContactInput { Name = "王五" }, CrmApp.Json);
        var edit = await _fj.PutAsJsonAsync($"/api/v1/companies/{company.Id}/contacts/{contact.Id}",
            new ContactUpdateInput { Name = "改名", Version = company.Version }, CrmApp.Json);
        var remove = await _fj.DeleteAsync($"/api/v1/companies/{company.Id}/contacts/{contact.Id}");
        var wipe = await _fj.PutAsJsonAsync($"/api/v1/companies/{company.Id}",
            new CompanyUpdateInput { Name = company.Name, Version = company.Version, Contacts = [] }, CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(add.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(edit.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(remove.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(wipe.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the company's own PUT cannot replace the contacts either");
        });
        var stored = await _manager.GetFromJsonAsync<CompanyResponse>($"/api/v1/companies/{company.Id}", CrmApp.Json);
        Assert.Multiple(async () =>
        {
            Assert.That(stored!.Contacts.Select(c => c.Name), Is.EqualTo(new[] { "李经理" }));
            Assert.That(stored.Version, Is.EqualTo(company.Version));
            Assert.That(await AuditCountAsync(company.Id), Is.EqualTo(auditBefore));
        });

        // The company itself stays the zone's shared register: its facts may be edited by any desk, contacts untouched.
        var facts = await _fj.PutAsJsonAsync($"/api/v1/companies/{company.Id}",
            new CompanyUpdateInput { Name = company.Name, Tier = CompanyTier.Listed, Version = company.Version }, CrmApp.Json);
        await facts.EnsureSuccessAsync();
        Assert.That((await facts.ReadAsync<CompanyResponse>()).Contacts.Select(c => c.Name), Is.EqualTo(new[] { "李经理" }));
    }

    [Test]
    public async Task The_following_desk_adds_edits_and_removes_contacts_each_change_audited_before_and_after()
    {
        var deal = await _gd.CreateDealAsync();
        var added = await _gd.AddContactAsync(deal.CompanyId, "赵秘书");
        var contact = added.Contacts.Single();

        var edited = await _gd.PutAsJsonAsync($"/api/v1/companies/{deal.CompanyId}/contacts/{contact.Id}",
            new ContactUpdateInput { Name = "赵秘书", Title = "董事长秘书", Email = "zhao@example.com", Version = added.Version }, CrmApp.Json);
        await edited.EnsureSuccessAsync();
        var afterEdit = await edited.ReadAsync<CompanyResponse>();
        var removed = await _gd.DeleteAsync($"/api/v1/companies/{deal.CompanyId}/contacts/{contact.Id}");
        await removed.EnsureSuccessAsync();
        var afterRemove = await removed.ReadAsync<CompanyResponse>();

        Assert.Multiple(() =>
        {
            Assert.That(afterEdit.Contacts.Single().Title, Is.EqualTo("董事长秘书"));
            Assert.That(afterEdit.Version, Is.EqualTo(added.Version + 1), "a contact change moves the company's version");
            Assert.That(afterRemove.Contacts, Is.Empty);
        });
        var rows = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(Company) && a.EntityId == deal.CompanyId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).ToListAsync());
        Assert.That(rows.Select(r => r.Action), Is.EqualTo(new[] { AuditActions.Create, AuditActions.Update, AuditActions.Update, AuditActions.Update }));
        Assert.Multiple(() =>
        {
            Assert.That(rows.Skip(1).All(r => r.UserId == _gdUser.Id), "who");
            Assert.That(rows[1].Before, Does.Not.Contain("赵秘书"));
            Assert.That(rows[1].After, Does.Contain("赵秘书"), "added");
            Assert.That(rows[2].Before, Does.Not.Contain("董事长秘书"));
            Assert.That(rows[2].After, Does.Contain("董事长秘书"), "edited");
            Assert.That(rows[3].Before, Does.Contain("赵秘书"));
            Assert.That(rows[3].After, Does.Not.Contain("赵秘书"), "removed");
        });
    }

    [Test]
    public async Task A_company_no_desk_follows_is_open_to_every_desk_and_a_manager_edits_any()
    {
        var company = await _gd.CreateCompanyAsync();
        await _fj.AddContactAsync(company.Id, "孙工");
        var followed = await GdFollowedCompanyWithContactAsync();
        var byManager = await _manager.AddContactAsync(followed.Id, "周总");
        Assert.That(byManager.Contacts.Select(c => c.Name), Is.EquivalentTo(new[] { "李经理", "周总" }));
    }

    [Test]
    public async Task A_stale_version_is_409_an_unknown_contact_or_company_404_and_bad_input_400()
    {
        var company = await GdFollowedCompanyWithContactAsync();
        var contact = company.Contacts.Single();
        var other = await GdFollowedCompanyWithContactAsync();

        var stale = await _gd.PutAsJsonAsync($"/api/v1/companies/{company.Id}/contacts/{contact.Id}",
            new ContactUpdateInput { Name = "x", Version = company.Version - 1 }, CrmApp.Json);
        var foreign = await _gd.DeleteAsync($"/api/v1/companies/{other.Id}/contacts/{contact.Id}");
        var unknown = await _gd.PostAsJsonAsync("/api/v1/companies/987654/contacts", new ContactInput { Name = "x" }, CrmApp.Json);
        var bad = await _gd.PostAsJsonAsync($"/api/v1/companies/{company.Id}/contacts", new { name = "a", email = "not-an-email" }, CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a contact of another company");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
        await Deals.DealValidationTests.AssertNamesAsync(bad, "email");
    }

    [Test]
    public async Task The_register_filters_by_tier_segment_region_and_following_desk_segment_and_region_only_in_scope()
    {
        var tag = TestData.Unique("筛选食品");
        var dairy = await _gd.CreateCompanyAsync(tag + "乳业有限公司", CompanyTier.Listed);
        await _gd.CreateDealAsync(TestData.NewDeal(dairy.Id, b => { b.Segment = Segment.Dairy; b.Region = Region.BohaiRim; }));
        var meat = await _fj.CreateCompanyAsync(tag + "肉业有限公司", CompanyTier.None, confirm: true);
        await _fj.CreateDealAsync(TestData.NewDeal(meat.Id, b => b.Segment = Segment.Meat), confirm: true);
        var q = Uri.EscapeDataString(tag);

        async Task<int[]> IdsAsync(HttpClient client, string query) =>
            (await client.GetFromJsonAsync<List<CompanyResponse>>($"/api/v1/companies?q={q}&{query}", CrmApp.Json))!.Select(c => c.Id).ToArray();

        Assert.Multiple(async () =>
        {
            Assert.That(await IdsAsync(_gd, "tier=Listed"), Is.EqualTo(new[] { dairy.Id }));
            Assert.That(await IdsAsync(_gd, "segment=Dairy"), Is.EqualTo(new[] { dairy.Id }));
            Assert.That(await IdsAsync(_gd, "region=BohaiRim"), Is.EqualTo(new[] { dairy.Id }));
            Assert.That(await IdsAsync(_gd, "desk=FJ"), Is.EqualTo(new[] { meat.Id }), "which desk follows it is the register's fact");
            Assert.That(await IdsAsync(_fj, "segment=Dairy"), Is.Empty, "another desk's deal tells nothing of its segment");
            Assert.That(await IdsAsync(_manager, "segment=Dairy&segment=Meat&sort=-name"), Is.EqualTo(new[] { meat.Id, dairy.Id }));
        });
        var unknownSort = await _gd.GetAsync("/api/v1/companies?sort=size");
        await Deals.DealValidationTests.AssertNamesAsync(unknownSort, "sort");
    }

    private Task<int> AuditCountAsync(int companyId) => _app.WithDbAsync(db => db.AuditLog.CountAsync(a =>
        a.EntityType == nameof(Company) && a.EntityId == companyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
