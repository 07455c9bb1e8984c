using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Approvals;
using Crm.Domain.Auditing;
using Crm.Domain.Care;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Desks;
using Crm.Domain.Documents;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Approvals;

/// <summary>
/// The approvals checklist (docs/decisions/0026-approval-checklists.md) through the API: the built-in food-plant
/// template applied to signed projects, what blocks the next milestone, the check-off rules, permissions as the deal's,
/// and templates kept by Admins. Today is 2026-06-15 (<see cref="TestClock"/>). The zone has the departments ECON, LAND,
/// PLAN and ENV (an inactive OLD too) but no MKT, so the built-in template's SC licence has no department here.
/// </summary>
public sealed class ApprovalTests
{
    private CrmApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _manager = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _advisor = null!;
    private HttpClient _officer = null!;
    private TestUser _managerUser = null!;
    private TestUser _officerUser = null!;
    private ApprovalTemplateResponse _foodPlant = null!;

    private static DateOnly Today => TestClock.Today;

    private static readonly string[] FoodPlantNames =
        ["立项备案", "用地预审/土地出让合同", "规划许可", "环评批复", "能评", "施工许可", "消防验收", "排污许可", "SC 食品生产许可证"];

    [OneTimeSetUp]
    public async Task AZoneWithTheFoodPlantTemplateAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _admin) = await _app.SignedInAsync(Roles.Admin);
        (_managerUser, _manager) = await _app.SignedInAsync(Roles.Manager);
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _advisor) = await _app.SignedInAsync(Roles.Advisor);
        (_officerUser, _officer) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.ZoneOffice);
        foreach (var (code, name, active) in new[] { ("ECON", "经发局", true), ("LAND", "国土分局", true), ("PLAN", "规划建设局", true), ("ENV", "环保分局", true), ("OLD", "旧部门", false) })
        {
            var created = await _admin.PostAsJsonAsync("/api/v1/departments",
                new DepartmentInput { Code = code, Name = name, NameEn = code + " bureau", IsActive = active }, CrmApp.Json);
            await created.EnsureSuccessAsync();
        }
        var added = await _admin.PostAsync("/api/v1/approval-templates/food-plant", null);
        await added.EnsureSuccessAsync();
        _foodPlant = await added.ReadAsync<ApprovalTemplateResponse>();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private Task<DealResponse> SignedAsync() => _gd.SignedOnAsync(DeskCodes.Guangdong, "手续项目", Today.AddDays(-30));

    private static async Task<DealApprovals> ApplyAsync(HttpClient client, int dealId, int templateId)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/deals/{dealId}/approvals/apply", new ApplyTemplateInput { TemplateId = templateId }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DealApprovals>();
    }

    private static async Task<DealApprovals> GetAsync(HttpClient client, int dealId)
    {
        var response = await client.GetAsync($"/api/v1/deals/{dealId}/approvals");
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DealApprovals>();
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, ApprovalItemResponse item, ApprovalStatus status, DateOnly? doneOn = null,
        int? documentId = null, string? department = null, long? version = null) =>
        client.PutAsJsonAsync($"/api/v1/approvals/{item.Id}", new ApprovalUpdateInput
        {
            Status = status,
            DoneOn = doneOn,
            DocumentId = documentId,
            DepartmentCode = department ?? item.DepartmentCode,
            PlannedOn = item.PlannedOn,
            Note = item.Note,
            Version = version ?? item.Version,
        }, CrmApp.Json);

    private static async Task<DealApprovals> SetAsync(HttpClient client, ApprovalItemResponse item, ApprovalStatus status, DateOnly? doneOn = null)
    {
        var response = await PutAsync(client, item, status, doneOn);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DealApprovals>();
    }

    private static ApprovalItemResponse Named(DealApprovals approvals, string name) => approvals.Items.Single(i => i.Name == name);

    private static async Task<(string Field, string Code)> RefusalAsync(HttpResponseMessage response)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        var codes = (await response.ReadAsync<JsonObject>())["codes"]!.AsObject().Single();
        return (codes.Key, codes.Value![0]!.GetValue<string>());
    }

    private static async Task<int> FileAsync(HttpClient client, int dealId, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent("%PDF-1.7 approval"u8.ToArray()), "file", fileName },
            { new StringContent(nameof(DocumentKind.Permit)), "kind" },
            { new StringContent(Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "on" },
        };
        var response = await client.PostAsync($"/api/v1/deals/{dealId}/documents", form);
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<DocumentResponse>()).Id;
    }

    [Test]
    public async Task The_food_plant_template_copies_nine_approvals_in_order_and_applying_it_again_adds_nothing()
    {
        var deal = await SignedAsync();

        var first = await ApplyAsync(_gd, deal.Id, _foodPlant.Id);
        var again = await ApplyAsync(_gd, deal.Id, _foodPlant.Id);
        var ids = first.Items.Select(i => i.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        var audits = await _app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(ProjectApproval) && a.Action == AuditActions.Create
            && ids.Contains(a.EntityId)));

        Assert.Multiple(() =>
        {
            Assert.That(first.Items.Select(i => i.Name), Is.EqualTo(FoodPlantNames));
            Assert.That(first.Items.Select(i => i.SortOrder), Is.EqualTo(Enumerable.Range(1, 9)));
            Assert.That(first.Items.Select(i => i.DepartmentCode), Is.EqualTo(new[] { "ECON", "LAND", "PLAN", "ENV", "ECON", "PLAN", "PLAN", "ENV", null }),
                "MKT does not exist here: the SC licence keeps no department");
            Assert.That(first.Items.Select(i => i.Before), Is.EqualTo(new[]
            {
                MilestoneKind.LandHandedOver, MilestoneKind.LandHandedOver, MilestoneKind.DesignApproved, MilestoneKind.Started, MilestoneKind.Started,
                MilestoneKind.Started, MilestoneKind.TrialProduction, MilestoneKind.TrialProduction, MilestoneKind.Producing,
            }));
            Assert.That(first.Items.Select(i => i.Status).Distinct(), Is.EqualTo(new[] { ApprovalStatus.NotStarted }));
            Assert.That(first.Items[0].DepartmentName, Is.EqualTo("经发局"));
            Assert.That(again.Items.Select(i => i.Id), Is.EqualTo(first.Items.Select(i => i.Id)));
            Assert.That(audits, Is.EqualTo(9), "one Create row per approval copied, none for the second application");
        });
    }

    [Test]
    public void An_approval_blocks_the_next_milestone_when_unsettled_and_needed_at_or_before_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.NotStarted, MilestoneKind.Started, MilestoneKind.Started), Is.True);
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.InProgress, MilestoneKind.LandHandedOver, MilestoneKind.Started), Is.True,
                "late for a milestone already passed");
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.InProgress, MilestoneKind.TrialProduction, MilestoneKind.Started), Is.False);
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.Done, MilestoneKind.Started, MilestoneKind.Started), Is.False);
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.NotNeeded, MilestoneKind.Started, MilestoneKind.Started), Is.False);
            Assert.That(ApprovalChecklist.Blocks(ApprovalStatus.NotStarted, MilestoneKind.Producing, null), Is.False, "at capacity: nothing is next");
        });
    }

    [Test]
    public async Task Before_the_start_the_approvals_needed_by_then_and_not_granted_block_it()
    {
        var deal = await SignedAsync();
        var applied = await ApplyAsync(_gd, deal.Id, _foodPlant.Id);
        // Just signed: the next milestone is 供地, blocked by the two land approvals.
        var atSigning = (applied.NextMilestone, applied.Blocking.Select(b => b.Name).ToList());

        // The land is handed over, the design approved and the permit issued: the next milestone is 开工.
        foreach (var kind in new[] { MilestoneKind.LandHandedOver, MilestoneKind.DesignApproved, MilestoneKind.ConstructionPermit })
        {
            var set = await _gd.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/schedule/{kind}", new MilestoneInput { ActualOn = Today.AddDays(-5) }, CrmApp.Json);
            await set.EnsureSuccessAsync();
        }
        var list = await GetAsync(_gd, deal.Id);
        list = await SetAsync(_gd, Named(list, "立项备案"), ApprovalStatus.Done, Today.AddDays(-20));
        list = await SetAsync(_gd, Named(list, "用地预审/土地出让合同"), ApprovalStatus.Done, Today.AddDays(-10));
        // 规划许可 stays NotStarted although 设计审批 is passed: late for it, it blocks the start too.
        list = await SetAsync(_gd, Named(list, "环评批复"), ApprovalStatus.Done, Today);
        list = await SetAsync(_gd, Named(list, "能评"), ApprovalStatus.NotNeeded);
        list = await SetAsync(_gd, Named(list, "施工许可"), ApprovalStatus.InProgress);
        list = await SetAsync(_gd, Named(list, "消防验收"), ApprovalStatus.InProgress);

        Assert.Multiple(() =>
        {
            Assert.That(atSigning.NextMilestone, Is.EqualTo(MilestoneKind.LandHandedOver));
            Assert.That(atSigning.Item2, Is.EqualTo(new[] { "立项备案", "用地预审/土地出让合同" }));
            Assert.That(list.NextMilestone, Is.EqualTo(MilestoneKind.Started));
            // Not settled and needed by 开工: 规划许可 (NotStarted, before 设计审批) and 施工许可 (InProgress). 消防验收 waits for 试生产.
            Assert.That(list.Blocking.Select(b => b.Name), Is.EqualTo(new[] { "规划许可", "施工许可" }));
        });
    }

    [Test]
    public async Task Checking_off_needs_the_day_granted_not_after_today_and_a_proof_of_the_same_deal_and_a_refusal_names_its_field()
    {
        var deal = await SignedAsync();
        var other = await SignedAsync();
        var item = (await ApplyAsync(_gd, deal.Id, _foodPlant.Id)).Items[0];
        var foreignDocument = await FileAsync(_gd, other.Id, "别的项目批复.pdf");
        var proof = await FileAsync(_gd, deal.Id, "立项备案证明.pdf");

        var noDate = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.Done));
        var future = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.Done, Today.AddDays(1)));
        var notDone = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.InProgress, Today));
        var foreign = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.Done, Today, foreignDocument));
        var inactive = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.InProgress, department: "OLD"));
        var unknown = await RefusalAsync(await PutAsync(_gd, item, ApprovalStatus.InProgress, department: "NOPE"));
        var badStatus = await _gd.PutAsJsonAsync($"/api/v1/approvals/{item.Id}", new JsonObject { ["status"] = "Granted", ["version"] = item.Version }, CrmApp.Json);
        var unchanged = await _app.WithDbAsync(db => db.ProjectApprovals.AsNoTracking().SingleAsync(a => a.Id == item.Id));

        var done = await SetAsync(_gd, item, ApprovalStatus.Done, Today);
        var withProof = await PutAsync(_gd, Named(done, item.Name), ApprovalStatus.Done, Today.AddDays(-1), proof);
        await withProof.EnsureSuccessAsync();
        var checkedOff = Named(await withProof.ReadAsync<DealApprovals>(), item.Name);

        Assert.Multiple(() =>
        {
            Assert.That(noDate, Is.EqualTo(("doneOn", "approval.doneOnRequired")));
            Assert.That(future, Is.EqualTo(("doneOn", "approval.doneInFuture")));
            Assert.That(notDone, Is.EqualTo(("doneOn", "approval.doneOnOnlyWhenDone")));
            Assert.That(foreign, Is.EqualTo(("documentId", "approval.documentNotOnDeal")));
            Assert.That(inactive, Is.EqualTo(("departmentCode", "approval.departmentUnknown")));
            Assert.That(unknown, Is.EqualTo(("departmentCode", "approval.departmentUnknown")));
            Assert.That(badStatus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((unchanged.Status, unchanged.Version, unchanged.DoneOn), Is.EqualTo((ApprovalStatus.NotStarted, 1L, (DateOnly?)null)), "nothing written");
            Assert.That((checkedOff.Status, checkedOff.DoneOn, checkedOff.DocumentId, checkedOff.DocumentFileName, checkedOff.Version),
                Is.EqualTo((ApprovalStatus.Done, (DateOnly?)Today.AddDays(-1), (int?)proof, "立项备案证明.pdf", 3L)));
        });
    }

    [Test]
    public async Task A_stale_version_is_a_409_with_the_checklist_as_stored()
    {
        var deal = await SignedAsync();
        var item = (await ApplyAsync(_gd, deal.Id, _foodPlant.Id)).Items[1];
        await SetAsync(_manager, item, ApprovalStatus.InProgress);

        var stale = await PutAsync(_gd, item, ApprovalStatus.Done, Today);
        var current = await stale.ReadAsync<DealApprovals>();

        Assert.Multiple(() =>
        {
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That((Named(current, item.Name).Status, Named(current, item.Name).Version), Is.EqualTo((ApprovalStatus.InProgress, 2L)));
        });
    }

    [Test]
    public async Task Another_desk_gets_404_an_advisor_403_and_the_projects_care_officer_of_another_desk_may_update()
    {
        var deal = await SignedAsync();
        var item = (await ApplyAsync(_gd, deal.Id, _foodPlant.Id)).Items[0];
        var fjRead = await _fj.GetAsync($"/api/v1/deals/{deal.Id}/approvals");
        var fjPut = await PutAsync(_fj, item, ApprovalStatus.InProgress);
        var fjApply = await _fj.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/approvals/apply", new ApplyTemplateInput { TemplateId = _foodPlant.Id }, CrmApp.Json);
        var advisorRead = await _advisor.GetAsync($"/api/v1/deals/{deal.Id}/approvals");
        var officerBefore = await _officer.GetAsync($"/api/v1/deals/{deal.Id}/approvals");

        var care = await _manager.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/care",
            new CareInput { LeaderId = _managerUser.Id, OfficerId = _officerUser.Id }, CrmApp.Json);
        await care.EnsureSuccessAsync();
        var officerPut = await PutAsync(_officer, item, ApprovalStatus.Done, Today);
        var officerView = await GetAsync(_officer, deal.Id);

        Assert.Multiple(() =>
        {
            Assert.That(fjRead.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fjPut.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(fjApply.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(advisorRead.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(officerBefore.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not yet the project's officer");
            Assert.That(officerPut.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((officerView.MayEdit, Named(officerView, item.Name).Status), Is.EqualTo((true, ApprovalStatus.Done)));
        });
    }

    [Test]
    public async Task A_deal_not_yet_signed_takes_no_checklist_a_422()
    {
        var lead = await _gd.CreateDealAsync();
        var refused = await _gd.PostAsJsonAsync($"/api/v1/deals/{lead.Id}/approvals/apply", new ApplyTemplateInput { TemplateId = _foodPlant.Id }, CrmApp.Json);
        var body = await refused.ReadAsync<JsonObject>();

        Assert.Multiple(() =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(body["code"]!.GetValue<string>(), Is.EqualTo("approval.notSigned"));
        });
    }

    [Test]
    public async Task An_approval_added_by_hand_goes_last_a_repeated_name_is_a_400_and_a_removal_is_audited()
    {
        var deal = await SignedAsync();
        await ApplyAsync(_gd, deal.Id, _foodPlant.Id);

        var added = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/approvals", new ApprovalItemInput
        {
            Name = "取水许可",
            NameEn = "Water abstraction permit",
            DepartmentCode = "ENV",
            Before = MilestoneKind.TrialProduction,
            PlannedOn = Today.AddDays(40),
        }, CrmApp.Json);
        await added.EnsureSuccessAsync();
        var list = await added.ReadAsync<DealApprovals>();
        var repeated = await RefusalAsync(await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/approvals",
            new ApprovalItemInput { Name = "能评", NameEn = "Energy", Before = MilestoneKind.Started }, CrmApp.Json));
        var water = Named(list, "取水许可");
        var removed = await _gd.DeleteAsync($"/api/v1/approvals/{water.Id}");
        await removed.EnsureSuccessAsync();
        var after = await removed.ReadAsync<DealApprovals>();
        var audits = await _app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(ProjectApproval) && a.EntityId == water.Id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That((water.SortOrder, water.PlannedOn, water.DepartmentName), Is.EqualTo((10, (DateOnly?)Today.AddDays(40), "环保分局")));
            Assert.That(repeated, Is.EqualTo(("name", "approval.nameTaken")));
            Assert.That(after.Items.Select(i => i.Name), Is.EqualTo(FoodPlantNames));
            Assert.That(audits, Is.EqualTo(new[] { AuditActions.Create, AuditActions.Delete }));
        });
    }

    [Test]
    public async Task Templates_are_kept_by_admins_versioned_and_audited_and_a_deactivated_one_is_not_applied()
    {
        var input = new ApprovalTemplateInput
        {
            Name = "冷链仓储",
            NameEn = "Cold-chain warehouse",
            SortOrder = 5,
            Items =
            [
                new ApprovalTemplateItemInput { Name = "立项备案", NameEn = "Project filing", DepartmentCode = "ECON", Before = MilestoneKind.LandHandedOver },
                new ApprovalTemplateItemInput { Name = "消防验收", NameEn = "Fire safety acceptance", DepartmentCode = "PLAN", Before = MilestoneKind.Producing },
            ],
        };
        var byManager = await _manager.PostAsJsonAsync("/api/v1/approval-templates", input, CrmApp.Json);
        var byRecruiter = await _gd.GetAsync("/api/v1/approval-templates");
        var created = await _admin.PostAsJsonAsync("/api/v1/approval-templates", input, CrmApp.Json);
        await created.EnsureSuccessAsync();
        var template = await created.ReadAsync<ApprovalTemplateResponse>();
        var unknownDepartment = await RefusalAsync(await _admin.PutAsJsonAsync($"/api/v1/approval-templates/{template.Id}",
            input with { Items = [input.Items[0] with { DepartmentCode = "NOPE" }], Version = template.Version }, CrmApp.Json));
        var repeatedItem = await _admin.PutAsJsonAsync($"/api/v1/approval-templates/{template.Id}",
            input with { Items = [input.Items[0], input.Items[0]], Version = template.Version }, CrmApp.Json);

        var edited = await _admin.PutAsJsonAsync($"/api/v1/approval-templates/{template.Id}", input with
        {
            IsActive = false,
            Items = [input.Items[1] with { Before = MilestoneKind.TrialProduction }],
            Version = template.Version,
        }, CrmApp.Json);
        await edited.EnsureSuccessAsync();
        var after = await edited.ReadAsync<ApprovalTemplateResponse>();
        var stale = await _admin.PutAsJsonAsync($"/api/v1/approval-templates/{template.Id}", input with { Version = template.Version }, CrmApp.Json);
        var builtInAgain = await _admin.PostAsync("/api/v1/approval-templates/food-plant", null);
        var deal = await SignedAsync();
        var applyInactive = await RefusalAsync(await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/approvals/apply",
            new ApplyTemplateInput { TemplateId = template.Id }, CrmApp.Json));
        var audits = await _app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(ApprovalTemplate) && a.EntityId == template.Id.ToString(CultureInfo.InvariantCulture))
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        Assert.Multiple(async () =>
        {
            Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(byRecruiter.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(template.Items.Select(i => (i.Name, i.SortOrder)), Is.EqualTo(new[] { ("立项备案", 1), ("消防验收", 2) }));
            Assert.That(unknownDepartment, Is.EqualTo(("items[0].departmentCode", "approval.departmentUnknown")));
            Assert.That(repeatedItem.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((after.IsActive, after.Version), Is.EqualTo((false, 2L)));
            Assert.That(after.Items.Select(i => (i.Name, i.Before, i.SortOrder)), Is.EqualTo(new[] { ("消防验收", MilestoneKind.TrialProduction, 1) }), "the items were replaced");
            Assert.That(stale.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(builtInAgain.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(applyInactive, Is.EqualTo(("templateId", "approval.templateUnknown")));
            Assert.That(audits, Is.EqualTo(new[] { AuditActions.Create, AuditActions.Update }));
            Assert.That(await _app.WithDbAsync(db => db.ApprovalTemplateItems.CountAsync(i => i.TemplateId == template.Id)), Is.EqualTo(1));
        });
    }
}
