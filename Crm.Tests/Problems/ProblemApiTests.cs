using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Problems;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Problems;

public sealed class ProblemApiTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _manager = null!;
    private HttpClient _admin = null!;
    private HttpClient _officer = null!;
    private TestUser _officerUser = null!;
    private TestUser _advisorUser = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
        (_, _admin) = await _app.SignedInAsync(Roles.Admin);
        // The zone office's officer the problems are assigned to: another desk than the deal's.
        (_officerUser, _officer) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.ZoneOffice);
        _advisorUser = await _app.CreateUserAsync(Roles.Advisor);
        var created = await _admin.PostAsJsonAsync("/api/v1/departments",
            new DepartmentInput { Code = "POWER", Name = "供电公司", NameEn = "Power company", SortOrder = 1 }, CrmApp.Json);
        await created.EnsureSuccessAsync();
        var closedDown = await _admin.PostAsJsonAsync("/api/v1/departments",
            new DepartmentInput { Code = "OLD", Name = "旧部门", NameEn = "Old department", SortOrder = 9, IsActive = false }, CrmApp.Json);
        await closedDown.EnsureSuccessAsync();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static DateOnly Today => TestClock.Today;

    private Task<DealResponse> SignedGdDealAsync() => _gd.SignedOnAsync(DeskCodes.Guangdong, "问题项目", Today.AddDays(-10));

    private ProblemInput Input(Action<ProblemInputBuilder>? change = null)
    {
        var b = new ProblemInputBuilder { AssigneeId = _officerUser.Id, DueOn = Today.AddDays(5) };
        change?.Invoke(b);
        return new ProblemInput { Kind = b.Kind, Description = b.Description, DepartmentCode = b.DepartmentCode, AssigneeId = b.AssigneeId, DueOn = b.DueOn };
    }

    private sealed class ProblemInputBuilder
    {
        public ProblemKind Kind { get; set; } = ProblemKind.Power;
        public string Description { get; set; } = "厂区双回路供电未落实";
        public string DepartmentCode { get; set; } = "POWER";
        public required string AssigneeId { get; set; }
        public DateOnly DueOn { get; set; }
    }

    private static async Task<ProblemResponse> LogAsync(HttpClient client, int dealId, ProblemInput input)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/deals/{dealId}/problems", input, CrmApp.Json);
        await response.EnsureSuccessAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        return await response.ReadAsync<ProblemResponse>();
    }

    private static async Task<string> FieldOfAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var errors = (await response.ReadAsync<JsonObject>())["errors"]!.AsObject();
        return string.Join(",", errors.Select(e => e.Key));
    }

    [Test]
    public async Task A_desk_recruiter_logs_a_problem_the_assigned_officer_closes_it_in_time_and_a_manager_reopens_it()
    {
        var deal = await SignedGdDealAsync();
        var logged = await LogAsync(_gd, deal.Id, Input());

        // The officer of another desk sees the problem assigned to them, and closes it.
        var seen = await _officer.GetFromJsonAsync<List<ProblemResponse>>($"/api/v1/deals/{deal.Id}/problems", CrmApp.Json);
        var closed = await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "供电公司已安排施工，三日内送电", Version = logged.Version }, CrmApp.Json);
        await closed.EnsureSuccessAsync();
        var afterClose = await closed.ReadAsync<ProblemResponse>();
        var reopened = await _manager.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/reopen",
            new ProblemReopenInput { Version = afterClose.Version }, CrmApp.Json);
        await reopened.EnsureSuccessAsync();
        var afterReopen = await reopened.ReadAsync<ProblemResponse>();
        var audited = await _app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.EntityType == "Problem" && a.EntityId == logged.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That((logged.State, logged.LoggedOn, logged.DepartmentName, logged.Version), Is.EqualTo((ProblemState.Open, Today, "供电公司", 1L)));
            Assert.That(seen!.Select(p => p.Id), Is.EqualTo(new[] { logged.Id }));
            Assert.That((afterClose.State, afterClose.ClosedOn, afterClose.Answer), Is.EqualTo((ProblemState.ClosedInTime, (DateOnly?)Today, "供电公司已安排施工，三日内送电")));
            Assert.That((afterReopen.State, afterReopen.ClosedOn, afterReopen.Answer, afterReopen.Version), Is.EqualTo((ProblemState.Open, (DateOnly?)null, (string?)null, 3L)));
            Assert.That(audited, Is.EqualTo(new[] { "Create", "Close", "Reopen" }));
        });
    }

    [Test]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_nothing()
    {
        var deal = await SignedGdDealAsync();
        async Task<string> PostAsync(ProblemInput input) => await FieldOfAsync(await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems", input, CrmApp.Json));

        var empty = await PostAsync(Input(b => b.Description = " "));
        var past = await PostAsync(Input(b => b.DueOn = Today.AddDays(-1)));
        var department = await PostAsync(Input(b => b.DepartmentCode = "NOPE"));
        var inactive = await PostAsync(Input(b => b.DepartmentCode = "OLD"));
        var advisor = await PostAsync(Input(b => b.AssigneeId = _advisorUser.Id));
        var unknownKind = await FieldOfAsync(await _gd.PostAsync($"/api/v1/deals/{deal.Id}/problems", JsonContent.Create(new JsonObject
        {
            ["kind"] = "Weather",
            ["description"] = "x",
            ["departmentCode"] = "POWER",
            ["assigneeId"] = _officerUser.Id,
            ["dueOn"] = Today.AddDays(3).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        })));
        var logged = await LogAsync(_gd, deal.Id, Input());
        var closeWithoutAnswer = await FieldOfAsync(await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "", Version = logged.Version }, CrmApp.Json));
        var closeTomorrow = await FieldOfAsync(await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "已解决", ClosedOn = Today.AddDays(1), Version = logged.Version }, CrmApp.Json));
        var count = await _app.WithDbAsync(db => db.Problems.CountAsync(p => p.DealId == deal.Id && p.ClosedOn == null));

        Assert.Multiple(() =>
        {
            Assert.That(empty, Is.EqualTo("description"));
            Assert.That(past, Is.EqualTo("dueOn"));
            Assert.That(department, Is.EqualTo("departmentCode"));
            Assert.That(inactive, Is.EqualTo("departmentCode"));
            Assert.That(advisor, Is.EqualTo("assigneeId"));
            Assert.That(unknownKind, Does.Contain("kind"));
            Assert.That(closeWithoutAnswer, Is.EqualTo("answer"));
            Assert.That(closeTomorrow, Is.EqualTo("closedOn"));
            Assert.That(count, Is.EqualTo(1), "only the valid problem was stored, and it is still open");
        });
    }

    [Test]
    public async Task Another_desk_gets_404_a_recruiter_not_assigned_may_not_close_and_only_managers_reopen()
    {
        var deal = await SignedGdDealAsync();
        var logged = await LogAsync(_gd, deal.Id, Input());
        var fjList = await _fj.GetAsync($"/api/v1/deals/{deal.Id}/problems");
        var fjLog = await _fj.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems", Input(), CrmApp.Json);
        var fjClose = await _fj.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "x", Version = logged.Version }, CrmApp.Json);
        var wrongDeal = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id + 100000}/problems/{logged.Id}", Update(logged), CrmApp.Json);
        var gdClose = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "自己关掉", Version = logged.Version }, CrmApp.Json);
        var officerEdit = await _officer.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}", Update(logged), CrmApp.Json);
        var closed = await (await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "已解决", Version = logged.Version }, CrmApp.Json)).ReadAsync<ProblemResponse>();
        var gdReopen = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/reopen", new ProblemReopenInput { Version = closed.Version }, CrmApp.Json);
        var officerReopen = await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/reopen",
            new ProblemReopenInput { Version = closed.Version }, CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(fjList.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fjLog.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fjClose.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(wrongDeal.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(gdClose.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the desk logs and edits; the assigned person closes");
            Assert.That(officerEdit.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "the assigned person of another desk closes, not edits");
            Assert.That(gdReopen.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(officerReopen.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task A_stale_version_is_a_409_with_what_is_stored_and_a_moved_deadline_is_kept()
    {
        var deal = await SignedGdDealAsync();
        var logged = await LogAsync(_gd, deal.Id, Input());
        var first = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}", Update(logged) with { DueOn = Today.AddDays(20) }, CrmApp.Json);
        await first.EnsureSuccessAsync();
        var stale = await _manager.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}", Update(logged) with { Kind = ProblemKind.Land }, CrmApp.Json);
        var staleClose = await _officer.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{logged.Id}/close",
            new ProblemCloseInput { Answer = "x", Version = logged.Version }, CrmApp.Json);
        var current = await stale.Content.ReadFromJsonAsync<ProblemResponse>(CrmApp.Json);

        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(staleClose.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((current!.DueOn, current.Kind, current.Version), Is.EqualTo((Today.AddDays(20), ProblemKind.Power, 2L)));
        });
    }

    [Test]
    public async Task A_deal_not_yet_signed_takes_no_problems_422()
    {
        var deal = await _gd.CreateDealAsync(TestData.NewDeal((await _gd.CreateCompanyAsync()).Id, b => b.Desk = DeskCodes.Guangdong));
        var response = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems", Input(), CrmApp.Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await response.ReadAsync<JsonObject>())["code"]!.GetValue<string>(), Is.EqualTo("problem.dealNotSigned"));
    }

    [Test]
    public async Task Admins_keep_departments_deactivating_rather_than_deleting_and_others_may_only_read_them()
    {
        var deactivate = await _admin.PutAsJsonAsync("/api/v1/departments/POWER",
            new DepartmentInput { Code = "POWER", Name = "供电公司", NameEn = "Power company", SortOrder = 1, IsActive = false }, CrmApp.Json);
        await deactivate.EnsureSuccessAsync();
        var listed = await _gd.GetFromJsonAsync<List<DepartmentResponse>>("/api/v1/departments", CrmApp.Json);
        var reactivate = await _admin.PutAsJsonAsync("/api/v1/departments/POWER",
            new DepartmentInput { Code = "POWER", Name = "供电公司", NameEn = "Power company", SortOrder = 1, IsActive = true }, CrmApp.Json);
        await reactivate.EnsureSuccessAsync();
        var managerCreates = await _manager.PostAsJsonAsync("/api/v1/departments", new DepartmentInput { Code = "GAS", Name = "燃气公司", NameEn = "Gas" }, CrmApp.Json);
        var badCode = await _admin.PostAsJsonAsync("/api/v1/departments", new DepartmentInput { Code = "gas1", Name = "燃气公司", NameEn = "Gas" }, CrmApp.Json);
        var taken = await _admin.PostAsJsonAsync("/api/v1/departments", new DepartmentInput { Code = "POWER", Name = "另一个", NameEn = "Another" }, CrmApp.Json);
        var missing = await _admin.PutAsJsonAsync("/api/v1/departments/NONE", new DepartmentInput { Code = "NONE", Name = "无", NameEn = "None" }, CrmApp.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(listed!.Single(d => d.Code == "POWER").IsActive, Is.False);
            Assert.That(managerCreates.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await FieldOfAsync(badCode), Is.EqualTo("code"));
            Assert.That(await FieldOfAsync(taken), Is.EqualTo("code"));
            Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    private static ProblemUpdateInput Update(ProblemResponse p) => new()
    {
        Kind = p.Kind,
        Description = p.Description,
        DepartmentCode = p.DepartmentCode,
        AssigneeId = p.AssigneeId,
        DueOn = p.DueOn,
        Version = p.Version,
    };
}
