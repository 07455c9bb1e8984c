using Crm.Domain.Data;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Targets;

/// <summary>
/// The demo zone's targets: the 2014 work plan's annual figures (DESIGN.md §4) mapped onto <c>year</c> and spread
/// over the quarters like <see cref="TargetService.SetPlanAsync"/>. Does nothing when the year already has targets.
/// </summary>
public static class TargetsSeed
{
    /// <summary>The plan: 15–20 settling (18), 10 producing, ≥ 2 projects of 5亿, ≥ 2 top-tier, 2×5亿 + 5×3亿 + 11×1亿 = 36亿.</summary>
    public static TargetFigures ZoneAnnual { get; } = new()
    {
        Signed = 18,
        Started = 12,
        Producing = 10,
        SignedInvestmentYuan = 3_600_000_000,
        MajorProjects = 2,
        TopTierCompanies = 2,
    };

    /// <summary>The resident desks' shares; they need not add up to the zone's (the zone office brings the rest).</summary>
    public static IReadOnlyDictionary<string, TargetFigures> DeskAnnual { get; } = new Dictionary<string, TargetFigures>
    {
        [Desks.DeskCodes.Guangdong] = new() { Signed = 6, Started = 4, Producing = 4, SignedInvestmentYuan = 1_200_000_000, MajorProjects = 1, TopTierCompanies = 1 },
        [Desks.DeskCodes.Fujian] = new() { Signed = 5, Started = 4, Producing = 3, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 0, TopTierCompanies = 0 },
        [Desks.DeskCodes.Beijing] = new() { Signed = 5, Started = 3, Producing = 3, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 1, TopTierCompanies = 1 },
    };

    public static async Task SeedAsync(CrmDbContext db, int year, DateTime now, CancellationToken ct)
    {
        if (await db.QuarterTargets.AnyAsync(t => t.Year == year, ct))
        {
            return;
        }
        for (var quarter = 1; quarter <= 4; quarter++)
        {
            Add(db, year, quarter, QuarterTarget.ZoneScope, ZoneAnnual.QuarterShare(quarter), now);
            foreach (var (desk, annual) in DeskAnnual)
            {
                Add(db, year, quarter, desk, annual.QuarterShare(quarter), now);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Add(CrmDbContext db, int year, int quarter, string scope, TargetFigures figures, DateTime now)
    {
        var target = new QuarterTarget { Year = year, Quarter = quarter, Scope = scope, UpdatedAt = now, UpdatedById = "system" };
        target.Apply(figures);
        db.QuarterTargets.Add(target);
    }
}
