using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Desks;

/// <summary>Admins rename and reorder desks and add new ones; the code is the key and never changes.</summary>
public sealed class DeskServiceTests
{
    [Test]
    public async Task An_admin_adds_a_desk_and_renames_a_seeded_one_and_both_are_audited()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);

        var created = await CallAsync(app, s => s.CreateAsync(admin,
            new DeskInput { Code = "SH", Name = "上海驻点招商小组", NameEn = "Shanghai desk", SortOrder = 5 }, CancellationToken.None));
        var updated = await CallAsync(app, s => s.UpdateAsync(admin, DeskCodes.Beijing,
            new DeskInput { Code = DeskCodes.Beijing, Name = " 北京招商小组 ", NameEn = "Beijing team", SortOrder = 9 }, CancellationToken.None));

        Assert.That(((ServiceResult<DeskResponse>.Ok)created).Value, Is.EqualTo(new DeskResponse("SH", "上海驻点招商小组", "Shanghai desk", 5)));
        Assert.That(((ServiceResult<DeskResponse>.Ok)updated).Value, Is.EqualTo(new DeskResponse(DeskCodes.Beijing, "北京招商小组", "Beijing team", 9)));
        var list = await CallAsync(app, s => s.ListAsync(CancellationToken.None));
        Assert.That(list.Select(d => d.Code), Is.EqualTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.ZoneOffice, "SH", DeskCodes.Beijing }));

        var audit = await app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.EntityType == nameof(Desk)).OrderBy(a => a.Id).ToListAsync());
        Assert.That(audit.Select(a => (a.EntityId, a.Action)),
            Is.EqualTo(new[] { ("SH", AuditActions.Create), (DeskCodes.Beijing, AuditActions.Update) }));
        Assert.That(audit[1].Before, Does.Contain("北京驻点招商小组"));
        Assert.That(audit[1].After, Does.Contain("北京招商小组"));
        Assert.That(audit.All(a => a.UserId == admin.Id));
    }

    [Test]
    public async Task A_duplicate_code_is_refused_naming_the_code_field()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);

        var result = await CallAsync(app, s => s.CreateAsync(admin,
            new DeskInput { Code = DeskCodes.Guangdong, Name = "又一个广东", NameEn = "Another", SortOrder = 7 }, CancellationToken.None));

        Assert.That(result, Is.TypeOf<ServiceResult<DeskResponse>.Invalid>());
        Assert.That(((ServiceResult<DeskResponse>.Invalid)result).Field, Is.EqualTo("code"));
        Assert.That(await app.WithDbAsync(db => db.Desks.SingleAsync(d => d.Code == DeskCodes.Guangdong)).ContinueWith(t => t.Result.Name),
            Is.EqualTo("广东驻点招商小组"));
    }

    [Test]
    public async Task The_code_of_a_desk_cannot_be_changed_and_an_unknown_desk_is_not_found()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);

        var recode = await CallAsync(app, s => s.UpdateAsync(admin, DeskCodes.Fujian,
            new DeskInput { Code = "FX", Name = "福建", NameEn = "Fujian", SortOrder = 2 }, CancellationToken.None));
        var missing = await CallAsync(app, s => s.UpdateAsync(admin, "ZZ",
            new DeskInput { Code = "ZZ", Name = "无", NameEn = "None", SortOrder = 2 }, CancellationToken.None));

        Assert.That(((ServiceResult<DeskResponse>.Invalid)recode).Field, Is.EqualTo("code"));
        Assert.That(missing, Is.TypeOf<ServiceResult<DeskResponse>.NotFound>());
    }

    [TestCase("G", "Code")]
    [TestCase("gd", "Code")]
    [TestCase("ABCDEFGHI", "Code")]
    [TestCase("G1", "Code")]
    public async Task A_bad_code_is_refused_by_the_validator(string code, string field)
    {
        using var app = new CrmApp();
        var validator = app.Services.GetRequiredService<IValidator<DeskInput>>();

        var result = await validator.ValidateAsync(new DeskInput { Code = code, Name = "小组", NameEn = "Desk", SortOrder = 1 });

        Assert.That(result.Errors.Select(e => e.PropertyName), Is.EqualTo(new[] { field }));
    }

    [Test]
    public async Task Empty_names_and_a_negative_order_are_refused_by_the_validator()
    {
        using var app = new CrmApp();
        var validator = app.Services.GetRequiredService<IValidator<DeskInput>>();

        var result = await validator.ValidateAsync(new DeskInput { Code = "SH", Name = "", NameEn = new string('x', FieldLengths.ShortText + 1), SortOrder = -1 });

        Assert.That(result.Errors.Select(e => e.PropertyName).Order(),
            Is.EqualTo(new[] { nameof(DeskInput.Name), nameof(DeskInput.NameEn), nameof(DeskInput.SortOrder) }));
    }

    [Test]
    public async Task A_non_admin_is_forbidden()
    {
        using var app = new CrmApp();
        var manager = new CurrentUser("m", new HashSet<string> { Roles.Manager }, null);

        var result = await CallAsync(app, s => s.UpdateAsync(manager, DeskCodes.Beijing,
            new DeskInput { Code = DeskCodes.Beijing, Name = "x", NameEn = "x", SortOrder = 1 }, CancellationToken.None));

        Assert.That(result, Is.TypeOf<ServiceResult<DeskResponse>.Forbidden>());
    }

    [Test]
    public async Task Admins_adding_one_desk_code_or_organisation_name_at_once_get_one_created_and_the_rest_told_it_is_taken()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);

        var desks = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => CallAsync(app, s => s.CreateAsync(admin,
            new DeskInput { Code = "SH", Name = $"上海驻点招商小组 {i}", NameEn = "Shanghai desk", SortOrder = 5 }, CancellationToken.None)))));
        var organizations = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<Crm.Domain.Organizations.OrganizationService>().CreateAsync(admin,
                new Crm.Domain.Organizations.OrganizationInput { Name = "潮汕商会", Kind = Crm.Domain.Organizations.OrganizationKind.BusinessAssociation },
                CancellationToken.None);
        })));

        Assert.Multiple(() =>
        {
            Assert.That(desks.Count(r => r is ServiceResult<DeskResponse>.Ok), Is.EqualTo(1));
            Assert.That(desks.Where(r => r is not ServiceResult<DeskResponse>.Ok).Cast<ServiceResult<DeskResponse>.Invalid>()
                .Select(r => (r.Field, r.Reason.Code)).Distinct(), Is.EqualTo(new[] { ("code", "desk.codeTaken") }));
            Assert.That(organizations.Count(r => r is ServiceResult<Crm.Domain.Organizations.OrganizationResponse>.Ok), Is.EqualTo(1));
            Assert.That(organizations.Where(r => r is not ServiceResult<Crm.Domain.Organizations.OrganizationResponse>.Ok)
                .Cast<ServiceResult<Crm.Domain.Organizations.OrganizationResponse>.Invalid>().Select(r => r.Reason.Code).Distinct(),
                Is.EqualTo(new[] { "organization.nameTaken" }));
        });
        var audited = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == AuditActions.Create && (a.EntityType == "Desk" || a.EntityType == "Organization")));
        Assert.That(audited, Is.EqualTo(2), "the losers wrote no audit row");
    }

    [Test]
    public async Task The_list_is_kept_in_memory_and_an_edit_here_is_listed_at_once()
    {
        using var app = new CrmApp();
        var admin = await AdminAsync(app);
        await CallAsync(app, s => s.ListAsync(CancellationToken.None));

        await CallAsync(app, s => s.CreateAsync(admin, new DeskInput { Code = "SH", Name = "上海驻点招商小组", NameEn = "Shanghai desk", SortOrder = 5 }, CancellationToken.None));
        await CallAsync(app, s => s.UpdateAsync(admin, DeskCodes.Beijing,
            new DeskInput { Code = DeskCodes.Beijing, Name = "北京招商小组", NameEn = "Beijing team", SortOrder = 9 }, CancellationToken.None));

        var list = await CallAsync(app, s => s.ListAsync(CancellationToken.None));
        Assert.That(list.Select(d => d.Code), Is.EqualTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.ZoneOffice, "SH", DeskCodes.Beijing }));
        Assert.That(list.Single(d => d.Code == DeskCodes.Beijing).Name, Is.EqualTo("北京招商小组"));
    }

    [Test]
    public async Task The_copy_in_memory_is_loaded_once_in_its_lifetime_and_again_after_it()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 2, 0, 0, TimeSpan.Zero));
        var desks = new DeskList(time);
        var loads = 0;
        Task<List<DeskResponse>> Load(CancellationToken _)
        {
            loads++;
            return Task.FromResult(new List<DeskResponse> { new(DeskCodes.Guangdong, "广东", "Guangdong", loads) });
        }

        var first = await desks.GetAsync(Load, CancellationToken.None);
        first.Clear(); // a caller's copy: changing it leaves the stored list alone
        time.Advance(DeskList.Lifetime - TimeSpan.FromSeconds(1));
        var second = await desks.GetAsync(Load, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        var third = await desks.GetAsync(Load, CancellationToken.None);
        desks.Forget();
        var fourth = await desks.GetAsync(Load, CancellationToken.None);

        Assert.That(loads, Is.EqualTo(3));
        Assert.That(new[] { second.Single().SortOrder, third.Single().SortOrder, fourth.Single().SortOrder }, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    private static async Task<CurrentUser> AdminAsync(CrmApp app) =>
        new((await app.CreateUserAsync(Roles.Admin)).Id, new HashSet<string> { Roles.Admin }, null);

    private static async Task<T> CallAsync<T>(CrmApp app, Func<DeskService, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<DeskService>());
    }
}
