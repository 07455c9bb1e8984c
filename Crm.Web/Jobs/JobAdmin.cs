using Crm.Domain.Common;
using Crm.Domain.Jobs;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace Crm.Web.Jobs;

/// <summary>One run of a job queued by "run now": its Hangfire state and when it entered it.</summary>
public sealed record JobRunState(string Id, string BackgroundJobId, string State, DateTime At)
{
    /// <summary>Succeeded, failed or deleted: the run will not change any more.</summary>
    public bool Finished => State == SucceededState.StateName || State == FailedState.StateName || State == DeletedState.StateName;
}

/// <summary>What the Admin API and the Admin jobs page both show and do: the recurring jobs' state, a run now.</summary>
public sealed class JobAdmin(JobStorage storage, JobRunLog runs, IOptions<JobsOptions> jobs, IBackgroundJobClient client)
{
    /// <summary>
    /// The last "run now" of each recurring job, kept in Hangfire's own storage (shared by every instance), so the
    /// list's "last run" counts a run now as well as the scheduled ones.
    /// </summary>
    private const string RunNowHash = "crm:run-now";

    public async Task<List<RecurringJobResponse>> ListAsync(CancellationToken ct)
    {
        List<RecurringJobDto> stored;
        Dictionary<string, string> manual;
        using (var connection = storage.GetConnection())
        {
            stored = connection.GetRecurringJobs();
            manual = connection.GetAllEntriesFromHash(RunNowHash) ?? [];
        }
        var list = new List<RecurringJobResponse>();
        foreach (var job in RecurringJobs.All)
        {
            var dto = stored.FirstOrDefault(s => s.Id == job.Id);
            DateTime? lastRunAt = dto?.LastExecution;
            var lastState = dto?.LastJobState;
            if (manual.TryGetValue(job.Id, out var runId) && StateOf(job.Id, runId) is { } run && (lastRunAt is null || run.At > lastRunAt))
            {
                (lastRunAt, lastState) = (run.At, run.State);
            }
            list.Add(new RecurringJobResponse(job.Id, dto?.Cron ?? jobs.Value.CronFor(job), dto?.TimeZoneId ?? ZoneTime.ZoneId,
                lastRunAt, lastState, dto?.NextExecution, job.CoversDates ? await runs.LastCoveredAsync(job.Id, ct) : null, dto is not null));
        }
        return list;
    }

    /// <returns>The queued background job's id; null for an unknown job.</returns>
    public string? RunNow(string id)
    {
        if (RecurringJobs.Find(id) is null)
        {
            return null;
        }
        var runId = RecurringJobs.Enqueue(client, id, null);
        using var connection = storage.GetConnection();
        connection.SetRangeInHash(RunNowHash, [new KeyValuePair<string, string>(id, runId)]);
        return runId;
    }

    /// <summary>Where a run queued by <see cref="RunNow"/> stands; null when it is not a run of that job.</summary>
    public JobRunState? Run(string id, string runId)
    {
        using (var connection = storage.GetConnection())
        {
            var manual = connection.GetAllEntriesFromHash(RunNowHash);
            // Only the runs this page queued: an Admin cannot read arbitrary background jobs through it.
            if (manual is null || !manual.TryGetValue(id, out var last) || last != runId)
            {
                return null;
            }
        }
        return StateOf(id, runId);
    }

    private JobRunState? StateOf(string id, string runId)
    {
        var details = storage.GetMonitoringApi().JobDetails(runId);
        // History is newest first.
        var latest = details?.History?.FirstOrDefault();
        return latest is null ? null : new JobRunState(id, runId, latest.StateName, latest.CreatedAt);
    }
}
