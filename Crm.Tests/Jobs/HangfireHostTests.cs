using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Web.Jobs;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Jobs;

/// <summary>Hosts that run Hangfire: it keeps process-wide static state, so these run one at a time.</summary>
[NonParallelizable]
public sealed class HangfireHostTests
{
    private static readonly Dictionary<string, string?> JobsOn = new() { ["Jobs:Enabled"] = "true" };

    [Test]
    public void A_test_host_leaves_Hangfire_a_log_provider_that_outlives_it()
    {
        using (var app = new CrmApp(settings: JobsOn))
        {
            app.Services.GetRequiredService<IGlobalConfiguration>();
        }
        // The host and its logger factory are gone; Hangfire can still make loggers, for this host's successors
        // and for its static constructors.
        var logger = Hangfire.Logging.LogProvider.GetLogger("after the host");
        Assert.That(logger.Log(Hangfire.Logging.LogLevel.Error, null), Is.False, "the quiet provider, not the disposed host's");
    }

    [Test]
    public async Task Schedules_are_stored_in_the_Asia_Shanghai_zone_and_configurable()
    {
        using var world = new JobWorld(new Dictionary<string, string?>(JobsOn) { ["Jobs:Schedules:daily-digest"] = "30 17 * * *" });
        List<RecurringJobDto> stored;
        using (var connection = world.App.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            stored = connection.GetRecurringJobs();
        }

        var reminders = stored.Single(j => j.Id == JobNames.FollowUpReminders);
        var inspection = stored.Single(j => j.Id == JobNames.WeeklyInspection);
        Assert.Multiple(() =>
        {
            Assert.That(stored.Select(j => j.Id), Is.EquivalentTo(RecurringJobs.All.Select(j => j.Id)));
            Assert.That(stored.Select(j => j.TimeZoneId).Distinct(), Is.EqualTo(new[] { "Asia/Shanghai" }));
            Assert.That(reminders.Cron, Is.EqualTo("30 8 * * *"));
            // 08:30 in Shanghai is 00:30 UTC.
            Assert.That(reminders.NextExecution!.Value.TimeOfDay, Is.EqualTo(new TimeSpan(0, 30, 0)));
            Assert.That(inspection.NextExecution!.Value.TimeOfDay, Is.EqualTo(new TimeSpan(1, 0, 0)));
            Assert.That(inspection.NextExecution!.Value.DayOfWeek, Is.EqualTo(DayOfWeek.Monday));
            Assert.That(stored.Single(j => j.Id == JobNames.DailyDigest).Cron, Is.EqualTo("30 17 * * *"));
        });
    }

    [Test]
    public async Task A_run_missed_while_the_process_was_down_is_made_up_at_start_and_run_by_Hangfire()
    {
        using var world = new JobWorld(JobsOn);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, "en");
        // The start of this host caught up on today already (its JobRuns was empty); wait for that to finish.
        await Wait.UntilAsync(() => world.App.WithDbAsync(db => db.JobRuns.AnyAsync(r => r.JobName == JobNames.FollowUpReminders)));
        var deal = await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today);
        // As if the last process covered only Sunday and was down at Monday 08:30.
        await world.App.WithDbAsync(db => db.JobRuns.ExecuteUpdateAsync(s => s.SetProperty(r => r.LastCoveredOn, world.Today.AddDays(-1))));
        world.Time.Advance(TimeSpan.FromHours(1));

        var queued = await world.App.Services.GetRequiredService<JobCatchUp>().CatchUpAsync(CancellationToken.None);

        Assert.That(queued, Does.Contain((JobNames.FollowUpReminders, world.Today)));
        Assert.That(queued.Select(q => q.Id), Does.Not.Contain(JobNames.DailyDigest), "18:00 has not come yet today; Sunday's was covered");
        var notification = await Wait.UntilAsync(async () => (await world.NotificationsAsync(owner.Id)).SingleOrDefault(n => n.DealId == deal.Id));
        Assert.That(notification.DealId, Is.EqualTo(deal.Id));
        // The outbox queued with the catch-up writes it to the pickup folder.
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(world.PickupFolder, Notification.MessageIdFor(notification.Id) + ".eml"))));
    }

    [Test]
    public async Task Triggering_a_recurring_job_runs_it_through_Hangfire_and_admins_see_the_jobs()
    {
        using var world = new JobWorld(JobsOn);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        await Wait.UntilAsync(() => world.App.WithDbAsync(db => db.JobRuns.AnyAsync(r => r.JobName == JobNames.FollowUpReminders)));
        var deal = await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today.AddDays(1));

        world.App.Services.GetRequiredService<IRecurringJobManager>().Trigger(JobNames.FollowUpReminders);

        var notification = await Wait.UntilAsync(async () => (await world.NotificationsAsync(owner.Id)).SingleOrDefault(n => n.DealId == deal.Id));
        Assert.That(notification.DealId, Is.EqualTo(deal.Id));

        var (_, admin) = await world.App.SignedInAsync(Roles.Admin);
        var jobs = await admin.GetFromJsonAsync<List<RecurringJobResponse>>("/api/v1/admin/jobs", CrmApp.Json);
        var run = await admin.PostAsync($"/api/v1/admin/jobs/{JobNames.MilestoneWatch}/run", null);
        var unknown = await admin.PostAsync("/api/v1/admin/jobs/no-such-job/run", null);
        var recruiter = await world.App.ClientForAsync(owner);
        var denied = await recruiter.GetAsync("/api/v1/admin/jobs");
        var deniedRun = await recruiter.PostAsync($"/api/v1/admin/jobs/{JobNames.MilestoneWatch}/run", null);
        var reminders = jobs!.Single(j => j.Id == JobNames.FollowUpReminders);
        Assert.Multiple(() =>
        {
            Assert.That(jobs!.Select(j => j.Id), Is.EquivalentTo(RecurringJobs.All.Select(j => j.Id)));
            Assert.That(reminders.TimeZone, Is.EqualTo("Asia/Shanghai"));
            Assert.That(reminders.Registered, Is.True);
            Assert.That(reminders.NextRunAt, Is.Not.Null);
            Assert.That(reminders.LastCoveredOn, Is.EqualTo(world.Today));
            Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(deniedRun.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        });
    }

    [Test]
    public async Task Run_now_reports_the_runs_state_and_the_list_shows_it_as_the_last_run()
    {
        using var world = new JobWorld(JobsOn);
        var (_, admin) = await world.App.SignedInAsync(Roles.Admin);
        var before = (await admin.GetFromJsonAsync<List<RecurringJobResponse>>("/api/v1/admin/jobs", CrmApp.Json))!
            .Single(j => j.Id == JobNames.WeeklyInspection);

        var queued = await admin.PostAsync($"/api/v1/admin/jobs/{JobNames.WeeklyInspection}/run", null);
        var run = (await queued.Content.ReadFromJsonAsync<JobRunQueued>(CrmApp.Json))!;
        var finished = await Wait.UntilAsync(async () =>
            await admin.GetFromJsonAsync<JobRunState>(queued.Headers.Location, CrmApp.Json) is { Finished: true } state ? state : null);
        var after = (await admin.GetFromJsonAsync<List<RecurringJobResponse>>("/api/v1/admin/jobs", CrmApp.Json))!
            .Single(j => j.Id == JobNames.WeeklyInspection);
        var otherJobsRun = await admin.GetAsync($"/api/v1/admin/jobs/{JobNames.DailyDigest}/runs/{run.BackgroundJobId}");
        Assert.Multiple(() =>
        {
            Assert.That(queued.Headers.Location?.ToString(), Is.EqualTo($"/api/v1/admin/jobs/{JobNames.WeeklyInspection}/runs/{run.BackgroundJobId}"));
            Assert.That(finished.State, Is.EqualTo("Succeeded"));
            Assert.That(after.LastState, Is.EqualTo("Succeeded"), "the list counts the run now");
            Assert.That(after.LastRunAt, Is.EqualTo(finished.At).Within(TimeSpan.FromMilliseconds(1)), "the run now, read twice (to the tick, storage rounds)");
            Assert.That(after.LastRunAt, Is.GreaterThan(before.LastRunAt ?? DateTime.MinValue));
            Assert.That(otherJobsRun.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "only the job's own run-now is readable");
        });
    }

    [Test]
    public async Task A_reminder_run_queues_the_outbox_so_its_email_leaves_without_waiting_for_the_minute()
    {
        using var world = new JobWorld(JobsOn);
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        await Wait.UntilAsync(() => world.App.WithDbAsync(db => db.JobRuns.AnyAsync(r => r.JobName == JobNames.FollowUpReminders)));
        var deal = await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today);

        // Run directly, as the schedule would; only the job's own request can queue the outbox now.
        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var notification = (await world.NotificationsAsync(owner.Id)).Single(n => n.DealId == deal.Id);

        Assert.That(world.App.Services.GetRequiredService<IOutboxTrigger>(), Is.InstanceOf<HangfireOutboxTrigger>());
        await Wait.UntilAsync(() => Task.FromResult(File.Exists(Path.Combine(world.PickupFolder, Notification.MessageIdFor(notification.Id) + ".eml"))));
    }

    [Test]
    public async Task The_dashboard_is_for_admins_only_also_from_a_remote_address()
    {
        using var world = new JobWorld(host: (time, settings) => new RemoteCrmApp(time, settings));
        var admin = await world.UserAsync(Roles.Admin);
        var manager = await world.UserAsync(Roles.Manager);
        var recruiter = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing);

        async Task<HttpStatusCode> GetAsync(TestUser? user, bool bearer = false)
        {
            var client = bearer && user is not null ? await world.App.ClientForAsync(user) : world.App.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
            if (user is not null && !bearer)
            {
                request.Headers.Add("Cookie", await CookieAsync(world.App, user));
            }
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Multiple(async () =>
        {
            Assert.That(await GetAsync(null), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await GetAsync(recruiter), Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await GetAsync(manager), Is.EqualTo(HttpStatusCode.Forbidden));
            Assert.That(await GetAsync(admin, bearer: true), Is.EqualTo(HttpStatusCode.Unauthorized), "the dashboard takes the UI cookie, not an API token");
            Assert.That(await GetAsync(admin), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    /// <summary>The UI cookie a signed-in user's browser would carry.</summary>
    private static async Task<string> CookieAsync(CrmApp app, TestUser user)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<CrmUser>>()
            .CreateAsync((await users.FindByIdAsync(user.Id))!);
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, IdentityConstants.ApplicationScheme);
        return $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}";
    }

    /// <summary>Every request arrives from a non-loopback address, as through a proxy from another machine.</summary>
    private sealed class RemoteCrmApp(TimeProvider time, IDictionary<string, string?> settings) : CrmApp(time, settings)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddressFilter>());
        }
    }

    private sealed class RemoteAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.9");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
