using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using Crm.Web.Jobs;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using netDumbster.smtp;

namespace Crm.Tests.Server;

/// <summary>
/// Several instances of the product on one PostgreSQL database, for real: two hosts in this process, each with its own
/// services, Hangfire server and data-protection key ring, sharing only the database (as two machines would).
/// Hangfire keeps process-wide state, so these run alone.
/// </summary>
[Category("Server")]
[NonParallelizable]
public sealed class SeveralInstancesTests
{
    /// <summary>Monday 2026-11-30 18:00 in Asia/Shanghai: every dated job has something to say.</summary>
    private static readonly DateTimeOffset MondayEvening = JobWorld.MondayMorning.AddHours(9.5);

    /// <summary>Every recurring job, run the way Hangfire runs it: from a scope of its own, for the zone date of the run.</summary>
    private static readonly Dictionary<string, Func<IServiceProvider, Task<int>>> Jobs = new()
    {
        [JobNames.FollowUpReminders] = s => s.GetRequiredService<FollowUpReminderJob>().RunAsync(null, CancellationToken.None),
        [JobNames.MilestoneWatch] = s => s.GetRequiredService<MilestoneWatchJob>().RunAsync(null, CancellationToken.None),
        [JobNames.ProblemWatch] = s => s.GetRequiredService<ProblemWatchJob>().RunAsync(null, CancellationToken.None),
        [JobNames.DailyDigest] = s => s.GetRequiredService<DailyDigestJob>().RunAsync(null, CancellationToken.None),
        [JobNames.WeeklyInspection] = s => s.GetRequiredService<WeeklyInspectionJob>().RunAsync(null, CancellationToken.None),
        [JobNames.CareVisits] = s => s.GetRequiredService<CareVisitJob>().RunAsync(null, CancellationToken.None),
        [JobNames.TenDayAssessment] = s => s.GetRequiredService<TenDayAssessmentJob>().RunAsync(null, CancellationToken.None),
        [JobNames.QuarterlyTargets] = s => s.GetRequiredService<QuarterlyTargetsJob>().RunAsync(null, CancellationToken.None),
        [JobNames.EmailOutbox] = s => s.GetRequiredService<EmailOutboxJob>().RunAsync(CancellationToken.None),
    };

    private static Dictionary<string, string?> Smtp(SimpleSmtpServer smtp) => new()
    {
        ["Email:Host"] = "localhost",
        ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:SecureSocketOptions"] = "None",
        ["Email:TimeoutSeconds"] = "10",
    };

    [Test]
    public async Task Two_hosts_running_every_job_at_once_store_each_notification_once_and_mail_each_once()
    {
        Assert.That(Jobs.Keys, Is.EquivalentTo(RecurringJobs.All.Select(j => j.Id)), "every recurring job is run here");
        using var smtp = SimpleSmtpServer.Start();
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var time = new FakeTimeProvider(MondayEvening);
        // The zone is built by a web-only instance, so no job runs before the two job servers start.
        using (var builder = new JobWorld(database.Settings(jobs: false, Smtp(smtp)), MondayEvening))
        {
            await SeedAsync(builder);
        }
        using var a = new CrmApp(time, database.Settings(jobs: true, Smtp(smtp)));
        using var b = new CrmApp(time, database.Settings(jobs: true, Smtp(smtp)));
        // Both start at once: both catch up on every job (JobRuns is empty) into the one Hangfire storage.
        await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));
        var monitoring = a.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Wait.UntilAsync(() => Task.FromResult(monitoring.Servers().Count == 2));

        // Every job on both hosts at once, directly, while their two Hangfire servers run the catch-ups ...
        await Task.WhenAll(new[] { a, b }.SelectMany(app => Jobs.Values.Select(job => Task.Run(() => RunAsync(app, job)))));
        // ... and "run now" from the Admin API of each host for every job, which either server may take.
        var queued = new List<string>();
        var administrator = await a.CreateUserAsync(Roles.Admin);
        foreach (var app in new[] { a, b })
        {
            var admin = await app.ClientForAsync(administrator);
            foreach (var id in Jobs.Keys)
            {
                var run = await admin.PostAsync($"/api/v1/admin/jobs/{id}/run", null);
                Assert.That(run.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), id);
                queued.Add((await run.ReadAsync<JobRunQueued>()).BackgroundJobId);
            }
        }
        await HangfireDoneAsync(a, queued);
        var once = await NotificationsAsync(a);
        // A run on one host alone finds nothing left to do: the racing runs missed nothing ...
        foreach (var job in Jobs.Where(j => j.Key != JobNames.EmailOutbox))
        {
            Assert.That(await RunAsync(a, job.Value), Is.Zero, $"{job.Key} alone added nothing");
        }
        // ... and the outboxes of both hosts at once leave no email behind.
        await Task.WhenAll(Task.Run(() => RunAsync(a, Jobs[JobNames.EmailOutbox])), Task.Run(() => RunAsync(b, Jobs[JobNames.EmailOutbox])));
        await HangfireDoneAsync(a, []);

        var all = await NotificationsAsync(a);
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(all.Select(n => n.Kind).Distinct(), Is.SupersetOf(new[]
            {
                NotificationKind.FollowUpOverdue, NotificationKind.FollowUpEscalated, NotificationKind.FollowUpDue, NotificationKind.MilestonePassed,
                NotificationKind.MilestoneDue, NotificationKind.DailyDigest, NotificationKind.WeeklyInspection, NotificationKind.TenDayAssessment,
                NotificationKind.QuarterTargets, NotificationKind.QuarterClosing,
            }));
            Assert.That(all.Select(n => n.Id), Is.EqualTo(once.Select(n => n.Id)), "nothing added after the racing runs");
            Assert.That(all.Select(n => (n.RecipientId, n.Kind, n.DealId, n.PeriodKey)), Is.Unique, "each notification once");
            Assert.That(all.Select(n => n.EmailStatus).Distinct(), Is.EqualTo(new[] { EmailStatus.Sent }));
            Assert.That(mailed, Is.Unique, "each e-mail once at the SMTP server");
            Assert.That(mailed, Is.EquivalentTo(all.Select(n => $"<{Notification.MessageIdFor(n.Id)}>")), "every notification mailed");
        });
    }

    [Test]
    public async Task A_token_and_a_cookie_from_one_host_work_on_the_other_and_after_both_restart()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var a = database.App();
        var b = database.App();
        try
        {
            // Both start on the empty database at once (migrations, an empty key ring), then both sign the user in at once,
            // so each protects with whatever key it found or made.
            await Task.WhenAll(Task.Run(() => a.Services), Task.Run(() => b.Services));
            var user = await a.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
            var signedIn = await Task.WhenAll(Task.Run(() => SignInAsync(a, user)), Task.Run(() => SignInAsync(b, user)));

            await AllAcceptedAsync([a, b], signedIn, "issued by the two hosts");
            // The keys are the database's (not a folder both hosts of this machine happen to share).
            Assert.That(await a.WithDbAsync(db => db.DataProtectionKeys.CountAsync()), Is.Positive);
            a.Dispose();
            b.Dispose();
            a = database.App();
            b = database.App();
            await AllAcceptedAsync([a, b], signedIn, "after both restarted");
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    [Test]
    public async Task Wrong_passwords_sent_to_two_hosts_at_once_lock_the_account_on_both()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync();
        using var a = database.App();
        using var b = database.App();
        var user = await a.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        _ = b.Services;

        // Twice the limit at once, half to each host: the failures count in the database, not in either process.
        var wrong = await Task.WhenAll(Enumerable.Range(0, 2 * Crm.Web.Auth.IdentitySetup.MaxFailedSignIns).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "not-the-password-" + i }))));
        var right = await Task.WhenAll(new[] { a, b }.Select(app =>
            app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password })));

        var stored = await a.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.Multiple(() =>
        {
            Assert.That(wrong.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(right.Select(r => r.StatusCode), Has.All.EqualTo(HttpStatusCode.Unauthorized), "locked on both hosts, right password or not");
            Assert.That(stored.LockoutEnd, Is.GreaterThan(DateTimeOffset.UtcNow), "locked in the database");
        });
    }

    [Test]
    public async Task A_host_stopped_while_its_outbox_sends_loses_no_email_and_repeats_at_most_the_one_in_flight()
    {
        using var smtp = SimpleSmtpServer.Start();
        await using var database = await PostgreSqlDatabase.CreateAsync();
        var time = new FakeTimeProvider(MondayEvening);
        using var b = new CrmApp(time, database.Settings(jobs: false, Smtp(smtp)));
        var a = new CrmApp(time, database.Settings(jobs: false, Smtp(smtp)));
        var user = await a.CreateUserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        const int Pending = EmailOutbox.BatchSize + 50;
        await a.WithDbAsync(async db =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            db.Notifications.AddRange(Enumerable.Range(1, Pending).Select(i => new Notification
            {
                RecipientId = user.Id,
                Kind = NotificationKind.FollowUpDue,
                DealId = i,
                PeriodKey = "2026-11-30",
                Title = $"Follow-up due: deal {i}",
                Body = "Due today.",
                CreatedAt = now,
                EmailStatus = EmailStatus.Pending,
                NextAttemptAt = now,
            }));
            await db.SaveChangesAsync();
        });

        // The mail server holds the 20th message, so host A is stopped with that one in flight and 80 of its batch unsent.
        using var hold = new ManualResetEventSlim();
        using var held = new ManualResetEventSlim();
        var received = 0;
        smtp.MessageReceived += (_, _) =>
        {
            if (Interlocked.Increment(ref received) == 20)
            {
                held.Set();
                hold.Wait(TimeSpan.FromSeconds(60));
            }
        };
        var stopping = a.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        // The host's shutdown token, as Hangfire passes its server's to the job.
        var sending = Task.Run(() => RunAsync(a, s => s.GetRequiredService<EmailOutbox>().SendPendingAsync(stopping)));
        Assert.That(held.Wait(TimeSpan.FromSeconds(60)), Is.True, "the outbox reached the 20th message");
        a.Dispose();
        hold.Set();
        Assert.That(async () => await sending, Throws.InstanceOf<OperationCanceledException>(), "host A stopped mid-batch");

        var left = await b.WithDbAsync(db => db.Notifications.CountAsync(n => n.EmailStatus != EmailStatus.Sent));
        // Host B takes over: at once the unsent rows are still claimed by A; after the claim timeout they are B's.
        var atOnce = await RunAsync(b, s => s.GetRequiredService<EmailOutbox>().SendPendingAsync(CancellationToken.None));
        time.Advance(EmailOutbox.ClaimTimeout + TimeSpan.FromMinutes(1));
        var afterTimeout = await RunAsync(b, s => s.GetRequiredService<EmailOutbox>().SendPendingAsync(CancellationToken.None));

        var stored = await b.WithDbAsync(db => db.Notifications.AsNoTracking().ToListAsync());
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        var expected = stored.Select(n => $"<{Notification.MessageIdFor(n.Id)}>").ToList();
        var repeated = mailed.GroupBy(m => m).Where(g => g.Count() > 1).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(left, Is.GreaterThan(EmailOutbox.BatchSize - 20), "host A had not finished");
            Assert.That(atOnce, Is.EqualTo(Pending - EmailOutbox.BatchSize), "only the rows A had not claimed went at once");
            Assert.That(afterTimeout, Is.EqualTo(left - atOnce), "the rest after the claim timeout");
            Assert.That(stored.Select(n => n.EmailStatus).Distinct(), Is.EqualTo(new[] { EmailStatus.Sent }), "nothing lost");
            Assert.That(mailed.Distinct(), Is.EquivalentTo(expected), "every e-mail arrived");
            Assert.That(repeated.Sum(g => g.Count() - 1), Is.LessThanOrEqualTo(1), "at most the one in flight twice (decision 0006)");
        });
    }

    /// <summary>
    /// The zone of <see cref="EveryJobOnceTests"/>: overdue, due and milestone deals, two recruiters with desks and two
    /// managers, in both languages — something for every job to say.
    /// </summary>
    private static async Task SeedAsync(JobWorld world)
    {
        var today = world.Today;
        var recruiter = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var english = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing, "en");
        await world.UserAsync(Roles.Manager);
        await world.UserAsync(Roles.Manager, language: "en");
        await world.DealAsync(recruiter, configure: d => d.NextFollowUpOn = today.AddDays(-5));
        await world.DealAsync(english, configure: d => d.NextFollowUpOn = today.AddDays(1));
        await world.DealAsync(recruiter, stage: DealStage.Signed, plannedStart: today.AddDays(-1), plannedProduction: today.AddDays(3));
        await world.DealAsync(english, stage: DealStage.Contacted, leadOn: today.AddDays(-40));
        await world.AddActivityAsync(await world.DealAsync(recruiter), recruiter, "拜访");
    }

    private static async Task<int> RunAsync(CrmApp app, Func<IServiceProvider, Task<int>> job)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await job(scope.ServiceProvider);
    }

    private static Task<List<Notification>> NotificationsAsync(CrmApp app) =>
        app.WithDbAsync(db => db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync());

    /// <summary>Until both Hangfire servers have run everything queued (the catch-ups, the runs asked for), each successfully.</summary>
    private static async Task HangfireDoneAsync(CrmApp app, IReadOnlyCollection<string> queued)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        await Wait.UntilAsync(() => Task.FromResult(monitoring.EnqueuedCount("default") == 0 && monitoring.ProcessingCount() == 0
            && queued.All(id => monitoring.JobDetails(id)?.History.FirstOrDefault()?.StateName is "Succeeded" or "Failed" or "Scheduled")));
        var stats = monitoring.GetStatistics();
        var states = queued.Select(id => monitoring.JobDetails(id).History[0]).Where(h => h.StateName != "Succeeded")
            .Select(h => $"{h.StateName}: {h.Reason}").ToList();
        Assert.That((stats.Failed, stats.Scheduled, states.Count), Is.EqualTo((0L, 0L, 0)),
            "no job failed or waits for a retry (a unique key or a claim lost to the other host is no error): " + string.Join("; ", states));
    }

    private sealed record SignedIn(string AccessToken, string RefreshToken, string Cookie);

    /// <summary>A bearer token (with its refresh token) and a UI sign-in cookie, both issued by <paramref name="app"/>.</summary>
    private static async Task<SignedIn> SignInAsync(CrmApp app, TestUser user)
    {
        var token = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });
        await token.EnsureSuccessAsync();
        var tokens = JsonNode.Parse(await token.Content.ReadAsStringAsync())!;
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await browser.SignInWithFormAsync(user);
        var cookie = string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("zone-crm", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        return new SignedIn(tokens["accessToken"]!.GetValue<string>(), tokens["refreshToken"]!.GetValue<string>(), cookie);
    }

    private static async Task AllAcceptedAsync(CrmApp[] hosts, SignedIn[] signedIn, string when)
    {
        await Assert.MultipleAsync(async () =>
        {
            for (var h = 0; h < hosts.Length; h++)
            {
                for (var s = 0; s < signedIn.Length; s++)
                {
                    var what = $"{when}: issued by host {s + 1}, presented to host {h + 1}";
                    var api = hosts[h].CreateClient();
                    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", signedIn[s].AccessToken);
                    Assert.That((await api.GetAsync("/api/v1/me")).StatusCode, Is.EqualTo(HttpStatusCode.OK), "bearer token " + what);

                    var refresh = await hosts[h].CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = signedIn[s].RefreshToken });
                    Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.OK), "refresh token " + what);

                    var page = hosts[h].CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
                    using var request = new HttpRequestMessage(HttpMethod.Get, "/");
                    request.Headers.Add("Cookie", signedIn[s].Cookie);
                    var response = await page.SendAsync(request);
                    Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"cookie {what} (sent to {response.Headers.Location})");
                }
            }
        });
    }
}
