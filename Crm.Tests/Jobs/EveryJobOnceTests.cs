using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Problems;
using Microsoft.EntityFrameworkCore;
using netDumbster.smtp;

namespace Crm.Tests.Jobs;

public sealed class EveryJobOnceTests
{
    [Test]
    public async Task Every_job_run_twice_at_once_and_again_stores_and_mails_each_notification_once()
    {
        using var smtp = SimpleSmtpServer.Start();
        // Monday 18:00 in Asia/Shanghai: every job has something to say.
        using var world = new JobWorld(new Dictionary<string, string?>
        {
            ["Email:Host"] = "localhost",
            ["Email:Port"] = smtp.Configuration.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:SecureSocketOptions"] = "None",
        }, now: JobWorld.MondayMorning.AddHours(9.5));
        var today = world.Today;
        var recruiter = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var english = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing, "en");
        await world.UserAsync(Roles.Manager);
        await world.UserAsync(Roles.Manager, language: "en");
        await world.DealAsync(recruiter, configure: d => d.NextFollowUpOn = today.AddDays(-5));
        await world.DealAsync(english, configure: d => d.NextFollowUpOn = today.AddDays(1));
        var signed = await world.DealAsync(recruiter, stage: DealStage.Signed, plannedStart: today.AddDays(-1), plannedProduction: today.AddDays(3));
        await world.DepartmentsAsync(("POWER", "供电公司", "Power company", true));
        await world.ProblemAsync(signed, english, "POWER", today.AddDays(-1));
        await world.DealAsync(english, stage: DealStage.Contacted, leadOn: today.AddDays(-40));

        async Task RunAllAsync() => await Task.WhenAll(
            world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<ProblemWatchJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<DailyDigestJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(null, CancellationToken.None)),
            world.RunAsync<CareVisitJob>(j => j.RunAsync(null, CancellationToken.None)));

        await RunAllAsync();
        var once = await world.NotificationsAsync();
        await Task.WhenAll(Task.Run(RunAllAsync), Task.Run(RunAllAsync));
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None)))));
        await world.RunAsync<EmailOutboxJob>(j => j.RunAsync(CancellationToken.None));

        var all = await world.NotificationsAsync();
        var kinds = all.Select(n => n.Kind).Distinct().ToList();
        var mailed = smtp.ReceivedEmail.Select(m => m.Headers["Message-ID"]).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(kinds, Is.SupersetOf(new[]
            {
                NotificationKind.FollowUpOverdue, NotificationKind.FollowUpEscalated, NotificationKind.FollowUpDue, NotificationKind.MilestonePassed,
                NotificationKind.MilestoneDue, NotificationKind.DailyDigest, NotificationKind.WeeklyInspection, NotificationKind.ProblemOverdue,
            }));
            Assert.That(all.Select(n => n.Id), Is.EqualTo(once.Select(n => n.Id)), "later runs added nothing");
            Assert.That(mailed, Has.Count.EqualTo(all.Count));
            Assert.That(mailed.Distinct().Count(), Is.EqualTo(all.Count));
            Assert.That(all.All(n => n.EmailStatus == EmailStatus.Sent));
        });
    }
}
