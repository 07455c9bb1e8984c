using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Activities;
using Crm.Domain.Care;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Documents;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Referrals;
using Crm.Domain.SavedViews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Web.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Security;

/// <summary>Runs every cell of <see cref="RouteMatrix"/> against the real host, each on fresh data.</summary>
/// <remarks>Alone: the jobs routes create Hangfire's client on first use, which takes a logger from Hangfire's process-wide provider.</remarks>
[NonParallelizable]
public sealed class RouteMatrixTests
{
    private CrmApp _app = null!;
    private readonly Dictionary<string, (TestUser? User, HttpClient Client)> _callers = [];
    private TestUser _gdRecruiter = null!;
    private HttpClient _manager = null!;
    private HttpClient _otherAdvisor = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        _callers["Anonymous"] = (null, _app.CreateClient());
        foreach (var (name, role, desk) in new[]
        {
            ("Admin", Roles.Admin, (string?)null), ("Manager", Roles.Manager, null), ("RecruiterGd", Roles.Recruiter, DeskCodes.Guangdong),
            ("RecruiterFj", Roles.Recruiter, DeskCodes.Fujian), ("Advisor", Roles.Advisor, null),
        })
        {
            var (user, client) = await _app.SignedInAsync(role, desk);
            _callers[name] = (user, client);
        }
        _gdRecruiter = _callers["RecruiterGd"].User!;
        _manager = _callers["Manager"].Client;
        // Submits the referrals the matrix asks about, so the Advisor caller is never their owner.
        (_, _otherAdvisor) = await _app.SignedInAsync(Roles.Advisor);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public void Every_api_route_has_a_row_and_every_row_a_route()
    {
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(m => $"{m} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .ToHashSet();
        var rows = RouteMatrix.Rows.Select(r => r.Route).ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(mapped.Except(rows), Is.Empty, "routes with no row in RouteMatrix");
            Assert.That(rows.Except(mapped), Is.Empty, "rows for routes that are not mapped");
            Assert.That(rows.Except(Requests.Keys), Is.Empty, "rows this test cannot call yet: add a request below");
            Assert.That(RouteMatrix.Rows.Select(r => r.Route), Is.Unique);
        });
    }

    public static IEnumerable<TestCaseData> Cells() =>
        from row in RouteMatrix.Rows
        from cell in new[]
        {
            ("Anonymous", row.Anonymous), ("Admin", row.Admin), ("Manager", row.Manager),
            ("RecruiterGd", row.RecruiterGd), ("RecruiterFj", row.RecruiterFj), ("Advisor", row.Advisor),
        }
        select new TestCaseData(row.Route, cell.Item1, cell.Item2).SetName($"{row.Route} as {cell.Item1} → {cell.Item2}");

    [TestCaseSource(nameof(Cells))]
    public async Task Route_answers_the_caller_as_the_matrix_says(string route, string caller, int expected)
    {
        var (user, client) = _callers[caller];
        using var request = await Requests[route](this, user);
        var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(expected), await response.Content.ReadAsStringAsync());
        if (expected is 401 or 403 or 404)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.That(body, Does.Not.Contain("companyName").And.Not.Contain("\"title\":\"食品"), "a denial carries no data");
        }
    }

    /// <summary>Every write only Managers or Admins may make (an advisor and a recruiter are refused, an Admin is not).</summary>
    public static IEnumerable<TestCaseData> ManagerAndAdminWrites() =>
        from row in RouteMatrix.Rows
        where !row.Route.StartsWith("GET ", StringComparison.Ordinal) && row.Advisor == 403 && row.RecruiterGd == 403 && row.Admin is >= 200 and < 300
        from body in new[] { "{", "{}", "{\"version\":\"x\",\"desk\":12}" }
        select new TestCaseData(row.Route, body).SetName($"{row.Route} with {body} as Advisor → 403");

    [TestCaseSource(nameof(ManagerAndAdminWrites))]
    public async Task The_role_is_checked_before_the_body_is_read(string route, string body)
    {
        var (_, advisor) = _callers["Advisor"];
        var path = route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]
            .Replace("{id:int}", "1", StringComparison.Ordinal).Replace("{id:long}", "1", StringComparison.Ordinal).Replace("{targetId:int}", "2", StringComparison.Ordinal)
            .Replace("{id}", "someone", StringComparison.Ordinal).Replace("{year:int}", "2026", StringComparison.Ordinal)
            .Replace("{quarter:int}", "1", StringComparison.Ordinal).Replace("{dealId:int}", "3", StringComparison.Ordinal)
            .Replace("{problemId:int}", "1", StringComparison.Ordinal).Replace("{code}", "LAND", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(route[..route.IndexOf(' ', StringComparison.Ordinal)]), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        var response = await advisor.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That((int)response.StatusCode, Is.EqualTo(403), text);
        Assert.That(text, Does.Not.Contain("errors"), "a refused caller learns nothing about the body");
    }

    // ---- one request per route, on fresh data: a GD deal owned by the GD recruiter, a fresh user to administer,
    // a referral of another advisor, a notification of the GD recruiter.

    private delegate Task<HttpRequestMessage> RequestFactory(RouteMatrixTests test, TestUser? caller);

    private static readonly Dictionary<string, RequestFactory> Requests = new()
    {
        ["POST /api/v1/auth/token"] = (t, caller) => Task.FromResult(Post("/api/v1/auth/token",
            new { email = (caller ?? t._gdRecruiter).Email, password = CrmApp.Password })),
        ["POST /api/v1/auth/refresh"] = async (t, caller) => Post("/api/v1/auth/refresh", new { refreshToken = await t.RefreshTokenAsync(caller ?? t._gdRecruiter) }),
        ["GET /api/v1/me"] = (_, _) => Get("/api/v1/me"),
        ["GET /api/v1/desks"] = (_, _) => Get("/api/v1/desks"),
        ["GET /api/v1/organizations"] = (_, _) => Get("/api/v1/organizations"),

        ["GET /api/v1/deals"] = (_, _) => Get("/api/v1/deals"),
        ["POST /api/v1/deals"] = async (t, _) =>
        {
            var company = await t._manager.CreateCompanyAsync();
            return Post("/api/v1/deals", TestData.NewDeal(company.Id, b => { b.Desk = DeskCodes.Guangdong; b.OwnerId = t._gdRecruiter.Id; }));
        },
        ["GET /api/v1/deals/{id:int}"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}"),
        ["PUT /api/v1/deals/{id:int}"] = async (t, _) =>
        {
            var deal = await t.GdDealAsync();
            return Put($"/api/v1/deals/{deal.Id}", new DealUpdateInput
            {
                Title = deal.Title + " 二期",
                CompanyId = deal.CompanyId,
                Source = deal.Source,
                Region = deal.Region,
                Segment = deal.Segment,
                EstimatedInvestmentYuan = deal.EstimatedInvestmentYuan,
                Version = deal.Version,
            });
        },
        ["POST /api/v1/deals/{id:int}/stage"] = async (t, _) =>
        {
            var deal = await t.GdDealAsync();
            return Post($"/api/v1/deals/{deal.Id}/stage", new StageMoveInput { Stage = DealStage.Contacted, EffectiveOn = Today, Version = deal.Version });
        },
        ["POST /api/v1/deals/{id:int}/status"] = async (t, _) =>
        {
            var deal = await t.GdDealAsync();
            return Post($"/api/v1/deals/{deal.Id}/status", new StatusChangeInput { Status = DealStatus.Dormant, Version = deal.Version });
        },
        ["GET /api/v1/deals/{id:int}/history"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}/history"),
        ["GET /api/v1/deals/{id:int}/moves"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}/moves"),
        ["GET /api/v1/deals/{id:int}/activities"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}/activities"),
        ["POST /api/v1/deals/{id:int}/activities"] = async (t, _) => Post($"/api/v1/deals/{(await t.GdDealAsync()).Id}/activities",
            new ActivityInput { Type = ActivityType.Call, OccurredOn = Today, Summary = "电话沟通" }),
        ["GET /api/v1/deals/{id:int}/care"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}/care"),
        ["PUT /api/v1/deals/{id:int}/care"] = async (t, _) =>
        {
            var deal = await t._manager.SignedOnAsync(DeskCodes.Guangdong, "矩阵包保项目", Today);
            return Put($"/api/v1/deals/{deal.Id}/care", new CareInput { LeaderId = t._gdRecruiter.Id, OfficerId = t._gdRecruiter.Id });
        },

        ["GET /api/v1/companies"] = (_, _) => Get("/api/v1/companies?q=食品"),
        ["GET /api/v1/search"] = (_, _) => Get("/api/v1/search?q=食品"),
        ["GET /api/v1/companies/{id:int}"] = async (t, _) => await GetAsync($"/api/v1/companies/{(await t._manager.CreateCompanyAsync()).Id}"),
        ["POST /api/v1/companies"] = (_, _) => Task.FromResult(Post("/api/v1/companies", new CompanyInput { Name = TestData.Unique("矩阵食品有限公司") })),
        ["PUT /api/v1/companies/{id:int}"] = async (t, _) =>
        {
            var company = await t._manager.CreateCompanyAsync();
            return Put($"/api/v1/companies/{company.Id}", new CompanyUpdateInput { Name = company.Name + "（新）", Version = company.Version });
        },
        ["PUT /api/v1/companies/{id:int}/scale"] = async (t, _) =>
        {
            var company = await t._manager.CreateCompanyAsync();
            return Put($"/api/v1/companies/{company.Id}/scale", new CompanyScaleInput { ScaleSince = Today, Version = company.Version });
        },
        ["POST /api/v1/companies/{id:int}/contacts"] = async (t, _) =>
            Post($"/api/v1/companies/{(await t.GdDealAsync()).CompanyId}/contacts", new ContactInput { Name = "矩阵联系人" }),
        ["PUT /api/v1/companies/{id:int}/contacts/{contactId:int}"] = async (t, _) =>
        {
            var company = await t.GdCompanyWithContactAsync();
            return Put($"/api/v1/companies/{company.Id}/contacts/{company.Contacts[0].Id}",
                new ContactUpdateInput { Name = "矩阵联系人（新）", Version = company.Version });
        },
        ["DELETE /api/v1/companies/{id:int}/contacts/{contactId:int}"] = async (t, _) =>
        {
            var company = await t.GdCompanyWithContactAsync();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/companies/{company.Id}/contacts/{company.Contacts[0].Id}");
        },

        ["GET /api/v1/deals/{id:int}/documents"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdDealAsync()).Id}/documents"),
        ["POST /api/v1/deals/{id:int}/documents"] = async (t, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/deals/{(await t.GdDealAsync()).Id}/documents") { Content = DocumentForm() },
        ["GET /api/v1/companies/{id:int}/documents"] = async (t, _) => await GetAsync($"/api/v1/companies/{(await t._manager.CreateCompanyAsync()).Id}/documents"),
        ["POST /api/v1/companies/{id:int}/documents"] = async (t, _) =>
            new HttpRequestMessage(HttpMethod.Post, $"/api/v1/companies/{(await t._manager.CreateCompanyAsync()).Id}/documents") { Content = DocumentForm() },
        ["GET /api/v1/documents/{id:int}/content"] = async (t, _) => await GetAsync($"/api/v1/documents/{await t.GdDocumentAsync()}/content"),
        ["DELETE /api/v1/documents/{id:int}"] = async (t, _) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/documents/{await t.GdDocumentAsync()}"),
        ["GET /api/v1/deals/{id:int}/funding"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/funding"),
        ["POST /api/v1/deals/{id:int}/funding"] = async (t, _) => Post($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/funding",
            new Crm.Domain.Funds.FundingInput { Kind = Crm.Domain.Funds.FundingKind.InPlace, On = Today, Yuan = 10_000_000 }),
        ["DELETE /api/v1/funding/{id:int}"] = async (t, _) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/funding/{await t.GdFundingAsync()}"),
        ["GET /api/v1/deals/{id:int}/schedule"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/schedule"),
        ["PUT /api/v1/deals/{id:int}/schedule/{kind}"] = async (t, _) => Put($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/schedule/LandHandedOver",
            new Crm.Domain.Schedules.MilestoneInput { PlannedOn = Today }),
        ["GET /api/v1/deals/{id:int}/approvals"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/approvals"),
        ["POST /api/v1/deals/{id:int}/approvals"] = async (t, _) => Post($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/approvals", NewApproval()),
        ["POST /api/v1/deals/{id:int}/approvals/apply"] = async (t, _) => Post($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/approvals/apply",
            new Crm.Domain.Approvals.ApplyTemplateInput { TemplateId = (await t.ApprovalTemplateAsync()).Id }),
        ["PUT /api/v1/approvals/{id:int}"] = async (t, _) =>
        {
            var item = await t.GdApprovalAsync();
            return Put($"/api/v1/approvals/{item.Id}", new Crm.Domain.Approvals.ApprovalUpdateInput
            {
                Status = Crm.Domain.Approvals.ApprovalStatus.InProgress,
                PlannedOn = Today,
                Version = item.Version,
            });
        },
        ["DELETE /api/v1/approvals/{id:int}"] = async (t, _) => new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/approvals/{(await t.GdApprovalAsync()).Id}"),
        ["GET /api/v1/approval-templates"] = (_, _) => Get("/api/v1/approval-templates"),
        ["POST /api/v1/approval-templates"] = (_, _) => Task.FromResult(Post("/api/v1/approval-templates", NewApprovalTemplate())),
        ["PUT /api/v1/approval-templates/{id:int}"] = async (t, _) =>
        {
            var template = await t.ApprovalTemplateAsync();
            return Put($"/api/v1/approval-templates/{template.Id}", NewApprovalTemplate() with { Version = template.Version });
        },
        ["POST /api/v1/approval-templates/food-plant"] = (_, _) => Task.FromResult(Post("/api/v1/approval-templates/food-plant", new { })),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}/funds"] = (_, _) => Get($"/api/v1/reviews/{Today.Year}/Q1/funds?desk={DeskCodes.Guangdong}"),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}/rates"] = (_, _) => Get($"/api/v1/reviews/{Today.Year}/Q1/rates?desk={DeskCodes.Guangdong}"),

        ["GET /api/v1/deals/{id:int}/problems"] = async (t, _) => await GetAsync($"/api/v1/deals/{(await t.GdProblemAsync()).DealId}/problems"),
        ["POST /api/v1/deals/{id:int}/problems"] = async (t, _) => Post($"/api/v1/deals/{(await t.GdSignedDealAsync()).Id}/problems", t.NewProblem()),
        ["PUT /api/v1/deals/{id:int}/problems/{problemId:int}"] = async (t, _) =>
        {
            var p = await t.GdProblemAsync();
            return Put($"/api/v1/deals/{p.DealId}/problems/{p.Id}", new Crm.Domain.Problems.ProblemUpdateInput
            {
                Kind = Crm.Domain.Problems.ProblemKind.Water,
                Description = p.Description + "（补充）",
                DepartmentCode = p.DepartmentCode,
                AssigneeId = p.AssigneeId,
                DueOn = p.DueOn.AddDays(3),
                Version = p.Version,
            });
        },
        ["POST /api/v1/deals/{id:int}/problems/{problemId:int}/close"] = async (t, _) =>
        {
            var p = await t.GdProblemAsync();
            return Post($"/api/v1/deals/{p.DealId}/problems/{p.Id}/close", new Crm.Domain.Problems.ProblemCloseInput { Answer = "已协调解决", Version = p.Version });
        },
        ["POST /api/v1/deals/{id:int}/problems/{problemId:int}/reopen"] = async (t, _) =>
        {
            var p = await t.GdProblemAsync(closed: true);
            return Post($"/api/v1/deals/{p.DealId}/problems/{p.Id}/reopen", new Crm.Domain.Problems.ProblemReopenInput { Version = p.Version });
        },
        ["GET /api/v1/departments"] = (_, _) => Get("/api/v1/departments"),
        ["POST /api/v1/departments"] = (_, _) => Task.FromResult(Post("/api/v1/departments", new Crm.Domain.Departments.DepartmentInput
        {
            Code = NewDepartmentCode(),
            Name = "矩阵部门",
            NameEn = "Matrix department",
        })),
        ["PUT /api/v1/departments/{code}"] = async (t, _) =>
        {
            await t.DepartmentAsync();
            return Put($"/api/v1/departments/{MatrixDepartment}", new Crm.Domain.Departments.DepartmentInput
            {
                Code = MatrixDepartment,
                Name = "矩阵供电公司",
                NameEn = "Matrix power company",
            });
        },

        ["GET /api/v1/me/views"] = (_, _) => Get("/api/v1/me/views?page=deals"),
        ["POST /api/v1/me/views"] = (_, _) => Task.FromResult(Post("/api/v1/me/views",
            new SavedViewInput { Page = SavedViewPages.Deals, Name = TestData.Unique("矩阵视图"), Query = "stage=Lead" })),
        ["DELETE /api/v1/me/views/{id:int}"] = async (t, _) =>
        {
            var gd = await t._app.ClientForAsync(t._gdRecruiter);
            var saved = await gd.PostAsJsonAsync("/api/v1/me/views",
                new SavedViewInput { Page = SavedViewPages.Deals, Name = TestData.Unique("矩阵视图"), Query = "stage=Lead" }, CrmApp.Json);
            await saved.EnsureSuccessAsync();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/me/views/{(await saved.ReadAsync<SavedViewResponse>()).Id}");
        },
        ["GET /api/v1/calendar"] = (_, _) => Get($"/api/v1/calendar?from={Today:yyyy-MM-dd}&to={Today.AddDays(6):yyyy-MM-dd}"),
        ["POST /api/v1/me/calendar-feed"] = (_, _) => Task.FromResult(Post("/api/v1/me/calendar-feed", new { })),
        ["DELETE /api/v1/me/calendar-feed"] = (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, "/api/v1/me/calendar-feed")),

        ["GET /api/v1/users"] = (_, _) => Get("/api/v1/users"),
        ["POST /api/v1/users"] = (_, _) => Task.FromResult(Post("/api/v1/users", new NewUserInput
        {
            Email = $"{TestData.Unique("new")}@zone.test",
            DisplayName = "新同事",
            Role = Roles.Recruiter,
            Desk = DeskCodes.Beijing,
        })),
        ["PUT /api/v1/users/{id}/access"] = async (t, _) =>
            Put($"/api/v1/users/{(await t._app.CreateUserAsync(Roles.Recruiter, DeskCodes.Beijing)).Id}/access",
                new UserAccessInput { Role = Roles.Manager }),
        ["POST /api/v1/users/{id}/lock"] = async (t, _) => Post($"/api/v1/users/{(await t._app.CreateUserAsync(Roles.Advisor)).Id}/lock", new { }),
        ["POST /api/v1/users/{id}/unlock"] = async (t, _) => Post($"/api/v1/users/{(await t._app.CreateUserAsync(Roles.Advisor)).Id}/unlock", new { }),

        // A wrong token for an existing account: the same 400 as an unknown email, whoever asks.
        ["POST /api/v1/auth/accept-invitation"] = (t, _) => Task.FromResult(Post("/api/v1/auth/accept-invitation",
            new { email = t._gdRecruiter.Email, token = "not-an-invitation-token", password = CrmApp.Password })),

        ["GET /api/v1/duplicates"] = (_, _) => Get("/api/v1/duplicates?name=矩阵查重有限公司"),
        ["POST /api/v1/companies/{id:int}/merge-into/{targetId:int}"] = async (t, _) => Post(
            $"/api/v1/companies/{(await t._manager.CreateCompanyAsync()).Id}/merge-into/{(await t._manager.CreateCompanyAsync()).Id}", new { }),

        ["GET /api/v1/admin/outbox"] = (_, _) => Get("/api/v1/admin/outbox"),
        ["GET /api/v1/admin/jobs"] = (_, _) => Get("/api/v1/admin/jobs"),
        ["GET /api/v1/admin/audit"] = (_, _) => Get("/api/v1/admin/audit"),
        ["GET /api/v1/admin/audit/export"] = (_, _) => Get("/api/v1/admin/audit/export"),
        ["POST /api/v1/imports"] = (_, _) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/api/v1/imports?dryRun=true") { Content = Ledger() }),
        ["GET /api/v1/imports/{id:long}"] = async (t, _) => await GetAsync($"/api/v1/imports/{await t.ImportAsync(dryRun: true)}"),
        ["POST /api/v1/imports/{id:long}/undo"] = async (t, _) => Post($"/api/v1/imports/{await t.ImportAsync(dryRun: false)}/undo", new { }),
        // Jobs are off in the test host: the run is only queued, never executed.
        ["POST /api/v1/admin/jobs/{id}/run"] = (_, _) => Task.FromResult(Post($"/api/v1/admin/jobs/{JobNames.WeeklyInspection}/run", new { })),
        ["GET /api/v1/admin/jobs/{id}/runs/{runId}"] = async (t, _) =>
        {
            var queued = await t._callers["Admin"].Client.PostAsync($"/api/v1/admin/jobs/{JobNames.DailyDigest}/run", null);
            var run = await queued.Content.ReadFromJsonAsync<JobRunQueued>(CrmApp.Json);
            return new HttpRequestMessage(HttpMethod.Get, $"/api/v1/admin/jobs/{JobNames.DailyDigest}/runs/{run!.BackgroundJobId}");
        },

        ["POST /api/v1/referrals"] = (_, _) => Task.FromResult(Post("/api/v1/referrals", NewReferral())),
        ["GET /api/v1/referrals"] = (_, _) => Get("/api/v1/referrals"),
        ["GET /api/v1/referrals/results"] = (_, _) => Get("/api/v1/referrals/results"),
        ["GET /api/v1/referrals/{id:int}"] = async (t, _) => await GetAsync($"/api/v1/referrals/{(await t.OtherAdvisorsReferralAsync()).Id}"),
        ["GET /api/v1/referrals/{id:int}/duplicates"] = async (t, _) =>
            await GetAsync($"/api/v1/referrals/{(await t.OtherAdvisorsReferralAsync()).Id}/duplicates"),
        ["POST /api/v1/referrals/{id:int}/accept"] = async (t, _) =>
        {
            var referral = await t.OtherAdvisorsReferralAsync();
            return Post($"/api/v1/referrals/{referral.Id}/accept",
                new AcceptReferralInput { OwnerId = t._gdRecruiter.Id, Desk = DeskCodes.Guangdong, Version = referral.Version });
        },
        ["POST /api/v1/referrals/{id:int}/decline"] = async (t, _) =>
        {
            var referral = await t.OtherAdvisorsReferralAsync();
            return Post($"/api/v1/referrals/{referral.Id}/decline", new DeclineReferralInput { Reason = "不符合园区产业定位", Version = referral.Version });
        },
        ["POST /api/v1/referrals/{id:int}/duplicate"] = async (t, _) =>
        {
            var referral = await t.OtherAdvisorsReferralAsync();
            var deal = await t.GdDealAsync();
            return Post($"/api/v1/referrals/{referral.Id}/duplicate", new DuplicateReferralInput { DealId = deal.Id, Version = referral.Version });
        },

        ["GET /api/v1/notifications"] = (_, _) => Get("/api/v1/notifications"),
        ["POST /api/v1/notifications/{id:long}/read"] = async (t, _) => Post($"/api/v1/notifications/{await t.GdRecruitersNotificationAsync()}/read", new { }),
        ["POST /api/v1/notifications/read-all"] = (_, _) => Task.FromResult(Post("/api/v1/notifications/read-all", new { })),
        ["GET /api/v1/me/notification-settings"] = (_, _) => Get("/api/v1/me/notification-settings"),
        ["PUT /api/v1/me/notification-settings"] = (_, _) => Task.FromResult(Put("/api/v1/me/notification-settings",
            new NotificationSettingsInput { Settings = [new NotificationSetting(NotificationKind.DailyDigest, Email: true)] })),

        ["GET /api/v1/targets/{year:int}/Q{quarter:int}"] = (_, _) => Get($"/api/v1/targets/{Today.Year}/Q1"),
        ["PUT /api/v1/targets/{year:int}/Q{quarter:int}"] = (_, _) => Task.FromResult(Put($"/api/v1/targets/{Today.Year}/Q1",
            new TargetsInput { Zone = new TargetFigures { Signed = 3 } })),
        ["PUT /api/v1/targets/{year:int}/plan"] = (_, _) => Task.FromResult(Put($"/api/v1/targets/{Today.Year}/plan",
            new TargetsInput { Desks = new() { [DeskCodes.Guangdong] = new TargetFigures { Signed = 8 } } })),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}"] = (_, _) => Get($"/api/v1/reviews/{Today.Year}/Q1?desk={DeskCodes.Guangdong}"),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}.xlsx"] = (_, _) => Get($"/api/v1/reviews/{Today.Year}/Q1.xlsx?desk={DeskCodes.Guangdong}"),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}/trends"] = (_, _) => Get($"/api/v1/reviews/{Today.Year}/Q1/trends?desk={DeskCodes.Guangdong}"),
        ["GET /api/v1/reviews/{year:int}/Q{quarter:int}/closed"] = async (t, _) =>
        {
            await t.ClosedQuarterAsync(closed: true);
            return await Get($"/api/v1/reviews/{Today.Year}/Q1/closed?desk={DeskCodes.Guangdong}");
        },
        ["GET /api/v1/plans/{year:int}"] = (_, _) => Get($"/api/v1/plans/{Today.Year}?desk={DeskCodes.Guangdong}"),
        ["PUT /api/v1/plans/{year:int}/goals"] = (_, _) => Task.FromResult(Put($"/api/v1/plans/{Today.Year}/goals",
            new Crm.Domain.Plans.AnnualGoalsInput { Targets = new Dictionary<Crm.Domain.Plans.PlanGoal, int> { [Crm.Domain.Plans.PlanGoal.MajorProjects] = 2 } })),
        ["POST /api/v1/plans/{year:int}/lists"] = (_, _) => Task.FromResult(Post($"/api/v1/plans/{Today.Year}/lists", KeyList())),
        ["DELETE /api/v1/plans/lists/{id:int}"] = async (t, _) =>
            new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/plans/lists/{await t.KeyListAsync()}"),
        ["POST /api/v1/plans/lists/{id:int}/deals"] = async (t, _) =>
            Post($"/api/v1/plans/lists/{await t.KeyListAsync()}/deals", new Crm.Domain.Plans.KeyEntryInput { DealId = (await t.GdDealAsync()).Id }),
        ["DELETE /api/v1/plans/lists/{id:int}/deals/{dealId:int}"] = async (t, _) =>
        {
            var deal = await t.GdDealAsync();
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/plans/lists/{await t.KeyListAsync(deal.Id)}/deals/{deal.Id}");
        },
        ["POST /api/v1/reviews/{year:int}/Q{quarter:int}/close"] = async (t, _) =>
        {
            await t.ClosedQuarterAsync(closed: false);
            return Post($"/api/v1/reviews/{Today.Year}/Q1/close", new { });
        },
        ["DELETE /api/v1/reviews/{year:int}/Q{quarter:int}/close"] = async (t, _) =>
        {
            await t.ClosedQuarterAsync(closed: true);
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/reviews/{Today.Year}/Q1/close");
        },
    };

    private static DateOnly Today => TestClock.Today;

    /// <summary>A company the Guangdong desk follows, with one contact.</summary>
    private async Task<CompanyResponse> GdCompanyWithContactAsync()
    {
        var deal = await GdDealAsync();
        return await _manager.AddContactAsync(deal.CompanyId);
    }

    private static MultipartFormDataContent Ledger()
    {
        var csv = $"企业名称,项目名称,投资额（万元）,驻点\n{TestData.Unique("矩阵导入食品有限公司")},矩阵项目,1000,GD\n";
        return new MultipartFormDataContent { { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv)), "file", "ledger.csv" } };
    }

    /// <summary>A Manager's import of one new row: a dry run, or an import the job has run.</summary>
    private async Task<long> ImportAsync(bool dryRun)
    {
        var response = await _manager.PostAsync($"/api/v1/imports?dryRun={(dryRun ? "true" : "false")}", Ledger());
        var id = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        if (!dryRun)
        {
            await using var scope = _app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Crm.Domain.Imports.ImportJob>().RunAsync(id, CancellationToken.None);
        }
        return id;
    }

    private async Task<DealResponse> GdDealAsync()
    {
        var company = await _manager.CreateCompanyAsync();
        return await _manager.CreateDealAsync(TestData.NewDeal(company.Id, b => { b.Desk = DeskCodes.Guangdong; b.OwnerId = _gdRecruiter.Id; }));
    }

    private static MultipartFormDataContent DocumentForm() => new()
    {
        { new ByteArrayContent("%PDF-1.7 matrix"u8.ToArray()), "file", "矩阵.pdf" },
        { new StringContent(nameof(DocumentKind.Other)), "kind" },
        { new StringContent(Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), "on" },
    };

    private const string MatrixDepartment = "MPOWER";
    private static int _departments;

    /// <summary>"MXA", "MXB", …: a new department code (upper-case letters only) for each call.</summary>
    private static string NewDepartmentCode()
    {
        var n = Interlocked.Increment(ref _departments);
        var letters = "";
        for (; n > 0; n /= 26)
        {
            letters = (char)('A' + n % 26) + letters;
        }
        return "MX" + letters;
    }

    /// <summary>The department the matrix's problems are referred to, made once.</summary>
    private Task DepartmentAsync() => _app.WithDbAsync(async db =>
    {
        if (!await db.Departments.AnyAsync(d => d.Code == MatrixDepartment))
        {
            db.Departments.Add(new Crm.Domain.Departments.Department { Code = MatrixDepartment, Name = "供电公司", NameEn = "Power company" });
            await db.SaveChangesAsync();
        }
    });

    private async Task<DealResponse> GdSignedDealAsync()
    {
        await DepartmentAsync();
        var deal = await GdDealAsync();
        return await _manager.MoveAsync(deal, DealStage.Signed, Today, 300_000_000, Today.AddDays(60), Today.AddDays(300));
    }

    /// <summary>A problem assigned to the Guangdong recruiter, due in a week.</summary>
    private Crm.Domain.Problems.ProblemInput NewProblem() => new()
    {
        Kind = Crm.Domain.Problems.ProblemKind.Power,
        Description = "矩阵：厂区临时用电未接通",
        DepartmentCode = MatrixDepartment,
        AssigneeId = _gdRecruiter.Id,
        DueOn = Today.AddDays(7),
    };

    /// <summary>A problem on a signed deal of the Guangdong desk, logged by the manager (and closed, if asked).</summary>
    private async Task<Crm.Domain.Problems.ProblemResponse> GdProblemAsync(bool closed = false)
    {
        var deal = await GdSignedDealAsync();
        var created = await _manager.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems", NewProblem(), CrmApp.Json);
        await created.EnsureSuccessAsync();
        var problem = await created.ReadAsync<Crm.Domain.Problems.ProblemResponse>();
        if (!closed)
        {
            return problem;
        }
        var close = await _manager.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/problems/{problem.Id}/close",
            new Crm.Domain.Problems.ProblemCloseInput { Answer = "已解决", Version = problem.Version }, CrmApp.Json);
        await close.EnsureSuccessAsync();
        return await close.ReadAsync<Crm.Domain.Problems.ProblemResponse>();
    }

    /// <summary>A document on a deal of the Guangdong desk.</summary>
    private async Task<int> GdDocumentAsync()
    {
        var response = await _manager.PostAsync($"/api/v1/deals/{(await GdDealAsync()).Id}/documents", DocumentForm());
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<DocumentResponse>()).Id;
    }

    /// <summary>A tranche recorded on a signed deal of the Guangdong desk.</summary>
    private async Task<int> GdFundingAsync()
    {
        var response = await _manager.PostAsJsonAsync($"/api/v1/deals/{(await GdSignedDealAsync()).Id}/funding",
            new Crm.Domain.Funds.FundingInput { Kind = Crm.Domain.Funds.FundingKind.InPlace, On = Today, Yuan = 10_000_000 }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<Crm.Domain.Funds.DealFunding>()).Items[0].Id;
    }

    private static Crm.Domain.Approvals.ApprovalItemInput NewApproval() => new()
    {
        Name = $"矩阵手续{Guid.NewGuid():N}",
        NameEn = "Matrix approval",
        Before = Crm.Domain.Schedules.MilestoneKind.Started,
        PlannedOn = Today,
    };

    private static Crm.Domain.Approvals.ApprovalTemplateInput NewApprovalTemplate() => new()
    {
        Name = $"矩阵清单{Guid.NewGuid():N}",
        NameEn = "Matrix checklist",
        Items = [new() { Name = "立项备案", NameEn = "Project filing", Before = Crm.Domain.Schedules.MilestoneKind.LandHandedOver }],
    };

    /// <summary>A fresh template an Admin keeps.</summary>
    private async Task<Crm.Domain.Approvals.ApprovalTemplateResponse> ApprovalTemplateAsync()
    {
        var response = await _callers["Admin"].Client.PostAsJsonAsync("/api/v1/approval-templates", NewApprovalTemplate(), CrmApp.Json);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<Crm.Domain.Approvals.ApprovalTemplateResponse>();
    }

    /// <summary>An approval on a fresh signed deal of the Guangdong desk.</summary>
    private async Task<Crm.Domain.Approvals.ApprovalItemResponse> GdApprovalAsync()
    {
        var response = await _manager.PostAsJsonAsync($"/api/v1/deals/{(await GdSignedDealAsync()).Id}/approvals", NewApproval(), CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<Crm.Domain.Approvals.DealApprovals>()).Items[0];
    }

    /// <summary>A company name no other record resembles, so no duplicate rule refuses the referral's decision.</summary>
    private static ReferralInput NewReferral() => new()
    {
        CompanyName = $"矩阵转介{Guid.NewGuid():N}有限公司",
        ContactName = "王经理",
        ContactPhone = "+86 20 8888 0000",
    };

    private async Task<ReferralResponse> OtherAdvisorsReferralAsync()
    {
        var response = await _otherAdvisor.PostAsJsonAsync("/api/v1/referrals", NewReferral(), CrmApp.Json);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<ReferralResponse>();
    }

    private static Crm.Domain.Plans.KeyListInput KeyList() =>
        new() { Name = TestData.Unique("储备"), Aim = Crm.Domain.Plans.KeyListAim.Signed, DueOn = new DateOnly(Today.Year, 12, 31) };

    /// <summary>A key-project list made by the manager, with a deal on it or empty.</summary>
    private async Task<int> KeyListAsync(int? dealId = null)
    {
        var created = await _manager.PostAsJsonAsync($"/api/v1/plans/{Today.Year}/lists", KeyList(), CrmApp.Json);
        await created.EnsureSuccessAsync();
        var id = (await created.ReadAsync<Crm.Domain.Plans.KeyListView>()).Id;
        if (dealId is { } deal)
        {
            await (await _manager.PostAsJsonAsync($"/api/v1/plans/lists/{id}/deals", new Crm.Domain.Plans.KeyEntryInput { DealId = deal }, CrmApp.Json))
                .EnsureSuccessAsync();
        }
        return id;
    }

    /// <summary>Q1 of this year closed (by the job) or open, whatever an earlier cell left.</summary>
    private Task ClosedQuarterAsync(bool closed) => _app.WithDbAsync(async db =>
    {
        await db.ClosedQuarters.Where(c => c.Year == Today.Year && c.Quarter == 1).ExecuteDeleteAsync();
        if (closed)
        {
            using var scope = _app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Crm.Domain.Reviews.ClosedQuarterService>()
                .CloseEndedAsync(new QuarterPeriod(Today.Year, 1), CancellationToken.None);
        }
    });

    private Task<long> GdRecruitersNotificationAsync() => _app.WithDbAsync(async db =>
    {
        var notification = new Notification
        {
            RecipientId = _gdRecruiter.Id,
            Kind = NotificationKind.FollowUpDue,
            DealId = Notification.NoDeal,
            PeriodKey = TestData.Unique("matrix"),
            Title = "跟进提醒",
            Body = "今天需要跟进。",
            CreatedAt = DateTime.UtcNow,
        };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    });

    private async Task<string> RefreshTokenAsync(TestUser user)
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        await response.EnsureSuccessAsync();
        return (await response.ReadAsync<JsonObject>())["refreshToken"]!.GetValue<string>();
    }

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> GetAsync(string path) => Get(path);

    private static HttpRequestMessage Post<T>(string path, T body) =>
        new(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: CrmApp.Json) };

    private static HttpRequestMessage Put<T>(string path, T body) =>
        new(HttpMethod.Put, path) { Content = JsonContent.Create(body, options: CrmApp.Json) };
}
