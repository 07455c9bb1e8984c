using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Organizations;

/// <summary>Admins keep the list of associations: create, edit, unique names, audited.</summary>
public sealed class OrganizationServiceTests
{
    [Test]
    public async Task An_admin_creates_and_edits_an_organisation_and_both_are_audited()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);
        var name = TestData.Unique("潮汕商会");

        var created = await CallAsync(app, s => s.CreateAsync(admin, new OrganizationInput
        {
            Name = $"  {name} ",
            Kind = OrganizationKind.BusinessAssociation,
            Region = Region.PearlRiverDelta,
            Notes = "会长姓陈",
        }, CancellationToken.None));
        var org = ((ServiceResult<OrganizationResponse>.Ok)created).Value;
        Assert.That(org, Is.EqualTo(new OrganizationResponse(org.Id, name, OrganizationKind.BusinessAssociation, Region.PearlRiverDelta, "会长姓陈")));

        var renamed = name + "（新）";
        var updated = await CallAsync(app, s => s.UpdateAsync(admin, org.Id, new OrganizationInput
        {
            Name = renamed,
            Kind = OrganizationKind.HometownAssociation,
            Region = Region.Other,
            Notes = " ",
        }, CancellationToken.None));
        Assert.That(((ServiceResult<OrganizationResponse>.Ok)updated).Value,
            Is.EqualTo(new OrganizationResponse(org.Id, renamed, OrganizationKind.HometownAssociation, Region.Other, null)));

        var audit = await app.WithDbAsync(db => db.AuditLog.AsNoTracking()
            .Where(a => a.EntityType == nameof(Organization) && a.EntityId == org.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(a => a.Id).ToListAsync());
        Assert.That(audit.Select(a => a.Action), Is.EqualTo(new[] { AuditActions.Create, AuditActions.Update }));
        Assert.That(audit.All(a => a.UserId == admin.Id));
        Assert.That(audit[1].Before, Does.Contain(name));
        Assert.That(audit[1].After, Does.Contain(renamed));
        var list = await CallAsync(app, s => s.ListAsync(CancellationToken.None));
        Assert.That(list.Select(o => o.Name), Does.Contain(renamed));
    }

    [Test]
    public async Task A_duplicate_name_is_refused_naming_the_name_field_on_create_and_on_edit()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);
        var first = TestData.Unique("福建同乡会");
        var firstResult = await CallAsync(app, s => s.CreateAsync(admin, new OrganizationInput { Name = first }, CancellationToken.None));
        var second = ((ServiceResult<OrganizationResponse>.Ok)await CallAsync(app, s =>
            s.CreateAsync(admin, new OrganizationInput { Name = TestData.Unique("北京商会") }, CancellationToken.None))).Value;
        Assert.That(firstResult, Is.TypeOf<ServiceResult<OrganizationResponse>.Ok>());

        var again = await CallAsync(app, s => s.CreateAsync(admin, new OrganizationInput { Name = first }, CancellationToken.None));
        var rename = await CallAsync(app, s => s.UpdateAsync(admin, second.Id, new OrganizationInput { Name = first }, CancellationToken.None));

        Assert.That(again, Is.TypeOf<ServiceResult<OrganizationResponse>.Invalid>());
        Assert.That(((ServiceResult<OrganizationResponse>.Invalid)again).Field, Is.EqualTo("name"));
        Assert.That(((ServiceResult<OrganizationResponse>.Invalid)rename).Field, Is.EqualTo("name"));
        Assert.That(await app.WithDbAsync(db => db.Organizations.CountAsync(o => o.Name == first)), Is.EqualTo(1));
    }

    [Test]
    public async Task Invalid_input_is_refused_by_the_validator_naming_the_field()
    {
        using var app = new CrmApp();
        await using var scope = app.Services.CreateAsyncScope();
        var validator = scope.ServiceProvider.GetRequiredService<IValidator<OrganizationInput>>();

        var empty = await validator.ValidateAsync(new OrganizationInput { Name = " " });
        var tooLong = await validator.ValidateAsync(new OrganizationInput
        {
            Name = new string('会', FieldLengths.Name + 1),
            Kind = (OrganizationKind)42,
            Notes = new string('x', FieldLengths.Note + 1),
        });

        Assert.That(empty.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { nameof(OrganizationInput.Name) }));
        Assert.That(tooLong.Errors.Select(e => e.PropertyName).Order(),
            Is.EqualTo(new[] { nameof(OrganizationInput.Kind), nameof(OrganizationInput.Name), nameof(OrganizationInput.Notes) }));
    }

    [Test]
    public async Task A_non_admin_is_forbidden_and_an_unknown_id_is_not_found()
    {
        using var app = new CrmApp();
        var recruiter = await app.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var asRecruiter = new CurrentUser(recruiter.Id, new HashSet<string> { Roles.Recruiter }, DeskCodes.Guangdong);

        var refused = await CallAsync(app, s => s.CreateAsync(asRecruiter, new OrganizationInput { Name = TestData.Unique("商会") }, CancellationToken.None));
        var missing = await CallAsync(app, s => s.UpdateAsync(AdminOf("x"), 999_999, new OrganizationInput { Name = "无" }, CancellationToken.None));

        Assert.That(refused, Is.TypeOf<ServiceResult<OrganizationResponse>.Forbidden>());
        Assert.That(missing, Is.TypeOf<ServiceResult<OrganizationResponse>.NotFound>());
    }

    private static CurrentUser AdminOf(string id) => new(id, new HashSet<string> { Roles.Admin }, null);

    private static async Task<CurrentUser> AdminAsync(CrmApp app) => AdminOf((await app.CreateUserAsync(Roles.Admin)).Id);

    private static async Task<T> CallAsync<T>(CrmApp app, Func<OrganizationService, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<OrganizationService>());
    }
}
