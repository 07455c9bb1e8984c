using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;

namespace Crm.Tests.Notifications;

public sealed class NotificationApiTests
{
    [Test]
    public async Task A_user_lists_and_reads_only_their_own_notifications()
    {
        using var world = new JobWorld();
        var mine = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var theirs = await world.UserAsync(Roles.Recruiter, DeskCodes.Fujian);
        await world.DealAsync(mine, configure: d => d.NextFollowUpOn = world.Today);
        await world.DealAsync(mine, configure: d => d.NextFollowUpOn = world.Today.AddDays(1));
        await world.DealAsync(theirs, configure: d => d.NextFollowUpOn = world.Today);
        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));
        var client = await world.App.ClientForAsync(mine);
        var other = (await world.NotificationsAsync(theirs.Id)).Single();

        var unread = await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", CrmApp.Json);
        var readOne = await client.PostAsync($"/api/v1/notifications/{unread![0].Id}/read", null);
        var readOthers = await client.PostAsync($"/api/v1/notifications/{other.Id}/read", null);
        var readMissing = await client.PostAsync("/api/v1/notifications/999999/read", null);
        var stillUnread = await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", CrmApp.Json);
        var readAll = await client.PostAsync("/api/v1/notifications/read-all", null);
        var afterAll = await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications?unread=true", CrmApp.Json);
        var everything = await client.GetFromJsonAsync<List<NotificationResponse>>("/api/v1/notifications", CrmApp.Json);

        Assert.Multiple(async () =>
        {
            Assert.That(unread, Has.Count.EqualTo(2));
            Assert.That(readOne.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(readOthers.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(readMissing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(stillUnread, Has.Count.EqualTo(1));
            Assert.That((await readAll.ReadAsync<ReadAllResponseBody>()).Marked, Is.EqualTo(1));
            Assert.That(afterAll, Is.Empty);
            Assert.That(everything!.Select(n => n.Id), Is.Not.Contains(other.Id));
            Assert.That((await world.NotificationsAsync(theirs.Id)).Single().ReadAt, Is.Null, "the other user's stays unread");
        });
    }

    [Test]
    public async Task Turning_email_off_for_a_kind_keeps_the_notification_in_app_without_an_email()
    {
        using var world = new JobWorld();
        var owner = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing);
        var client = await world.App.ClientForAsync(owner);
        var put = await client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { settings = new[] { new { kind = "FollowUpDue", email = false } } }, CrmApp.Json);
        var settings = await client.GetFromJsonAsync<List<NotificationSetting>>("/api/v1/me/notification-settings", CrmApp.Json);
        var bad = await client.PutAsJsonAsync("/api/v1/me/notification-settings",
            new { settings = new[] { new { kind = "NoSuchKind", email = false } } }, CrmApp.Json);
        await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today);
        await world.DealAsync(owner, configure: d => d.NextFollowUpOn = world.Today.AddDays(-1));

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(null, CancellationToken.None));

        var stored = await world.NotificationsAsync(owner.Id);
        Assert.Multiple(() =>
        {
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(settings!.Single(s => s.Kind == NotificationKind.FollowUpDue).Email, Is.False);
            Assert.That(settings!.Single(s => s.Kind == NotificationKind.FollowUpOverdue).Email, Is.True);
            Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(stored.Single(n => n.Kind == NotificationKind.FollowUpDue).EmailStatus, Is.EqualTo(EmailStatus.None));
            Assert.That(stored.Single(n => n.Kind == NotificationKind.FollowUpOverdue).EmailStatus, Is.EqualTo(EmailStatus.Pending));
        });
    }

    private sealed record ReadAllResponseBody(int Marked);
}
