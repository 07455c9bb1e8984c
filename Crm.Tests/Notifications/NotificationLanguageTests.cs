using System.Text.RegularExpressions;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Jobs;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Crm.Tests.Jobs;
using MimeKit;

namespace Crm.Tests.Notifications;

/// <summary>Every job's notification and its e-mail reach the recipient in their own language, with the pages' words for stages and statuses.</summary>
public sealed partial class NotificationLanguageTests
{
    private static readonly CurrentUser Deciding = new("system", new HashSet<string> { Roles.Manager }, null);

    /// <summary>One owner and one manager per language; each owner's deals give every job something to say.</summary>
    private static async Task<(JobWorld World, Dictionary<string, string> Emails, TestUser OwnerZh, TestUser OwnerEn, TestUser ManagerZh, TestUser ManagerEn)> EveryJobRanAsync()
    {
        // 18:00 in Asia/Shanghai, so the digest has the day's changes.
        var world = new JobWorld(now: JobWorld.MondayMorning.AddHours(9.5));
        var ownerZh = await world.UserAsync(Roles.Recruiter, DeskCodes.Guangdong, name: "张晓明");
        var ownerEn = await world.UserAsync(Roles.Recruiter, DeskCodes.Beijing, "en", name: "Alice Owner");
        var managerZh = await world.UserAsync(Roles.Manager, name: "王主任");
        var managerEn = await world.UserAsync(Roles.Manager, language: "en", name: "Bob Manager");
        var today = world.Today;
        var now = world.Time.GetUtcNow().UtcDateTime;
        var earlier = now.AddDays(-3);

        foreach (var (owner, due, late, signed, moved, paused) in new[]
        {
            (ownerZh, "今日跟进食品", "逾期跟进食品", "签约开工食品", "洽谈中的食品", "暂停的食品"),
            (ownerEn, "Due Today Foods", "Late Foods", "Signed Foods", "Talking Foods", "Paused Foods"),
        })
        {
            await world.DealAsync(owner, due, d => d.NextFollowUpOn = today, recordedAt: earlier);
            await world.DealAsync(owner, late, d => d.NextFollowUpOn = today.AddDays(-5), recordedAt: earlier);
            await world.DealAsync(owner, signed, stage: DealStage.Signed, plannedStart: today.AddDays(-2), plannedProduction: today.AddDays(5), recordedAt: earlier);
            await world.DealAsync(owner, moved, stage: DealStage.Negotiating, recordedAt: now);
            var toPause = await world.DealAsync(owner, paused, recordedAt: earlier);
            await world.App.WithDbAsync(async db =>
            {
                var deal = (await db.Deals.FindAsync(toPause.Id))!;
                db.StageChanges.Add(deal.ChangeStatus(new StatusChange { Status = DealStatus.Dormant, EffectiveOn = today, Reason = "资金未到位" }, Deciding, today, now));
                await db.SaveChangesAsync();
            });
        }

        await world.RunAsync<FollowUpReminderJob>(j => j.RunAsync(today, CancellationToken.None));
        await world.RunAsync<MilestoneWatchJob>(j => j.RunAsync(today, CancellationToken.None));
        await world.RunAsync<DailyDigestJob>(j => j.RunAsync(today, CancellationToken.None));
        await world.RunAsync<WeeklyInspectionJob>(j => j.RunAsync(today, CancellationToken.None));
        await world.RunAsync<TenDayAssessmentJob>(j => j.RunAsync(today, CancellationToken.None));
        await world.RunAsync<QuarterlyTargetsJob>(j => j.RunAsync(new DateOnly(2027, 1, 1), CancellationToken.None));
        await world.RunAsync<EmailOutbox>(o => o.SendPendingAsync(CancellationToken.None));

        // Every e-mail as its reader gets it: subject and text, by recipient address.
        var emails = Directory.EnumerateFiles(world.PickupFolder, "*.eml").Select(f => MimeMessage.Load(f))
            .GroupBy(m => m.To.Mailboxes.Single().Address)
            .ToDictionary(g => g.Key, g => string.Join("\n", g.Select(m => m.Subject + "\n" + m.TextBody)));
        return (world, emails, ownerZh, ownerEn, managerZh, managerEn);
    }

    private static readonly string[] Data =
    [
        "今日跟进食品", "逾期跟进食品", "签约开工食品", "洽谈中的食品", "暂停的食品", "张晓明",
        "Due Today Foods", "Late Foods", "Signed Foods", "Talking Foods", "Paused Foods", "Alice Owner",
    ];

    /// <summary>What a person reads, less the data (deal titles, people), which is in the language it was typed in.</summary>
    private static string Words(string text) => Data.Aggregate(text, (t, d) => t.Replace(d, "", StringComparison.Ordinal));

    private static async Task<string> TextOfAsync(JobWorld world, TestUser user)
    {
        var notifications = await world.NotificationsAsync(user.Id);
        Assert.That(notifications, Is.Not.Empty, user.Email);
        return string.Join("\n", notifications.Select(n => n.Title + "\n" + n.Body));
    }

    [Test]
    public async Task An_English_recipient_reads_every_notification_and_email_without_a_Chinese_character()
    {
        var (world, emails, _, ownerEn, _, managerEn) = await EveryJobRanAsync();
        using var _ = world;
        foreach (var user in new[] { ownerEn, managerEn })
        {
            var text = Words(await TextOfAsync(world, user));
            var email = Words(emails[user.Email]);
            Assert.Multiple(() =>
            {
                Assert.That(Cjk().Matches(text).Select(m => m.Value), Is.Empty, $"{user.Email}:\n{text}");
                Assert.That(email, Is.Not.Empty);
                Assert.That(Cjk().Matches(email).Select(m => m.Value), Is.Empty, $"e-mail of {user.Email}:\n{email}");
            });
        }
        var ownerText = await TextOfAsync(world, ownerEn);
        Assert.That(ownerText, Does.Contain($"Talking Foods: {Catalogue.Of(DealStage.Lead, Catalogue.EnglishCulture)} → {Catalogue.Of(DealStage.Negotiating, Catalogue.EnglishCulture)}"));
    }

    [Test]
    public async Task A_Chinese_recipient_reads_no_English_sentence_and_no_enum_identifier()
    {
        var (world, emails, ownerZh, _, managerZh, _) = await EveryJobRanAsync();
        using var _ = world;
        var english = EnglishFragments();
        Assert.That(english, Has.Count.GreaterThan(30).And.Contain("Follow-up due"), "the en side of the catalogue was read");
        foreach (var user in new[] { ownerZh, managerZh })
        {
            var text = Words(await TextOfAsync(world, user) + "\n" + emails[user.Email]);
            Assert.Multiple(() =>
            {
                Assert.That(english.Where(text.Contains), Is.Empty, $"{user.Email}:\n{text}");
                Assert.That(EnumIdentifier().Matches(text).Select(m => m.Value), Is.Empty, $"{user.Email}:\n{text}");
            });
        }
    }

    [Test]
    public async Task A_stage_and_a_status_read_in_a_notification_as_the_pages_label_them()
    {
        var (world, _, ownerZh, _, _, _) = await EveryJobRanAsync();
        using var _ = world;
        var zh = Catalogue.ChineseCulture;
        var digest = (await world.NotificationsAsync(ownerZh.Id)).Single(n => n.Kind == NotificationKind.DailyDigest).Body;
        var milestone = (await world.NotificationsAsync(ownerZh.Id)).Single(n => n.Kind == NotificationKind.MilestonePassed);
        Assert.Multiple(() =>
        {
            Assert.That(digest, Does.Contain($"洽谈中的食品").And.Contain(Catalogue.Of(DealStage.Negotiating, zh)));
            Assert.That(Catalogue.Of(DealStage.Negotiating, zh), Is.EqualTo("洽谈/选址"), "the page's label, not the old 洽谈");
            Assert.That(digest, Does.Contain(Catalogue.Of(DealStatus.Active, zh) + " → " + Catalogue.Of(DealStatus.Dormant, zh)));
            Assert.That(digest, Does.Not.Contain("正常"), "Active reads 进行中, as on the pages");
            Assert.That(milestone.Title, Does.Contain(Catalogue.Of(DealStage.Started, zh)));
        });
    }

    /// <summary>The fixed words of the English notification entries (not their arguments), long enough to be a sentence's.</summary>
    private static List<string> EnglishFragments() =>
        new System.Resources.ResourceManager(typeof(Texts)).GetResourceSet(System.Globalization.CultureInfo.InvariantCulture, true, true)!
            .Cast<System.Collections.DictionaryEntry>()
            .Where(e => e.Key is string key && (key.StartsWith("Notice.", StringComparison.Ordinal)
                || key.StartsWith("Figure.", StringComparison.Ordinal) || key.StartsWith("Amount.", StringComparison.Ordinal)))
            .SelectMany(e => Placeholder().Split((string)e.Value!))
            .Select(f => f.Trim(' ', '-', ':', '.', '(', ')', '"'))
            .Where(f => f.Length >= 4 && f.Any(char.IsLetter))
            .Distinct().ToList();

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\u3000-\u303F\uFF00-\uFFEF]")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"\b(Lead|Contacted|Negotiating|Signed|Started|Producing|AtCapacity|Active|Dormant|Lost|Withdrawn|MilestoneDue|FollowUpDue)\b")]
    private static partial Regex EnumIdentifier();

    [GeneratedRegex(@"\{\d+(?::[^}]*)?\}")]
    private static partial Regex Placeholder();
}
