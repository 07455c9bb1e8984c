using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Reviews;

/// <summary>
/// Closing 2026 Q1 of the hand-built <see cref="ReviewDataset"/> (today 2026-05-15): five deals signed in Q1 (D1, D2, D4,
/// D5, D6) for 6 + 2 + 1 + 3 + 8 = 20亿, two started (D1, D5). A supplementary agreement later raises D2 from 2亿 to
/// 3亿: the quarter keeps its reported 20亿 and shows the correction beside it, with who made it and when.
/// </summary>
[NonParallelizable]
public sealed class ClosedQuarterTests
{
    [Test]
    public async Task A_closed_quarter_keeps_its_reported_figures_and_shows_a_later_amendment_beside_them()
    {
        using var set = await ReviewDataset.BuildAsync();
        var closing = await set.Manager.PostAsync("/api/v1/reviews/2026/Q1/close", null);
        await closing.EnsureSuccessAsync();
        var closed = await closing.ReadAsync<ClosedQuarterView>();
        var again = await set.Manager.PostAsync("/api/v1/reviews/2026/Q1/close", null);
        var running = await set.Manager.PostAsync("/api/v1/reviews/2026/Q2/close", null);
        var (_, gd) = await set.App.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var byRecruiter = await gd.PostAsync("/api/v1/reviews/2026/Q1/close", null);

        // The supplementary agreement, after the closing (minutes: the callers' tokens stay valid).
        set.Time.Advance(TimeSpan.FromMinutes(20));
        var (_, amender) = await set.App.SignedInAsync(Roles.Manager);
        var d2 = (await amender.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{set.Id("D2")}", CrmApp.Json))!;
        var amended = await amender.PutAsJsonAsync($"/api/v1/deals/{d2.Id}", Update(d2, agreed: 300_000_000), CrmApp.Json);
        await amended.EnsureSuccessAsync();
        var amendedAt = set.Time.GetUtcNow().UtcDateTime;

        var view = (await set.Manager.GetFromJsonAsync<ClosedQuarterView>("/api/v1/reviews/2026/Q1/closed", CrmApp.Json))!;
        var gdView = (await gd.GetFromJsonAsync<ClosedQuarterView>("/api/v1/reviews/2026/Q1/closed", CrmApp.Json))!;
        var today = (await set.Manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1", CrmApp.Json))!;
        var d2Key = d2.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var amenderId = await set.App.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(Deal) && a.EntityId == d2Key && a.Action == AuditActions.Update)
            .Select(a => a.UserId).SingleAsync());
        var amenderDisplay = await set.App.WithDbAsync(db => db.Users.Where(u => u.Id == amenderId).Select(u => u.DisplayName).SingleAsync());
        var closeAudit = await set.App.WithDbAsync(db => db.AuditLog.CountAsync(a => a.EntityType == nameof(ClosedQuarter) && a.EntityId == "2026-Q1" && a.Action == AuditActions.Close));

        var runningCode = (await running.ReadAsync<JsonObject>())["code"]!.GetValue<string>();
        Assert.Multiple(() =>
        {
            Assert.That(closed.Reported.Signed.Actual, Is.EqualTo(5));
            Assert.That(closed.Reported.SignedInvestmentYuan.Actual, Is.EqualTo(2_000_000_000));
            Assert.That(closed.Reported.Started.Actual, Is.EqualTo(2));
            Assert.That(closed.ReportedDesks[DeskCodes.Guangdong].Signed.Actual, Is.EqualTo(3), "D1, D2, D5");
            Assert.That(closed.Figures, Is.Empty, "nothing has changed yet");
            Assert.That(closed.Deals, Is.Empty);
            Assert.That(closed.ClosedBy, Is.Not.Null, "a manager closed it");
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "closed once");
            Assert.That(running.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(runningCode, Is.EqualTo("review.quarterNotEnded"));
            Assert.That(byRecruiter.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(closeAudit, Is.EqualTo(1));

            // Reported stays; today's count moves; the correction names the deal, both amounts, who and when.
            Assert.That(view.Reported.SignedInvestmentYuan.Actual, Is.EqualTo(2_000_000_000));
            Assert.That(today.Zone!.SignedInvestmentYuan.Actual, Is.EqualTo(2_100_000_000));
            Assert.That(view.Figures, Is.EqualTo(new[] { new FigureCorrection(nameof(FigureSet.SignedInvestmentYuan), 2_000_000_000, 2_100_000_000) }));
            var change = view.Deals.Single();
            Assert.That((change.DealId, change.List, change.Kind, change.ReportedYuan, change.NowYuan),
                Is.EqualTo((d2.Id, ReviewLists.Signed, CorrectionKind.Amount, 200_000_000L, 300_000_000L)));
            Assert.That(change.ChangedBy, Is.EqualTo(amenderDisplay));
            Assert.That(change.ChangedAt, Is.EqualTo(amendedAt).Within(TimeSpan.FromSeconds(1)));

            // The Guangdong recruiter sees their desk's reported figures and the same correction (D2 is theirs).
            Assert.That(gdView.Reported.Signed.Actual, Is.EqualTo(3));
            Assert.That(gdView.Reported.SignedInvestmentYuan.Actual, Is.EqualTo(1_100_000_000), "6 + 2 + 3亿");
            Assert.That(gdView.Deals.Select(d => d.DealId), Is.EqualTo(new[] { d2.Id }));
        });
    }

    [Test]
    public async Task The_deals_behind_a_reported_figure_are_those_reported_and_only_an_admin_reopens()
    {
        using var set = await ReviewDataset.BuildAsync();
        await (await set.Manager.PostAsync("/api/v1/reviews/2026/Q1/close", null)).EnsureSuccessAsync();
        // D1's agreement is raised from 6亿 to 9亿 after the closing: the reported list keeps 6亿.
        var (_, admin) = await set.App.SignedInAsync(Roles.Admin);
        var d1 = (await admin.GetFromJsonAsync<DealResponse>($"/api/v1/deals/{set.Id("D1")}", CrmApp.Json))!;
        await (await admin.PutAsJsonAsync($"/api/v1/deals/{d1.Id}", Update(d1, agreed: 900_000_000), CrmApp.Json)).EnsureSuccessAsync();

        var reported = await Reported(set, ReviewDrill.ForFigure(nameof(FigureSet.MajorProjects)));
        var signedFj = await Reported(set, ReviewDrill.ForFigure(nameof(FigureSet.Signed), DeskCodes.Fujian));
        var byManager = await set.Manager.DeleteAsync("/api/v1/reviews/2026/Q1/close");
        var reopened = await admin.DeleteAsync("/api/v1/reviews/2026/Q1/close");
        var afterwards = await set.Manager.GetAsync("/api/v1/reviews/2026/Q1/closed");
        var reopenAudit = await set.App.WithDbAsync(db => db.AuditLog.SingleAsync(a => a.EntityType == nameof(ClosedQuarter) && a.Action == AuditActions.Reopen));

        Assert.Multiple(() =>
        {
            // Major (≥ 5亿) as reported: D1 at 6亿 (its 9亿 came later) and D6 8亿.
            Assert.That(reported!.Select(d => (d.Id, d.InvestmentYuan)), Is.EquivalentTo(new[] { (d1.Id, 600_000_000L), (set.Id("D6"), 800_000_000L) }));
            Assert.That(signedFj!.Select(d => d.Id), Is.EquivalentTo(new[] { set.Id("D4"), set.Id("D6") }));
            Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(reopened.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(afterwards.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "open again: counted from today's records");
            Assert.That(reopenAudit.Before, Does.Contain("2000000000"), "the audit log keeps what was reported");
        });
    }

    [Test]
    public async Task The_quarterly_job_closes_the_quarter_that_ended_once_and_a_manager_then_meets_a_conflict()
    {
        using var set = await ReviewDataset.BuildAsync();
        for (var run = 0; run < 2; run++)
        {
            using var scope = set.App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<QuarterlyTargetsJob>().RunAsync(new DateOnly(2026, 4, 1), CancellationToken.None);
        }
        var rows = await set.App.WithDbAsync(db => db.ClosedQuarters.Select(c => new { c.Year, c.Quarter, c.ClosedById }).ToListAsync());
        var view = (await set.Manager.GetFromJsonAsync<ClosedQuarterView>("/api/v1/reviews/2026/Q1/closed", CrmApp.Json))!;
        var byManager = await set.Manager.PostAsync("/api/v1/reviews/2026/Q1/close", null);
        var stored = await byManager.ReadAsync<ClosedQuarterView>();

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => (r.Year, r.Quarter, r.ClosedById)), Is.EqualTo(new[] { (2026, 1, CurrentUser.System.Id) }));
            Assert.That(view.ClosedBy, Is.Null, "closed by the job");
            Assert.That(view.Reported.Signed.Actual, Is.EqualTo(5));
            Assert.That(byManager.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(stored.Reported.Signed.Actual, Is.EqualTo(5), "the stored closing");
        });
    }

    private static async Task<IReadOnlyList<ReviewDeal>?> Reported(ReviewDataset set, ReviewDrill drill)
    {
        var (manager, _) = await set.App.SignedInAsync(Roles.Manager);
        using var scope = set.App.Services.CreateScope();
        var user = new CurrentUser(manager.Id, new HashSet<string> { Roles.Manager }, null);
        return await scope.ServiceProvider.GetRequiredService<ClosedQuarterService>().ReportedDealsAsync(user, 2026, 1, null, drill, CancellationToken.None);
    }

    private static DealUpdateInput Update(DealResponse d, long agreed) => new()
    {
        Title = d.Title,
        CompanyId = d.CompanyId,
        Source = d.Source,
        OrganizationId = d.OrganizationId,
        AdvisorId = d.AdvisorId,
        ReferringCompanyId = d.ReferringCompanyId,
        Desk = d.Desk,
        OwnerId = d.OwnerId,
        Region = d.Region,
        Segment = d.Segment,
        IsExpansion = d.IsExpansion,
        EstimatedInvestmentYuan = d.EstimatedInvestmentYuan,
        AgreedInvestmentYuan = agreed,
        PlannedStartOn = d.PlannedStartOn,
        PlannedProductionOn = d.PlannedProductionOn,
        LandMu = d.LandMu,
        JobsExpected = d.JobsExpected,
        NextFollowUpOn = d.NextFollowUpOn,
        Tags = d.Tags,
        Notes = d.Notes,
        Version = d.Version,
    };
}
