using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>The job ids: the Hangfire recurring-job ids, the JobRuns keys and the configuration keys.</summary>
public static class JobNames
{
    public const string FollowUpReminders = "follow-up-reminders";
    public const string MilestoneWatch = "milestone-watch";
    public const string DailyDigest = "daily-digest";
    public const string WeeklyInspection = "weekly-inspection";
    public const string TenDayAssessment = "ten-day-assessment";
    public const string QuarterlyTargets = "quarterly-targets";
    public const string EmailOutbox = "email-outbox";
}

/// <summary>Remembers the last zone date each job covered, for the catch-up at start.</summary>
public sealed class JobRunLog(CrmDbContext db, TimeProvider time)
{
    public async Task<DateOnly?> LastCoveredAsync(string job, CancellationToken ct) =>
        await db.JobRuns.AsNoTracking().Where(r => r.JobName == job).Select(r => (DateOnly?)r.LastCoveredOn).FirstOrDefaultAsync(ct);

    /// <summary>Moves the job's mark forward to <paramref name="on"/>; never back (a late catch-up run must not undo a newer one).</summary>
    public async Task CoveredAsync(string job, DateOnly on, CancellationToken ct)
    {
        var now = time.UtcNow();
        var moved = await db.JobRuns.Where(r => r.JobName == job && r.LastCoveredOn <= on)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, on).SetProperty(r => r.LastRunAt, now), ct);
        if (moved > 0 || await db.JobRuns.AnyAsync(r => r.JobName == job, ct))
        {
            return;
        }
        var run = db.JobRuns.Add(new JobRun { JobName = job, LastCoveredOn = on, LastRunAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (NotificationWriter.IsUniqueViolation(e))
        {
            // Another server recorded its run at the same moment; try once more as an update.
            await db.JobRuns.Where(r => r.JobName == job && r.LastCoveredOn <= on)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, on).SetProperty(r => r.LastRunAt, now), ct);
        }
        finally
        {
            // A job leaves nothing tracked behind.
            run.State = EntityState.Detached;
        }
    }
}
