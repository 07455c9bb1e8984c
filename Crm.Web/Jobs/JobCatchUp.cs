using Crm.Domain.Common;
using Crm.Domain.Jobs;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Crm.Web.Jobs;

/// <summary>
/// At start of a job server: every dated job whose latest scheduled occurrence is later than the date it last
/// covered (JobRuns) is queued for that date, so a run missed while the process was down is made up.
/// See docs/decisions/0006-reminders-exactly-once.md.
/// </summary>
public sealed class JobCatchUp(IServiceScopeFactory scopes, IBackgroundJobClient client, TimeProvider time, IOptions<JobsOptions> jobs,
    ILogger<JobCatchUp> log) : IHostedService
{
    /// <summary>How far back a missed run is looked for: longer than the weekly schedule (a job may set its own).</summary>
    public static readonly TimeSpan LookBack = TimeSpan.FromDays(8);

    public async Task StartAsync(CancellationToken cancellationToken) => await CatchUpAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <returns>The jobs queued, with the date each is to cover.</returns>
    public async Task<List<(string Id, DateOnly On)>> CatchUpAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runs = scope.ServiceProvider.GetRequiredService<JobRunLog>();
        var now = time.GetUtcNow().UtcDateTime;
        var queued = new List<(string, DateOnly)>();
        foreach (var job in RecurringJobs.All.Where(j => j.CoversDates))
        {
            if (CronSchedule.Parse(jobs.Value.CronFor(job)).LastAtOrBefore(now, ZoneTime.Zone, job.CatchUpLookBack ?? LookBack) is not { } last)
            {
                continue;
            }
            var due = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(last, ZoneTime.Zone));
            var covered = await runs.LastCoveredAsync(job.Id, ct);
            if (covered is null || covered < due)
            {
                log.LogInformation("Catching up {Job} for {Date} (last covered {Covered}).", job.Id, due, covered);
                RecurringJobs.Enqueue(client, job.Id, due);
                queued.Add((job.Id, due));
            }
        }
        // Emails left pending (or claimed by a crashed process) go out without waiting for the next minute.
        RecurringJobs.Enqueue(client, JobNames.EmailOutbox, null);
        return queued;
    }
}
