using System.Net.Http.Json;

using Crm.Domain.Activities;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.Extensions.Time.Testing;

namespace Crm.Tests.Reviews;

/// <summary>
/// A small zone whose quarterly figures are worked out by hand in the tests. Built through the API in date order:
/// the clock first stands at 2026-03-31T15:30Z (23:30 on 31 March in Beijing) for the first quarter's moves, then at
/// 2026-05-15 10:00 Beijing ("today", in the running second quarter).
/// <code>
/// deal desk company tier     lead        signed (agreed)     started        producing   other
/// D1   GD   FortuneGlobal500 2025-12-20  2026-01-01 (6亿)     2026-03-10     2026-05-10  planned start 03-01, production 12-01
/// D2   GD   None             2026-01-10  2026-03-31 (2亿)*    -              -           planned start 04-20; *recorded 15:30Z
/// D3   FJ   ChinaTop500      2025-11-01  2025-12-31 (5亿)     2026-04-10     -           planned start 02-01, production 06-30
/// D4   FJ   ChinaTop500 (expansion of D3's company) 2026-02-01 signed 2026-02-15 (1亿), planned start 05-01
/// D5   GD   None             2026-01-02  2026-02-01 (3亿)     2026-03-05, back to Signed 03-20, Started again 04-15
/// D6   FJ   None, Direct, BohaiRim 2026-01-03 signed 2026-01-20 (8亿), Withdrawn 2026-03-25, planned start 03-15
/// D7   GD   None             2026-02-10  Negotiating 2026-03-01 (estimated 0.5亿), never touched since: stale
/// D9   GD   None             2026-04-01  2026-04-01 (4亿)     -              -           planned start 05-30, production 2027-03-01
/// Activities on 2026-05-10 for D2, D3, D4, D5, D9 (so only D7 is stale on 05-15).
/// </code>
/// </summary>
public sealed class ReviewDataset : IDisposable
{
    public static readonly DateTimeOffset Q1LastEvening = new(2026, 3, 31, 15, 30, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Today = new(2026, 5, 15, 2, 0, 0, TimeSpan.Zero);

    private ReviewDataset(CrmApp app, FakeTimeProvider time)
    {
        App = app;
        Time = time;
    }

    public CrmApp App { get; }
    public FakeTimeProvider Time { get; }
    public Dictionary<string, DealResponse> Deals { get; } = [];
    public HttpClient Manager { get; private set; } = null!;

    /// <param name="host">The host to build it in (another provider); a SQLite <see cref="CrmApp"/> by default.</param>
    public static async Task<ReviewDataset> BuildAsync(Func<TimeProvider, CrmApp>? host = null)
    {
        var time = new FakeTimeProvider(Q1LastEvening);
        var set = new ReviewDataset(host?.Invoke(time) ?? new CrmApp(time), time);
        await set.BuildQ1Async();
        time.SetUtcNow(Today);
        await set.BuildQ2Async();
        return set;
    }

    private async Task BuildQ1Async()
    {
        var (_, manager) = await App.SignedInAsync(Roles.Manager);
        var fortune = await manager.CreateCompanyAsync(tier: CompanyTier.FortuneGlobal500);
        var top500 = await manager.CreateCompanyAsync(tier: CompanyTier.ChinaTop500);

        async Task<DealResponse> Deal(string key, string desk, int companyId, DateOnly leadOn, Action<NewDealInputBuilder>? configure = null)
        {
            var deal = await manager.CreateDealAsync(TestData.NewDeal(companyId, b =>
            {
                b.Title = $"{key} 食品项目";
                b.Desk = desk;
                b.LeadOn = leadOn;
                configure?.Invoke(b);
            }));
            Deals[key] = deal;
            return deal;
        }

        async Task Sign(string key, DateOnly on, long agreed, DateOnly plannedStart, DateOnly plannedProduction) =>
            Deals[key] = await manager.MoveAsync(Deals[key], DealStage.Signed, on, agreed, plannedStart, plannedProduction);

        async Task Move(string key, DealStage stage, DateOnly on, string? note = null) =>
            Deals[key] = await manager.MoveAsync(Deals[key], stage, on, note: note);

        await Deal("D1", DeskCodes.Guangdong, fortune.Id, new(2025, 12, 20));
        await Sign("D1", new(2026, 1, 1), 600_000_000, new(2026, 3, 1), new(2026, 12, 1));
        await Move("D1", DealStage.Started, new(2026, 3, 10));

        await Deal("D2", DeskCodes.Guangdong, (await manager.CreateCompanyAsync()).Id, new(2026, 1, 10));
        await Sign("D2", new(2026, 3, 31), 200_000_000, new(2026, 4, 20), new(2026, 9, 30));

        await Deal("D3", DeskCodes.Fujian, top500.Id, new(2025, 11, 1));
        await Sign("D3", new(2025, 12, 31), 500_000_000, new(2026, 2, 1), new(2026, 6, 30));

        await Deal("D4", DeskCodes.Fujian, top500.Id, new(2026, 2, 1), b => b.IsExpansion = true);
        await Sign("D4", new(2026, 2, 15), 100_000_000, new(2026, 5, 1), new(2026, 12, 31));

        await Deal("D5", DeskCodes.Guangdong, (await manager.CreateCompanyAsync()).Id, new(2026, 1, 2));
        await Sign("D5", new(2026, 2, 1), 300_000_000, new(2026, 3, 1), new(2026, 8, 1));
        await Move("D5", DealStage.Started, new(2026, 3, 5));
        Deals["D5"] = await manager.MoveAsync(Deals["D5"], DealStage.Signed, new(2026, 3, 20), 300_000_000, new(2026, 3, 1), new(2026, 8, 1),
            note: "Construction stopped: permit withdrawn");

        await Deal("D6", DeskCodes.Fujian, (await manager.CreateCompanyAsync()).Id, new(2026, 1, 3), b =>
        {
            b.Source = DealSource.Direct;
            b.Region = Region.BohaiRim;
        });
        await Sign("D6", new(2026, 1, 20), 800_000_000, new(2026, 3, 15), new(2026, 10, 1));
        var withdrawn = await manager.PostAsJsonAsync($"/api/v1/deals/{Deals["D6"].Id}/status", new StatusChangeInput
        {
            Status = DealStatus.Withdrawn,
            Reason = "Investor withdrew; land returned",
            EffectiveOn = new(2026, 3, 25),
            Version = Deals["D6"].Version,
        }, CrmApp.Json);
        await withdrawn.EnsureSuccessAsync();

        await Deal("D7", DeskCodes.Guangdong, (await manager.CreateCompanyAsync()).Id, new(2026, 2, 10), b => b.EstimatedInvestmentYuan = 50_000_000);
        await Move("D7", DealStage.Negotiating, new(2026, 3, 1));
    }

    private async Task BuildQ2Async()
    {
        // A new token: the old one was issued 45 days ago on the fake clock.
        var (_, manager) = await App.SignedInAsync(Roles.Manager);
        Manager = manager;

        Deals["D9"] = await manager.CreateDealAsync(TestData.NewDeal((await manager.CreateCompanyAsync()).Id, b =>
        {
            b.Title = "D9 食品项目";
            b.Desk = DeskCodes.Guangdong;
            b.LeadOn = new(2026, 4, 1);
        }));
        Deals["D9"] = await manager.MoveAsync(Deals["D9"], DealStage.Signed, new(2026, 4, 1), 400_000_000, new(2026, 5, 30), new(2027, 3, 1));
        Deals["D3"] = await manager.MoveAsync(Deals["D3"], DealStage.Started, new(2026, 4, 10));
        Deals["D5"] = await manager.MoveAsync(Deals["D5"], DealStage.Started, new(2026, 4, 15));
        Deals["D1"] = await manager.MoveAsync(Deals["D1"], DealStage.Producing, new(2026, 5, 10));

        foreach (var key in new[] { "D2", "D3", "D4", "D5", "D9" })
        {
            var logged = await manager.PostAsJsonAsync($"/api/v1/deals/{Deals[key].Id}/activities", new ActivityInput
            {
                Type = ActivityType.Visit,
                OccurredOn = new(2026, 5, 10),
                Summary = "Site visit",
            }, CrmApp.Json);
            await logged.EnsureSuccessAsync();
        }
    }

    public int Id(string key) => Deals[key].Id;

    public void Dispose() => App.Dispose();
}
