using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.E2E;

/// <summary>
/// Many deals at once, written straight to the database (the API would take minutes for hundreds): a board
/// column fuller than a screen. Follow-ups repeat and some are missing, so the board's order has ties to break.
/// </summary>
public static class PipelineBoardData
{
    /// <returns>The ids of the deals, one list per stage, in the order given.</returns>
    public static async Task<Dictionary<DealStage, List<int>>> SeedAsync(
        CrmApp app, TestUser owner, DateOnly today, params (DealStage Stage, int Count)[] columns)
    {
        var now = DateTime.UtcNow;
        var ids = new Dictionary<DealStage, List<int>>();
        await app.WithDbAsync(async db =>
        {
            foreach (var (stage, count) in columns)
            {
                var deals = new List<Deal>();
                for (var i = 0; i < count; i++)
                {
                    var company = new Company { Name = TestData.Unique("看板测试食品有限公司"), CreatedAt = now, UpdatedAt = now };
                    var (deal, created) = Deal.Create(TestData.Unique("看板项目"), 0, owner.Desk ?? "HQ", owner.Id, today.AddDays(-90), owner.Id, now);
                    deal.Company = company;
                    deal.EstimatedInvestmentYuan = 100_000_000 + (i % 5) * 10_000_000;
                    // Five deals share each follow-up day, every seventh has none: ties and NULLs for the keyset.
                    deal.NextFollowUpOn = i % 7 == 6 ? null : today.AddDays(i / 5 - 3);
                    deal.Touch(now);
                    db.Deals.Add(deal);
                    db.StageChanges.Add(created);
                    deals.Add(deal);
                }
                await db.SaveChangesAsync();
                var stageIds = deals.Select(d => d.Id).ToList();
                if (stage != DealStage.Lead)
                {
                    await db.Deals.Where(d => stageIds.Contains(d.Id)).ExecuteUpdateAsync(s => s.SetProperty(d => d.Stage, stage));
                }
                ids[stage] = stageIds;
            }
        });
        return ids;
    }
}
