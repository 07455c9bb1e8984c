using Crm.Domain.Jobs;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Tests.Notifications;

/// <summary>
/// A unique violation the code expects and handles (two servers recording a job's first run at once) is no error in the
/// log: at most Debug, from the code that handled it. On SQLite and on PostgreSQL.
/// </summary>
public abstract class HandledViolationLogs
{
    protected abstract CrmApp NewApp(CapturedLog log);

    [Test]
    public async Task Two_runs_recording_a_jobs_first_run_at_once_keep_one_mark_and_log_no_error()
    {
        var log = new CapturedLog();
        using var app = NewApp(log);
        app.Settings["Logging:LogLevel:Crm"] = "Debug";
        _ = app.Services; // the host starts once, before the runs race
        var on = new DateOnly(2026, 12, 1);
        var jobs = Enumerable.Range(0, 60).Select(i => $"race-{i}").ToList();

        foreach (var job in jobs)
        {
            // Three runs, as three servers would be: at least one pair of inserts meets in most rounds.
            await Task.WhenAll(Enumerable.Range(0, 3).Select(i => Task.Run(async () =>
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JobRunLog>().CoveredAsync(job, on.AddDays(i), CancellationToken.None);
            })));
        }
        var marks = await app.WithDbAsync(db => db.JobRuns.AsNoTracking().Where(r => jobs.Contains(r.JobName)).ToListAsync());
        var handled = log.Entries.Where(e => e.Category == typeof(JobRunLog).FullName && e.Level == LogLevel.Debug).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(marks, Has.Count.EqualTo(jobs.Count), "one mark per job");
            Assert.That(marks.Select(m => m.LastCoveredOn), Is.All.EqualTo(on.AddDays(2)), "the latest date wins, whoever wrote first");
            Assert.That(handled, Is.Not.Empty, "the runs did race: some inserts met the other's row");
            Assert.That(log.AtLeast(LogLevel.Warning).Select(e => e.ToString()), Is.Empty);
        });
    }
}

public sealed class HandledViolationLogsOnSqliteTests : HandledViolationLogs
{
    protected override CrmApp NewApp(CapturedLog log) => new() { Log = log };
}

[Category("Server")]
public sealed class HandledViolationLogsOnPostgreSqlTests : HandledViolationLogs
{
    private PostgreSqlDatabase? _database;

    [SetUp]
    public async Task CreateTheDatabase() => _database = await PostgreSqlDatabase.CreateAsync();

    [TearDown]
    public async Task DropTheDatabase()
    {
        if (_database is not null)
        {
            await _database.DropAsync();
        }
    }

    protected override CrmApp NewApp(CapturedLog log) => new(settings: _database!.Settings()) { Log = log };
}
