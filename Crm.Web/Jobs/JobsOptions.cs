using Microsoft.Extensions.Options;

namespace Crm.Web.Jobs;

/// <summary>Configuration section <c>Jobs</c>.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False: this instance runs no job server (another instance does).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Job id to cron expression (Asia/Shanghai); an empty value keeps the default of <see cref="RecurringJobs"/>.</summary>
    public Dictionary<string, string?> Schedules { get; set; } = [];

    /// <summary>The schedule in force for <paramref name="job"/>: its override, else its default.</summary>
    public string CronFor(RecurringJobDefinition job) =>
        Schedules.FirstOrDefault(s => string.Equals(s.Key, job.Id, StringComparison.OrdinalIgnoreCase)).Value is { } cron
            && !string.IsNullOrWhiteSpace(cron)
            ? cron.Trim()
            : job.DefaultCron;
}

/// <summary>At start: every override names a job and is a schedule Hangfire accepts, or the host does not start.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        foreach (var (id, _) in options.Schedules)
        {
            if (RecurringJobs.All.All(j => !string.Equals(j.Id, id, StringComparison.OrdinalIgnoreCase)))
            {
                failures.Add($"{JobsOptions.Section}:Schedules:{id} names no job. Jobs: {string.Join(", ", RecurringJobs.All.Select(j => j.Id))}.");
            }
        }
        foreach (var job in RecurringJobs.All)
        {
            var cron = options.CronFor(job);
            if (CronSchedule.Problem(cron) is { } problem)
            {
                failures.Add($"{JobsOptions.Section}:Schedules:{job.Id} is '{cron}', which is not a cron schedule: {problem}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
