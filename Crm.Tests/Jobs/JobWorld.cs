using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Jobs;

/// <summary>
/// A real host on its own SQLite file with a fake clock, and builders that put deals straight into the
/// database (the jobs read the database; going through the API would only slow the setup down).
/// </summary>
public sealed class JobWorld : IDisposable
{
    /// <summary>Monday 2026-11-30 08:30 in Asia/Shanghai.</summary>
    public static readonly DateTimeOffset MondayMorning = new(2026, 11, 30, 0, 30, 0, TimeSpan.Zero);

    private static readonly CurrentUser Manager = new("system", new HashSet<string> { Roles.Manager }, null);

    public JobWorld(IDictionary<string, string?>? settings = null, DateTimeOffset? now = null, Func<TimeProvider, IDictionary<string, string?>, CrmApp>? host = null)
    {
        Time = new FakeTimeProvider(now ?? MondayMorning);
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        App = host?.Invoke(Time, all) ?? new CrmApp(Time, all);
        if (!all.ContainsKey("Email:PickupFolder") && !all.ContainsKey("Email:Host"))
        {
            App.Settings["Email:PickupFolder"] = PickupFolder;
        }
    }

    public FakeTimeProvider Time { get; }
    public CrmApp App { get; }
    public DateOnly Today => Time.ZoneToday();
    public string PickupFolder => Path.Combine(App.DataFolder, "mail");

    public async Task<TestUser> UserAsync(string role, string? desk = null, string language = "zh-CN", string? name = null)
    {
        var user = await App.CreateUserAsync(role, desk, name);
        if (language != "zh-CN")
        {
            await App.WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language)));
        }
        return user;
    }

    /// <summary>A deal at Lead (or moved on to <paramref name="stage"/>), changed by <paramref name="configure"/>.</summary>
    public async Task<Deal> DealAsync(TestUser owner, string? title = null, Action<Deal>? configure = null, DealStage stage = DealStage.Lead,
        DateOnly? plannedStart = null, DateOnly? plannedProduction = null, DateOnly? leadOn = null, DateTime? recordedAt = null)
    {
        return await App.WithDbAsync(async db =>
        {
            var now = recordedAt ?? Time.UtcNow();
            var company = new Company { Name = TestData.Unique("测试食品有限公司"), CreatedAt = now, UpdatedAt = now };
            db.Companies.Add(company);
            await db.SaveChangesAsync();
            var start = leadOn ?? Today.AddDays(-60);
            var (deal, created) = Deal.Create(title ?? TestData.Unique("项目"), company.Id, owner.Desk ?? "HQ", owner.Id, start, owner.Id, now);
            deal.EstimatedInvestmentYuan = 300_000_000;
            db.Deals.Add(deal);
            db.StageChanges.Add(created);
            if (stage >= DealStage.Signed)
            {
                db.StageChanges.Add(deal.MoveTo(new StageMove
                {
                    Stage = DealStage.Signed,
                    EffectiveOn = start,
                    AgreedInvestmentYuan = 500_000_000,
                    PlannedStartOn = plannedStart ?? Today.AddDays(90),
                    PlannedProductionOn = plannedProduction ?? Today.AddDays(365),
                }, Manager, Today, now));
                foreach (var next in new[] { DealStage.Started, DealStage.Producing }.Where(s => s <= stage))
                {
                    db.StageChanges.Add(deal.MoveTo(new StageMove { Stage = next, EffectiveOn = start }, Manager, Today, now));
                }
            }
            else if (stage > DealStage.Lead)
            {
                db.StageChanges.Add(deal.MoveTo(new StageMove { Stage = stage, EffectiveOn = start }, Manager, Today, now));
            }
            configure?.Invoke(deal);
            await db.SaveChangesAsync();
            return deal;
        });
    }

    public Task AddActivityAsync(Deal deal, TestUser by, string summary) => App.WithDbAsync(async db =>
    {
        db.Activities.Add(new Activity
        {
            DealId = deal.Id,
            Type = ActivityType.Visit,
            OccurredOn = Today,
            Summary = summary,
            ById = by.Id,
            RecordedAt = Time.UtcNow(),
        });
        await db.SaveChangesAsync();
    });

    /// <summary>Runs a job the way Hangfire would: from a scope of its own.</summary>
    public async Task<int> RunAsync<TJob>(Func<TJob, Task<int>> run) where TJob : notnull
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await run(scope.ServiceProvider.GetRequiredService<TJob>());
    }

    public Task<List<Notification>> NotificationsAsync(string? recipientId = null) => App.WithDbAsync(db =>
        db.Notifications.AsNoTracking().Where(n => recipientId == null || n.RecipientId == recipientId).OrderBy(n => n.Id).ToListAsync());

    public void Dispose() => App.Dispose();
}
