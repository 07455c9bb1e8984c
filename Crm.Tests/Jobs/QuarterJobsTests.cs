using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Web.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;

namespace Crm.Tests.Jobs;

/// <summary>
/// The dataset both quarter jobs read: deals signed in Q4 2026 (effective dates in the past of the fake clock),
/// one signed in Q3, and targets set through the targets API by a manager.
///   BJ: 3 signed × 5亿 = 150,000万 → rank 1
///   GD: 2 signed × 5亿 = 100,000万 (+1 signed in Q3) → rank 2
///   FJ: 2 signed × 1亿 = 20,000万, one of them started → rank 3 (same count as GD, less investment)
///   HQ: nothing → rank 4
/// Zone Q4: 7 signed of a target of 10 (70.0%), 270,000万 of 500,000万 (54.0%).
/// </summary>
internal sealed class QuarterDataset
{
    public required TestUser Gd { get; init; }
    public required TestUser Fj { get; init; }
    public required TestUser Bj { get; init; }
    public required TestUser ManagerZh { get; init; }
    public required TestUser ManagerEn { get; init; }

    public static async Task<QuarterDataset> BuildAsync(JobWorld world)
    {
        var set = new QuarterDataset
        {
            Gd = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong),
            Fj = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian),
            Bj = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing, "en"),
            ManagerZh = await world.UserAsync(Roles.Manager),
            ManagerEn = await world.UserAsync(Roles.Manager, language: "en"),
        };
        foreach (var on in new[] { new DateOnly(2026, 10, 10), new DateOnly(2026, 10, 20), new DateOnly(2026, 11, 5) })
        {
            await world.DealAsync(set.Bj, stage: DealStage.Signed, leadOn: on);
        }
        await world.DealAsync(set.Gd, stage: DealStage.Signed, leadOn: new DateOnly(2026, 11, 1));
        await world.DealAsync(set.Gd, stage: DealStage.Signed, leadOn: new DateOnly(2026, 11, 15));
        await world.DealAsync(set.Gd, stage: DealStage.Signed, leadOn: new DateOnly(2026, 9, 20));
        await world.DealAsync(set.Fj, stage: DealStage.Signed, leadOn: new DateOnly(2026, 10, 12), configure: d => d.AgreedInvestmentYuan = 100_000_000);
        await world.DealAsync(set.Fj, stage: DealStage.Started, leadOn: new DateOnly(2026, 10, 13), configure: d => d.AgreedInvestmentYuan = 100_000_000);

        await set.SetTargetsAsync(world, 2026, 4, new TargetsInput
        {
            Zone = new TargetFigures { Signed = 10, Started = 4, SignedInvestmentYuan = 5_000_000_000 },
            Desks = new() { [DeskCodes.Guangdong] = new TargetFigures { Signed = 4, SignedInvestmentYuan = 2_000_000_000 } },
        });
        return set;
    }

    public async Task SetTargetsAsync(JobWorld world, int year, int quarter, TargetsInput input)
    {
        var client = await world.App.ClientForAsync(ManagerZh);
        await (await client.PutAsJsonAsync($"/api/v1/targets/{year}/Q{quarter}", input, CrmApp.Json)).EnsureSuccessAsync();
    }
}

public sealed class TenDayAssessmentJobTests
{
    /// <summary>Saturday 2026-11-21 09:00 in Asia/Shanghai: the third ten-day period of November.</summary>
    private static readonly DateTimeOffset TwentyFirst = new(2026, 11, 21, 1, 0, 0, TimeSpan.Zero);

    [TestCase(2026, 10, 1, "2026-Q4-D1")]
    [TestCase(2026, 10, 11, "2026-Q4-D2")]
    [TestCase(2026, 11, 10, "2026-Q4-D4")]
    [TestCase(2026, 11, 21, "2026-Q4-D6")]
    [TestCase(2026, 12, 31, "2026-Q4-D9")]
    [TestCase(2027, 2, 28, "2027-Q1-D6")]
    public void PeriodKey_numbers_the_ten_day_periods_within_the_quarter(int year, int month, int day, string expected) =>
        Assert.That(TenDayAssessmentJob.PeriodKey(new DateOnly(year, month, day)), Is.EqualTo(expected));

    [Test]
    public async Task Managers_get_the_zone_and_the_ranked_desks_recruiters_their_desk_in_their_language()
    {
        using var world = new JobWorld(now: TwentyFirst);
        var data = await QuarterDataset.BuildAsync(world);
        var advisor = await world.UserAsync(Roles.Advisor);

        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));

        var toManagerZh = (await world.NotificationsAsync(data.ManagerZh.Id)).Single();
        var toManagerEn = (await world.NotificationsAsync(data.ManagerEn.Id)).Single();
        var toGd = (await world.NotificationsAsync(data.Gd.Id)).Single();
        var toFj = (await world.NotificationsAsync(data.Fj.Id)).Single();
        var toBj = (await world.NotificationsAsync(data.Bj.Id)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(new[] { toManagerZh, toManagerEn, toGd, toFj, toBj }.Select(n => (n.Kind, n.DealId, n.PeriodKey)).Distinct(),
                Is.EqualTo(new[] { (NotificationKind.TenDayAssessment, Notification.NoDeal, "2026-Q4-D6") }));
            Assert.That(toManagerZh.Title, Is.EqualTo("旬考核 2026-Q4-D6"));
            Assert.That(toManagerZh.Body, Does.Contain("2026年第4季度目标完成进度（截至 2026-11-21）"));
            Assert.That(toManagerZh.Body, Does.Contain("全区：\n  签约项目(个)：目标 10，实际 7，完成率 70.0%"));
            Assert.That(toManagerZh.Body, Does.Contain("签约投资额(万元)：目标 500,000，实际 270,000，完成率 54.0%"));
            Assert.That(toManagerZh.Body, Does.Contain("开工项目(个)：目标 4，实际 1，完成率 25.0%"));
            Assert.That(toManagerZh.Body, Does.Contain(
                "  1. 北京驻点招商小组：签约 3 个，签约投资 15亿元\n" +
                "  2. 广东驻点招商小组：签约 2 个，签约投资 10亿元\n" +
                "  3. 福建驻点招商小组：签约 2 个，签约投资 2亿元\n" +
                "  4. 开发区招商局：签约 0 个，签约投资 0万元"));
            Assert.That(toManagerEn.Title, Is.EqualTo("Ten-day assessment 2026-Q4-D6"));
            Assert.That(toManagerEn.Body, Does.Contain("Zone:\n  Deals signed: target 10, actual 7, 70.0% attained"));
            Assert.That(toManagerEn.Body, Does.Contain("  1. Beijing desk: 3 signed, investment signed RMB 1,500.0M").And.Contain("  4. Zone office: 0 signed"));
            Assert.That(toManagerEn.Body, Does.Contain("Guangdong desk:\n  Deals signed: target 4, actual 2, 50.0% attained"));

            Assert.That(toGd.Body, Does.Contain("广东驻点招商小组在 4 个小组中排名第 2。"));
            Assert.That(toGd.Body, Does.Contain("签约项目(个)：目标 4，实际 2，完成率 50.0%"));
            Assert.That(toGd.Body, Does.Contain("签约投资额(万元)：目标 200,000，实际 100,000，完成率 50.0%"));
            Assert.That(toGd.Body, Does.Not.Contain("北京"), "a recruiter reads their own desk's figures");
            Assert.That(toFj.Body, Does.Contain("排名第 3").And.Contain("开工项目(个)：目标 0，实际 1，完成率 —"));
            Assert.That(toBj.Title, Is.EqualTo("Ten-day assessment 2026-Q4-D6"));
            Assert.That(toBj.Body, Does.Contain("Beijing desk ranks 1 of 4 desks.").And.Contain("Deals signed: target 0, actual 3, — attained"));
            Assert.That(await world.NotificationsAsync(advisor.Id), Is.Empty);
        });
    }

    [Test]
    public async Task Ranking_is_by_signed_count_then_signed_investment_with_equal_desks_sharing_a_rank()
    {
        using var world = new JobWorld(now: TwentyFirst);
        await QuarterDataset.BuildAsync(world);
        var fj = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        // Makes FJ equal to GD: 2 signed, 100,000万 each.
        await world.App.WithDbAsync(db => db.Deals.Where(d => d.DeskCode == DeskCodes.Fujian)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.AgreedInvestmentYuan, 500_000_000)));

        await using var scope = world.App.Services.CreateAsyncScope();
        var figures = await scope.ServiceProvider.GetRequiredService<QuarterFigures>().GetFiguresAsync(2026, 4);
        var ranked = QuarterProgressReport.Rank(figures);

        Assert.That(ranked.Select(r => (r.Rank, r.DeskCode)), Is.EqualTo(new[]
        {
            (1, DeskCodes.Beijing), (2, DeskCodes.Guangdong), (2, DeskCodes.Fujian), (4, DeskCodes.ZoneOffice),
        }));
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));
        Assert.That((await world.NotificationsAsync(fj.Id)).Single().Body, Does.Contain("在 4 个小组中排名第 2。"));
    }

    [Test]
    public async Task A_run_in_the_next_ten_day_period_is_a_new_assessment()
    {
        using var world = new JobWorld(now: TwentyFirst);
        var manager = await world.UserAsync(Roles.Manager);
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(5));
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));
        world.Time.Advance(TimeSpan.FromDays(5));
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None));

        Assert.That((await world.NotificationsAsync(manager.Id)).Select(n => n.PeriodKey), Is.EqualTo(new[] { "2026-Q4-D6", "2026-Q4-D7" }));
    }
}

public sealed class QuarterlyTargetsJobTests
{
    /// <summary>Friday 2027-01-01 09:00 in Asia/Shanghai: Q1 2027 begins, Q4 2026 has ended.</summary>
    private static readonly DateTimeOffset NewYear = new(2027, 1, 1, 1, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Recruiters_get_their_desks_new_targets_and_managers_the_closing_figures_of_the_quarter_that_ended()
    {
        using var world = new JobWorld(now: NewYear);
        var data = await QuarterDataset.BuildAsync(world);
        await data.SetTargetsAsync(world, 2027, 1, new TargetsInput
        {
            Zone = new TargetFigures { Signed = 12 },
            Desks = new()
            {
                [DeskCodes.Guangdong] = new TargetFigures { Signed = 5, Started = 2, Producing = 1, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 1, TopTierCompanies = 2 },
                [DeskCodes.Beijing] = new TargetFigures { Signed = 6, SignedInvestmentYuan = 1_234_567_890 },
            },
        });

        await world.RunAsync<QuarterlyTargetsJob>(j => j.RunAsync(null, CancellationToken.None));
        await world.RunAsync<QuarterlyTargetsJob>(j => j.RunAsync(null, CancellationToken.None));

        var toGd = (await world.NotificationsAsync(data.Gd.Id)).Single();
        var toFj = (await world.NotificationsAsync(data.Fj.Id)).Single();
        var toBj = (await world.NotificationsAsync(data.Bj.Id)).Single();
        var toManagerZh = (await world.NotificationsAsync(data.ManagerZh.Id)).Single();
        var toManagerEn = (await world.NotificationsAsync(data.ManagerEn.Id)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(new[] { toGd, toFj, toBj }.Select(n => (n.Kind, n.PeriodKey)).Distinct(),
                Is.EqualTo(new[] { (NotificationKind.QuarterTargets, "2027-Q1") }));
            Assert.That(toGd.Title, Is.EqualTo("2027年第1季度目标任务"));
            Assert.That(toGd.Body, Is.EqualTo(
                "广东驻点招商小组2027年第1季度的目标任务：\n" +
                "  签约项目(个)：5\n  开工项目(个)：2\n  投产项目(个)：1\n  签约投资额(万元)：100,000\n  5亿元以上项目(个)：1\n  500强及上市公司(个)：2"));
            Assert.That(toFj.Body, Does.Contain("本季度的目标尚未设定"));
            Assert.That(toBj.Title, Is.EqualTo("Targets for Q1 2027"));
            Assert.That(toBj.Body, Does.Contain("The targets of Beijing desk for Q1 2027:").And.Contain("Signed investment (RMB M): 1,234.56789"));

            Assert.That(new[] { toManagerZh, toManagerEn }.Select(n => (n.Kind, n.PeriodKey)).Distinct(),
                Is.EqualTo(new[] { (NotificationKind.QuarterClosing, "2026-Q4") }));
            Assert.That(toManagerZh.Title, Is.EqualTo("2026年第4季度目标完成情况（季末）"));
            Assert.That(toManagerZh.Body, Does.Contain("2026年第4季度（2026-10-01 至 2026-12-31）目标与实际完成"));
            Assert.That(toManagerZh.Body, Does.Contain("全区：\n  签约项目(个)：目标 10，实际 7，完成率 70.0%"));
            Assert.That(toManagerZh.Body, Does.Contain("广东驻点招商小组：\n  签约项目(个)：目标 4，实际 2，完成率 50.0%"));
            Assert.That(toManagerZh.Body, Does.Contain("  1. 北京驻点招商小组").And.Contain("  3. 福建驻点招商小组"));
            Assert.That(toManagerEn.Title, Is.EqualTo("Closing figures of Q4 2026"));
            Assert.That(toManagerEn.Body, Does.Contain("Signed investment (RMB M): target 5,000, actual 2,700, 54.0% attained"));
        });
    }

    [Test]
    public async Task Both_quarter_jobs_run_twice_at_once_and_again_store_and_mail_each_notification_once()
    {
        using var smtp = SimpleSmtpServer.Start();
        using var world = new JobWorld(new Dictionary<string, string?>
        {
            ["Email:Host"] = "localhost",
            ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
        }, now: NewYear);
        await QuarterDataset.BuildAsync(world);

        async Task RunBothAsync() => await Task.WhenAll(
            world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<QuarterlyTargetsJob>(j => j.RunAsync(null, CancellationToken.None)));

        await Task.WhenAll(Task.Run(RunBothAsync), Task.Run(RunBothAsync));
        var once = await world.NotificationsAsync();
        await RunBothAsync();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None)))));
        await world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None));

        var all = await world.NotificationsAsync();
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Multiple(() =>
        {
            // 2 managers × (ten-day + closing) + 3 recruiters × (ten-day + targets).
            Assert.That(all, Has.Count.EqualTo(10));
            Assert.That(all.Select(n => (n.RecipientId, n.Kind)).Distinct().Count(), Is.EqualTo(10));
            Assert.That(all.Where(n => n.Kind == NotificationKind.TenDayAssessment).Select(n => n.PeriodKey).Distinct(), Is.EqualTo(new[] { "2027-Q1-D1" }));
            Assert.That(all.Select(n => n.Id), Is.EqualTo(once.Select(n => n.Id)), "the later run added nothing");
            Assert.That(mailed, Has.Count.EqualTo(all.Count));
            Assert.That(mailed.Distinct().Count(), Is.EqualTo(all.Count));
            Assert.That(all.All(n => n.EmailStatus == EmailStatus.Sent));
        });
    }
}

/// <summary>Hosts that run Hangfire (process-wide static state): one at a time, like <see cref="HangfireHostTests"/>.</summary>
[NonParallelizable]
public sealed class QuarterJobsHangfireTests
{
    private static readonly Dictionary<string, string?> JobsOn = new() { ["Jobs:Enabled"] = "true" };

    [Test]
    public async Task The_quarter_jobs_are_scheduled_in_Asia_Shanghai_caught_up_at_start_and_run_by_an_admin()
    {
        using var world = new JobWorld(JobsOn);
        var manager = await world.UserAsync(Roles.Manager);
        List<RecurringJobDto> stored;
        using (var connection = world.App.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            stored = connection.GetRecurringJobs();
        }
        var tenDay = stored.Single(j => j.Id == JobNames.TenDayAssessment);
        var quarterly = stored.Single(j => j.Id == JobNames.QuarterlyTargets);
        Assert.Multiple(() =>
        {
            Assert.That((tenDay.Cron, tenDay.TimeZoneId), Is.EqualTo(("0 9 1,11,21 * *", "Asia/Shanghai")));
            Assert.That((quarterly.Cron, quarterly.TimeZoneId), Is.EqualTo(("0 9 1 1,4,7,10 *", "Asia/Shanghai")));
            // 09:00 in Shanghai is 01:00 UTC, on the same day.
            Assert.That(tenDay.NextExecution!.Value.TimeOfDay, Is.EqualTo(new TimeSpan(1, 0, 0)));
            Assert.That(tenDay.NextExecution!.Value.Day, Is.AnyOf(1, 11, 21));
            Assert.That(quarterly.NextExecution!.Value.TimeOfDay, Is.EqualTo(new TimeSpan(1, 0, 0)));
            Assert.That((quarterly.NextExecution!.Value.Day, quarterly.NextExecution!.Value.Month % 3), Is.EqualTo((1, 1)));
        });

        // The start caught up on both (JobRuns was empty); then, as if the last process had covered only 11 November
        // and 1 July and was down on the 21st and on 1 October.
        await Wait.UntilAsync(() => world.App.WithDbAsync(db => db.JobRuns.CountAsync(r =>
            r.JobName == JobNames.TenDayAssessment || r.JobName == JobNames.QuarterlyTargets).ContinueWith(t => t.Result == 2)));
        await world.App.WithDbAsync(db => db.JobRuns.Where(r => r.JobName == JobNames.TenDayAssessment)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, new DateOnly(2026, 11, 11))));
        await world.App.WithDbAsync(db => db.JobRuns.Where(r => r.JobName == JobNames.QuarterlyTargets)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, new DateOnly(2026, 7, 1))));

        var queued = await world.App.Services.GetRequiredService<JobCatchUp>().CatchUpAsync(CancellationToken.None);

        Assert.That(queued, Does.Contain((JobNames.TenDayAssessment, new DateOnly(2026, 11, 21)))
            .And.Contain((JobNames.QuarterlyTargets, new DateOnly(2026, 10, 1))), "missed more than 8 days ago, still made up");
        var assessment = await Wait.UntilAsync(async () =>
            (await world.NotificationsAsync(manager.Id)).SingleOrDefault(n => n.Kind == NotificationKind.TenDayAssessment));
        var closing = await Wait.UntilAsync(async () =>
            (await world.NotificationsAsync(manager.Id)).SingleOrDefault(n => n.Kind == NotificationKind.QuarterClosing));
        Assert.That((assessment.PeriodKey, closing.PeriodKey), Is.EqualTo(("2026-Q4-D6", "2026-Q3")));

        var (_, admin) = await world.App.SignedInAsync(Roles.Admin);
        var jobs = await admin.GetFromJsonAsync<List<RecurringJobResponse>>("/api/v1/admin/jobs", CrmApp.Json);
        await world.App.WithDbAsync(db => db.Notifications.ExecuteDeleteAsync());
        var run = await admin.PostAsync($"/api/v1/admin/jobs/{JobNames.TenDayAssessment}/run", null);
        var rerun = await Wait.UntilAsync(async () =>
            (await world.NotificationsAsync(manager.Id)).SingleOrDefault(n => n.Kind == NotificationKind.TenDayAssessment));
        Assert.Multiple(() =>
        {
            Assert.That(jobs!.Select(j => j.Id), Does.Contain(JobNames.TenDayAssessment).And.Contain(JobNames.QuarterlyTargets));
            Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(rerun.PeriodKey, Is.EqualTo("2026-Q4-D6"), "run now on 30 November: the third ten-day period of November");
        });
    }
}
