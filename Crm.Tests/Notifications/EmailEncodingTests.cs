using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Jobs;
using MimeKit;

namespace Crm.Tests.Notifications;

/// <summary>Outgoing e-mail is 7-bit clean on the wire: Chinese bodies travel encoded, not as raw 8-bit text.</summary>
public sealed class EmailEncodingTests
{
    [Test]
    public async Task A_chinese_email_body_is_encoded_and_reads_back_as_written()
    {
        using var world = new JobWorld();
        var user = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong);
        const string title = "跟进提醒：统一食品项目";
        var body = "今天需要跟进统一食品（漳州）有限公司的项目。\n" + new string('长', 400) + "\nend";
        var id = await world.App.WithDbAsync(async db =>
        {
            var now = world.Time.GetUtcNow().UtcDateTime;
            var row = new Notification
            {
                RecipientId = user.Id,
                Kind = NotificationKind.FollowUpDue,
                DealId = 1,
                PeriodKey = "2026-11-30",
                Title = title,
                Body = body,
                CreatedAt = now,
                EmailStatus = EmailStatus.Pending,
                NextAttemptAt = now,
            };
            db.Notifications.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });

        await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        var file = Path.Combine(world.PickupFolder, Notification.MessageIdFor(id) + ".eml");
        var bytes = await File.ReadAllBytesAsync(file);
        using var message = await MimeMessage.LoadAsync(file);
        var part = (TextPart)message.Body!;
        Assert.Multiple(() =>
        {
            Assert.That(bytes.Where(b => b >= 0x80), Is.Empty, "every byte of the message is 7-bit");
            Assert.That(part.ContentTransferEncoding, Is.AnyOf(ContentEncoding.Base64, ContentEncoding.QuotedPrintable));
            Assert.That(part.ContentType.Charset!, Is.EqualTo("utf-8").IgnoreCase);
            Assert.That(part.Text.ReplaceLineEndings("\n").TrimEnd('\n'), Is.EqualTo(body));
            Assert.That(message.Subject, Is.EqualTo(title));
        });
    }
}
