using Crm.Domain.Jobs;
using Crm.Tests.Infrastructure;
using Crm.Web.Jobs;
using Hangfire;
using Hangfire.Common;
using Hangfire.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Jobs;

/// <summary>
/// Schedules read by Cronos: what Hangfire accepts runs and is caught up; what it refuses stops the start.
/// Hangfire's log provider is process-wide and a host sets it, so these run one at a time.
/// </summary>
[NonParallelizable]
public sealed class JobScheduleTests
{
    private static readonly string[] Expressions =
    [
        "30 8 * * *", "0 9 L * *", "*/5 * * * *", "0 9 * * MON-FRI", "0 9 1,11,21 * *", "0 30 8 * * *", "*/10 * * * * *",
        "0 9 LW * *", "0 9 * * 5#1", "0 9 ? * MON", "@daily", "@every_minute", "@every_second", "@weekly", "@fortnightly", "", "61 * * * *", "0 9 * *", "0 0 9 * * * *", "every day", "0 25 * * *",
    ];

    [SetUp]
    [TearDown]
    public void ResetHangfireLogging() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);

    /// <summary>Hangfire's own check (Cronos inside it) is the reference; its manager is given storage of its own.</summary>
    [TestCaseSource(nameof(Expressions))]
    public void A_schedule_is_accepted_exactly_when_Hangfire_accepts_it(string cron)
    {
        using var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        bool hangfire;
        try
        {
            manager.AddOrUpdate("probe", Job.FromExpression(() => Console.WriteLine()), cron, new RecurringJobOptions());
            hangfire = true;
        }
        catch (ArgumentException)
        {
            hangfire = false;
        }

        Assert.That(CronSchedule.TryParse(cron, out _, out var problem), Is.EqualTo(hangfire), problem);
    }

    [Test]
    public async Task Overrides_that_Hangfire_accepts_are_caught_up_at_start_for_the_zone_date_of_their_last_occurrence()
    {
        // Wednesday 1 July 2026, 10:00 in Asia/Shanghai (02:00 UTC).
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));
        using var app = new CrmApp(time, new Dictionary<string, string?>
        {
            [$"Jobs:Schedules:{JobNames.TenDayAssessment}"] = "0 9 L * *",
            [$"Jobs:Schedules:{JobNames.FollowUpReminders}"] = "*/5 * * * *",
            [$"Jobs:Schedules:{JobNames.WeeklyInspection}"] = "0 9 * * SAT-SUN",
            [$"Jobs:Schedules:{JobNames.MilestoneWatch}"] = "0 30 8 * * *",
            [$"Jobs:Schedules:{JobNames.DailyDigest}"] = "*/10 * * * * *",
            [$"Jobs:Schedules:{JobNames.QuarterlyTargets}"] = "0 9 1 1,4,7,10 *",
        });

        var queued = await app.Services.GetRequiredService<JobCatchUp>().CatchUpAsync(CancellationToken.None);

        Assert.That(queued, Is.EquivalentTo(new[]
        {
            (JobNames.TenDayAssessment, new DateOnly(2026, 6, 30)),
            (JobNames.FollowUpReminders, new DateOnly(2026, 7, 1)),
            (JobNames.WeeklyInspection, new DateOnly(2026, 6, 28)),
            (JobNames.MilestoneWatch, new DateOnly(2026, 7, 1)),
            (JobNames.ProblemWatch, new DateOnly(2026, 7, 1)),
            (JobNames.DailyDigest, new DateOnly(2026, 7, 1)),
            (JobNames.QuarterlyTargets, new DateOnly(2026, 7, 1)),
            (JobNames.CareVisits, new DateOnly(2026, 7, 1)),
        }));
    }

    [Test]
    public async Task The_last_occurrence_is_dated_in_the_zone_not_in_UTC()
    {
        // 00:30 on 2 July in Shanghai is still 1 July in UTC; the digest at 00:10 belongs to 2 July.
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 7, 1, 16, 30, 0, TimeSpan.Zero));
        using var app = new CrmApp(time, new Dictionary<string, string?> { [$"Jobs:Schedules:{JobNames.DailyDigest}"] = "10 0 * * *" });

        var queued = await app.Services.GetRequiredService<JobCatchUp>().CatchUpAsync(CancellationToken.None);

        Assert.That(queued, Does.Contain((JobNames.DailyDigest, new DateOnly(2026, 7, 2))));
    }

    [TestCase(JobNames.DailyDigest, "61 18 * * *", "Jobs:Schedules:daily-digest is '61 18 * * *'")]
    [TestCase(JobNames.WeeklyInspection, "every monday", "Jobs:Schedules:weekly-inspection is 'every monday'")]
    [TestCase("daily-digets", "0 18 * * *", "Jobs:Schedules:daily-digets names no job")]
    public void An_override_that_is_no_schedule_stops_the_start_with_the_key_in_the_message(string id, string cron, string expected)
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { [$"Jobs:Schedules:{id}"] = cron });

        var failure = Assert.Catch(() => _ = app.Services);

        Assert.That(StartupFailure.Messages(failure), Does.Contain(expected));
    }
}
