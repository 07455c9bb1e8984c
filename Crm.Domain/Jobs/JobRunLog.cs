using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Domain.Jobs;

/// <summary>The job ids: the Hangfire recurring-job ids, the JobRuns keys and the configuration keys.</summary>
public static class JobNames
{
    public const string FollowUpReminders = "follow-up-reminders";
    public const string MilestoneWatch = "milestone-watch";
    public const string ProblemWatch = "problem-watch";
    public const string DailyDigest = "daily-digest";
    public const string WeeklyInspection = "weekly-inspection";
    public const string TenDayAssessment = "ten-day-assessment";
    public const string QuarterlyTargets = "quarterly-targets";
    public const string EmailOutbox = "email-outbox";
    public const string CareVisits = "care-visits";
}

/// <summary>Remembers the last zone date each job covered, for the catch-up at start.</summary>
public sealed class JobRunLog(CrmDbContext db, TimeProvider time, ILogger<JobRunLog> log)
{
    public async Task<DateOnly?> LastCoveredAsync(string job, CancellationToken ct) =>
        await db.JobRuns.AsNoTracking().Where(r => r.JobName == job).Select(r => (DateOnly?)r.LastCoveredOn).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Moves the job's mark forward to <paramref name="on"/>; never back (a late catch-up run must not undo a newer one).
    /// Two runs recording a job's first run at once: one inserts the mark, the other meets it (a unique violation, or a row
    /// that appeared after its first update) and moves it forward, so the later date stands whoever wrote first.
    /// </summary>
    public async Task CoveredAsync(string job, DateOnly on, CancellationToken ct)
    {
        var now = time.UtcNow();
        if (await MoveAsync(job, on, now, ct) > 0)
        {
            return;
        }
        if (!await db.JobRuns.AnyAsync(r => r.JobName == job, ct))
        {
            var run = db.JobRuns.Add(new JobRun { JobName = job, LastCoveredOn = on, LastRunAt = now });
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (UniqueKeys.IsViolation(e))
            {
                log.LogDebug("Job {Job}: another run recorded its first run at the same moment; moving that mark instead.", job);
            }
            finally
            {
                // A job leaves nothing tracked behind.
                run.State = EntityState.Detached;
            }
        }
        // The mark exists now, stored by another run since our first update: move it, if it is behind.
        await MoveAsync(job, on, now, ct);
    }

    private Task<int> MoveAsync(string job, DateOnly on, DateTime now, CancellationToken ct) =>
        db.JobRuns.Where(r => r.JobName == job && r.LastCoveredOn <= on)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, on).SetProperty(r => r.LastRunAt, now), ct);
}
