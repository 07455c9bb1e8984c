using Crm.Domain.Common;
using Crm.Domain.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.Options;

namespace Crm.Web.Jobs;

/// <summary>What the Admin API and the Admin jobs page both show and do: the recurring jobs' state, a run now.</summary>
public sealed class JobAdmin(JobStorage storage, JobRunLog runs, IOptions<JobsOptions> jobs, IBackgroundJobClient client)
{
    public async Task<List<RecurringJobResponse>> ListAsync(CancellationToken ct)
    {
        List<RecurringJobDto> stored;
        using (var connection = storage.GetConnection())
        {
            stored = connection.GetRecurringJobs();
        }
        var list = new List<RecurringJobResponse>();
        foreach (var job in RecurringJobs.All)
        {
            var dto = stored.FirstOrDefault(s => s.Id == job.Id);
            list.Add(new RecurringJobResponse(job.Id, dto?.Cron ?? jobs.Value.CronFor(job), dto?.TimeZoneId ?? ZoneTime.ZoneId,
                dto?.LastExecution, dto?.LastJobState, dto?.NextExecution, job.CoversDates ? await runs.LastCoveredAsync(job.Id, ct) : null, dto is not null));
        }
        return list;
    }

    /// <returns>The queued background job's id; null for an unknown job.</returns>
    public string? RunNow(string id) => RecurringJobs.Find(id) is null ? null : RecurringJobs.Enqueue(client, id, null);
}
