using Crm.Api;
using Crm.Api.Auth;
using Crm.Domain.Common;
using Crm.Domain.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Jobs;

public sealed record RecurringJobResponse(string Id, string Cron, string TimeZone, DateTime? LastRunAt, string? LastState,
    DateTime? NextRunAt, DateOnly? LastCoveredOn, bool Registered);

public sealed record JobRunQueued(string Id, string BackgroundJobId);

/// <summary>Admin API over the recurring jobs (the Admin page uses the same calls).</summary>
public static class JobAdminEndpoints
{
    public static IEndpointRouteBuilder MapJobAdmin(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup($"{ApiEndpoints.Prefix}/admin/jobs").WithTags("Admin").RequireAuthorization(ApiPolicies.Admins);
        jobs.MapGet("/", ListAsync).WithName("ListRecurringJobs").WithSummary("The recurring jobs, their schedule (Asia/Shanghai), last and next run.");
        jobs.MapPost("/{id}/run", Run).WithName("RunRecurringJob").WithSummary("Queue one run of a recurring job now.");
        return app;
    }

    public static async Task<Ok<List<RecurringJobResponse>>> ListAsync(JobStorage storage, JobRunLog runs, IConfiguration configuration, CancellationToken ct)
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
            list.Add(new RecurringJobResponse(job.Id, dto?.Cron ?? job.CronFrom(configuration), dto?.TimeZoneId ?? ZoneTime.ZoneId,
                dto?.LastExecution, dto?.LastJobState, dto?.NextExecution, job.CoversDates ? await runs.LastCoveredAsync(job.Id, ct) : null, dto is not null));
        }
        return TypedResults.Ok(list);
    }

    public static Results<Accepted<JobRunQueued>, NotFound> Run(string id, IBackgroundJobClient client)
    {
        if (RecurringJobs.Find(id) is null)
        {
            return TypedResults.NotFound();
        }
        var queued = RecurringJobs.Enqueue(client, id, null);
        return TypedResults.Accepted((string?)null, new JobRunQueued(id, queued));
    }
}
