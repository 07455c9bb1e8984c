using Crm.Api;
using Crm.Api.Auth;
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
        jobs.MapGet("/{id}/runs/{runId}", RunState).WithName("GetJobRun")
            .WithSummary("Where the job's last run-now stands: Enqueued, Processing, then Succeeded or Failed, and since when (UTC).");
        return app;
    }

    public static async Task<Ok<List<RecurringJobResponse>>> ListAsync(JobAdmin admin, CancellationToken ct) =>
        TypedResults.Ok(await admin.ListAsync(ct));

    public static Results<Accepted<JobRunQueued>, NotFound> Run(string id, JobAdmin admin) =>
        admin.RunNow(id) is { } queued
            ? TypedResults.Accepted($"{ApiEndpoints.Prefix}/admin/jobs/{id}/runs/{queued}", new JobRunQueued(id, queued))
            : TypedResults.NotFound();

    public static Results<Ok<JobRunState>, NotFound> RunState(string id, string runId, JobAdmin admin) =>
        admin.Run(id, runId) is { } run ? TypedResults.Ok(run) : TypedResults.NotFound();
}
