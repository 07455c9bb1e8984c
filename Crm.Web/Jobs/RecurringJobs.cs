using Crm.Domain.Common;
using Crm.Domain.Jobs;
using Hangfire;

namespace Crm.Web.Jobs;

/// <summary>One recurring job: its id, default schedule and how to run it for a given zone date.</summary>
/// The schedule in force is <see cref="JobsOptions.CronFor"/>.
public sealed record RecurringJobDefinition(string Id, string DefaultCron, bool CoversDates, TimeSpan? CatchUpLookBack = null);

/// <summary>
/// Every recurring schedule of the CRM, in one place. Times are Asia/Shanghai; each cron can be overridden
/// with <c>Jobs:Schedules:&lt;id&gt;</c>. The ten-day assessment and the quarterly targets run less often than weekly,
/// so the catch-up at start looks back over their whole interval (11 days; a quarter).
/// </summary>
public static class RecurringJobs
{
    public static readonly IReadOnlyList<RecurringJobDefinition> All =
    [
        new(JobNames.FollowUpReminders, "30 8 * * *", CoversDates: true),
        new(JobNames.MilestoneWatch, "45 8 * * *", CoversDates: true),
        new(JobNames.ProblemWatch, "50 8 * * *", CoversDates: true),
        new(JobNames.DailyDigest, "0 18 * * *", CoversDates: true),
        new(JobNames.WeeklyInspection, "0 9 * * 1", CoversDates: true),
        new(JobNames.CareVisits, "15 8 * * *", CoversDates: true),
        new(JobNames.TenDayAssessment, "0 9 1,11,21 * *", CoversDates: true, CatchUpLookBack: TimeSpan.FromDays(11)),
        new(JobNames.QuarterlyTargets, "0 9 1 1,4,7,10 *", CoversDates: true, CatchUpLookBack: TimeSpan.FromDays(92)),
        new(JobNames.EmailOutbox, "* * * * *", CoversDates: false),
    ];

    public static RecurringJobDefinition? Find(string id) => All.FirstOrDefault(j => j.Id == id);

    public static void Register(IRecurringJobManager manager, JobsOptions jobs)
    {
        var options = new RecurringJobOptions { TimeZone = ZoneTime.Zone };
        // CancellationToken.None in a job expression is Hangfire's placeholder: it passes the server's shutdown token in its place.
        foreach (var job in All)
        {
            var cron = jobs.CronFor(job);
            switch (job.Id)
            {
                case JobNames.FollowUpReminders:
                    manager.AddOrUpdate<FollowUpReminderJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.MilestoneWatch:
                    manager.AddOrUpdate<MilestoneWatchJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.ProblemWatch:
                    manager.AddOrUpdate<ProblemWatchJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.DailyDigest:
                    manager.AddOrUpdate<DailyDigestJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.WeeklyInspection:
                    manager.AddOrUpdate<WeeklyInspectionJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.CareVisits:
                    manager.AddOrUpdate<CareVisitJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.TenDayAssessment:
                    manager.AddOrUpdate<TenDayAssessmentJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.QuarterlyTargets:
                    manager.AddOrUpdate<QuarterlyTargetsJob>(job.Id, j => j.RunAsync(null, CancellationToken.None), cron, options);
                    break;
                case JobNames.EmailOutbox:
                    manager.AddOrUpdate<EmailOutboxJob>(job.Id, j => j.RunAsync(CancellationToken.None), cron, options);
                    break;
                default:
                    throw new InvalidOperationException($"No registration for job {job.Id}.");
            }
        }
    }

    /// <summary>Queues one run now, for <paramref name="on"/> (null: the zone date when it runs); the token is Hangfire's, as above.</summary>
    public static string Enqueue(IBackgroundJobClient client, string id, DateOnly? on) => id switch
    {
        JobNames.FollowUpReminders => client.Enqueue<FollowUpReminderJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.MilestoneWatch => client.Enqueue<MilestoneWatchJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.ProblemWatch => client.Enqueue<ProblemWatchJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.DailyDigest => client.Enqueue<DailyDigestJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.WeeklyInspection => client.Enqueue<WeeklyInspectionJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.CareVisits => client.Enqueue<CareVisitJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.TenDayAssessment => client.Enqueue<TenDayAssessmentJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.QuarterlyTargets => client.Enqueue<QuarterlyTargetsJob>(j => j.RunAsync(on, CancellationToken.None)),
        JobNames.EmailOutbox => client.Enqueue<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None)),
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown job."),
    };
}
