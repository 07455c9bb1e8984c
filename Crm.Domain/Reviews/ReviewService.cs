using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Targets;
using Crm.Domain.Users;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Reviews;

/// <summary>
/// The quarterly pipeline review. Managers and admins see the zone or any desk; a recruiter sees only their own desk's
/// review (no zone-wide figures; another desk is a 404); advisors have none. Every count and sum runs in SQL.
/// </summary>
public sealed class ReviewService(CrmDbContext db, TimeProvider time, QuarterFigures figures)
{
    public const int StaleDays = 30;

    /// <summary>Whose review <paramref name="user"/> asks for: null = zone; NotFound/Forbidden when out of their scope.</summary>
    public async Task<ServiceResult<string?>> ScopeAsync(CurrentUser user, string? desk, CancellationToken ct)
    {
        if (!user.WorksOnDeals)
        {
            return new ServiceResult<string?>.Forbidden();
        }
        desk = string.IsNullOrWhiteSpace(desk) ? null : desk.Trim().ToUpperInvariant();
        if (!user.IsZoneWide)
        {
            // A recruiter's review is their desk's; naming any other desk answers as if it did not exist.
            if (user.DeskCode is null || (desk is not null && desk != user.DeskCode))
            {
                return new ServiceResult<string?>.NotFound();
            }
            return user.DeskCode;
        }
        if (desk is not null && !await db.Desks.AnyAsync(d => d.Code == desk, ct))
        {
            return new ServiceResult<string?>.NotFound();
        }
        return desk;
    }

    public async Task<ServiceResult<QuarterReview>> GetAsync(CurrentUser user, int year, int quarter, string? desk, bool expand, CancellationToken ct)
    {
        return await ScopeAsync(user, desk, ct) switch
        {
            ServiceResult<string?>.Ok ok => await BuildAsync(year, quarter, ok.Value, expand, ct),
            ServiceResult<string?>.Forbidden => new ServiceResult<QuarterReview>.Forbidden(),
            _ => new ServiceResult<QuarterReview>.NotFound(),
        };
    }

    /// <summary>The review of a scope (null = zone) with no user check: for jobs and for callers that checked scope.</summary>
    public async Task<QuarterReview> BuildAsync(int year, int quarter, string? desk, bool expand, CancellationToken ct)
    {
        var period = new QuarterPeriod(year, quarter);
        var today = time.ZoneToday();
        var result = await figures.GetFiguresAsync(year, quarter, desk, today, ct);
        var end = result.AsOf;
        var deals = figures.Deals(desk);

        return new QuarterReview
        {
            Year = year,
            Quarter = quarter,
            From = period.Start,
            To = period.End,
            AsOf = end,
            IsRunning = result.IsRunning,
            Desk = desk,
            Zone = result.Zone,
            Desks = result.Desks,
            TargetsNotAssignedToDesks = desk is null ? await TargetGapAsync(period, ct) : null,
            Flows = await FlowsAsync(deals, period.Start, end, ct),
            Snapshot = await SnapshotAsync(deals, end, ct),
            SignedByMonth = await SignedByMonthAsync(deals, period.YearStart, end, ct),
            Channels = await ChannelsAsync(deals, period, end, ct),
            Rates = await RatesAsync(deals, period.YearStart, end, ct),
            Slipped = new SlippedCounts
            {
                Start = await SlippedStart(deals, end).CountAsync(ct),
                Production = await SlippedProduction(deals, end).CountAsync(ct),
            },
            Stale = await Stale(deals, today).CountAsync(ct),
            Deals = expand ? await ListsAsync(deals, period, end, today, ct) : null,
        };
    }

    private async Task<TargetFigures> TargetGapAsync(QuarterPeriod period, CancellationToken ct)
    {
        var goals = await db.QuarterTargets.AsNoTracking().Where(t => t.Year == period.Year && t.Quarter == period.Quarter).ToListAsync(ct);
        var zone = goals.FirstOrDefault(t => t.Scope == QuarterTarget.ZoneScope)?.ToFigures() ?? TargetFigures.Zero;
        var desks = goals.Where(t => t.Scope != QuarterTarget.ZoneScope).ToList();
        return new TargetFigures
        {
            Signed = zone.Signed - desks.Sum(d => d.Signed),
            Started = zone.Started - desks.Sum(d => d.Started),
            Producing = zone.Producing - desks.Sum(d => d.Producing),
            SignedInvestmentYuan = zone.SignedInvestmentYuan - desks.Sum(d => d.SignedInvestmentYuan),
            MajorProjects = zone.MajorProjects - desks.Sum(d => d.MajorProjects),
            TopTierCompanies = zone.TopTierCompanies - desks.Sum(d => d.TopTierCompanies),
        };
    }

    /// <summary>The stage history, read only: every figure is counted from it through <see cref="StageEntries"/>.</summary>
    private IQueryable<StageChange> History => db.StageChanges.AsNoTracking();

    private async Task<IReadOnlyList<FlowLine>> FlowsAsync(IQueryable<Deal> deals, DateOnly first, DateOnly last, CancellationToken ct)
    {
        var rows = await (
            from e in History.FirstEntries().Between(first, last)
            join d in deals on e.DealId equals d.Id
            group QuarterFigures.AfterSigning.Contains(e.Stage) ? d.AgreedInvestmentYuan ?? 0 : d.EstimatedInvestmentYuan ?? 0 by e.Stage into g
            select new { Stage = g.Key, Deals = g.Count(), Yuan = g.Sum() }).ToListAsync(ct);
        return Enum.GetValues<DealStage>()
            .Select(stage => rows.FirstOrDefault(r => r.Stage == stage) is { } r ? new FlowLine(stage, r.Deals, r.Yuan) : new FlowLine(stage, 0, 0))
            .ToList();
    }

    /// <summary>
    /// Each deal's last history row effective on or before <paramref name="at"/>. A move can never be dated before the
    /// previous one, so history rows in id order are in date order and the greatest id is the state of that day.
    /// </summary>
    private IQueryable<StageChange> StateOn(DateOnly at)
    {
        var last = db.StageChanges.Where(s => s.EffectiveOn <= at).GroupBy(s => s.DealId).Select(g => g.Max(s => s.Id));
        return db.StageChanges.AsNoTracking().Where(s => last.Contains(s.Id));
    }

    private async Task<IReadOnlyList<SnapshotLine>> SnapshotAsync(IQueryable<Deal> deals, DateOnly at, CancellationToken ct)
    {
        var rows = await (
            from s in StateOn(at)
            join d in deals on s.DealId equals d.Id
            group QuarterFigures.AfterSigning.Contains(s.ToStage) ? d.AgreedInvestmentYuan ?? d.EstimatedInvestmentYuan ?? 0 : d.EstimatedInvestmentYuan ?? 0
                by new { s.ToStage, s.ToStatus } into g
            select new { g.Key.ToStage, g.Key.ToStatus, Deals = g.Count(), Yuan = g.Sum() }).ToListAsync(ct);
        return rows.Select(r => new SnapshotLine(r.ToStage, r.ToStatus, r.Deals, r.Yuan))
            .OrderBy(r => r.Stage).ThenBy(r => r.Status).ToList();
    }

    private async Task<IReadOnlyList<MonthLine>> SignedByMonthAsync(IQueryable<Deal> deals, DateOnly yearStart, DateOnly end, CancellationToken ct)
    {
        var rows = await (
            from e in History.FirstEntries(DealStage.Signed).Between(yearStart, end)
            join d in deals on e.DealId equals d.Id
            group d.AgreedInvestmentYuan ?? 0 by e.On.Month into g
            select new { Month = g.Key, Deals = g.Count(), Yuan = g.Sum() }).ToListAsync(ct);
        var months = end < yearStart ? 0 : end.Month;
        return Enumerable.Range(1, months)
            .Select(m => rows.FirstOrDefault(r => r.Month == m) is { } r ? new MonthLine(m, r.Deals, r.Yuan) : new MonthLine(m, 0, 0))
            .ToList();
    }

    private async Task<ChannelBreakdown> ChannelsAsync(IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, CancellationToken ct)
    {
        var start = period.Start;
        var yearStart = period.YearStart;
        var signings = History.EntriesInto(DealStage.Signed);
        var facts =
            from d in deals
            select new ChannelFact
            {
                Source = d.Source,
                OrganizationId = d.OrganizationId,
                AdvisorId = d.AdvisorId,
                Region = d.Region,
                LeadOn = d.LeadOn,
                SignedOn = signings.Where(x => x.DealId == d.Id).Min(x => (DateOnly?)x.EffectiveOn),
                Yuan = d.AgreedInvestmentYuan ?? 0,
            };
        facts = facts.Where(f => (f.LeadOn >= yearStart && f.LeadOn <= end) || (f.SignedOn >= start && f.SignedOn <= end));

        async Task<List<ChannelTotals<TKey>>> TotalsAsync<TKey>(System.Linq.Expressions.Expression<Func<ChannelFact, TKey>> key) =>
            await facts.GroupBy(key).Select(g => new ChannelTotals<TKey>
            {
                Key = g.Key,
                LeadsCreated = g.Count(f => f.LeadOn >= start && f.LeadOn <= end),
                Signed = g.Count(f => f.SignedOn >= start && f.SignedOn <= end),
                Yuan = g.Sum(f => f.SignedOn >= start && f.SignedOn <= end ? f.Yuan : 0),
                LeadsThisYear = g.Count(f => f.LeadOn >= yearStart && f.LeadOn <= end),
                LeadsThisYearSigned = g.Count(f => f.LeadOn >= yearStart && f.LeadOn <= end && f.SignedOn <= end),
            }).ToListAsync(ct);

        var bySource = await TotalsAsync(f => f.Source);
        var byOrganization = await TotalsAsync(f => f.OrganizationId);
        var byAdvisor = await TotalsAsync(f => f.AdvisorId);
        var byRegion = await TotalsAsync(f => f.Region);

        var organizationIds = byOrganization.Where(o => o.Key is not null).Select(o => o.Key!.Value).ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var advisorIds = byAdvisor.Where(a => a.Key is not null).Select(a => a.Key!).ToList();
        var advisors = await db.Users.AsNoTracking().Where(u => advisorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);

        return new ChannelBreakdown
        {
            BySource = [.. bySource.Select(t => t.ToLine(t.Key.ToString(), null)).OrderByDescending(l => l.Signed).ThenBy(l => l.Key, StringComparer.Ordinal)],
            ByOrganization = [.. byOrganization.Where(t => t.Key is not null)
                .Select(t => t.ToLine(t.Key!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), organizations.GetValueOrDefault(t.Key!.Value)))
                .OrderByDescending(l => l.Signed).ThenBy(l => l.Key, StringComparer.Ordinal)],
            ByAdvisor = [.. byAdvisor.Where(t => t.Key is not null)
                .Select(t => t.ToLine(t.Key!, advisors.GetValueOrDefault(t.Key!)))
                .OrderByDescending(l => l.Signed).ThenBy(l => l.Key, StringComparer.Ordinal)],
            ByRegion = [.. byRegion.Select(t => t.ToLine(t.Key.ToString(), null)).OrderByDescending(l => l.Signed).ThenBy(l => l.Key, StringComparer.Ordinal)],
        };
    }

    private async Task<YearRates> RatesAsync(IQueryable<Deal> deals, DateOnly yearStart, DateOnly end, CancellationToken ct)
    {
        var starts = History.EntriesInto(DealStage.Started);
        var productions = History.EntriesInto(DealStage.Producing);
        var rows =
            from s in History.FirstEntries(DealStage.Signed).Between(yearStart, end)
            join d in deals on s.DealId equals d.Id
            select new
            {
                Signed = s.On,
                Started = starts.Where(x => x.DealId == s.DealId && x.EffectiveOn <= end).Min(x => (DateOnly?)x.EffectiveOn),
                Producing = productions.Where(x => x.DealId == s.DealId && x.EffectiveOn <= end).Min(x => (DateOnly?)x.EffectiveOn),
                PlannedStart = d.PlannedStartOn,
                PlannedProduction = d.PlannedProductionOn,
            };
        var signed = await rows.CountAsync(ct);
        var started = await rows.CountAsync(r => r.Started != null, ct);
        var producing = await rows.CountAsync(r => r.Producing != null, ct);
        // Date arithmetic differs per provider, so SQL groups the started deals by their dates (one row per distinct
        // combination, not per deal) and the day counts are averaged from those groups.
        var dated = await rows.Where(r => r.Started != null)
            .GroupBy(r => new { r.Signed, r.Started, r.Producing, r.PlannedStart, r.PlannedProduction })
            .Select(g => new { g.Key.Signed, g.Key.Started, g.Key.Producing, g.Key.PlannedStart, g.Key.PlannedProduction, Deals = g.Count() })
            .ToListAsync(ct);

        double? Average<T>(IEnumerable<T> groups, Func<T, int?> days, Func<T, int> weight)
        {
            var withDays = groups.Select(g => (Days: days(g), Weight: weight(g))).Where(g => g.Days is not null).ToList();
            var total = withDays.Sum(g => g.Weight);
            return total == 0 ? null : withDays.Sum(g => (double)g.Days!.Value * g.Weight) / total;
        }

        static int? Between(DateOnly? first, DateOnly? last) => first is null || last is null ? null : last.Value.DayNumber - first.Value.DayNumber;

        var daysToStart = Average(dated, g => Between(g.Signed, g.Started), g => g.Deals);
        var plannedDaysToStart = Average(dated, g => Between(g.Signed, g.PlannedStart), g => g.Deals);
        var producers = dated.Where(g => g.Producing != null).ToList();
        var daysToProduce = Average(producers, g => Between(g.Started, g.Producing), g => g.Deals);
        var plannedDaysToProduce = Average(producers, g => Between(g.PlannedStart, g.PlannedProduction), g => g.Deals);
        return new YearRates
        {
            SignedThisYear = signed,
            OfWhichStarted = started,
            OfWhichProducing = producing,
            StartedRatePercent = Percent(started, signed),
            ProducingRatePercent = Percent(producing, signed),
            AverageDaysSignedToStarted = Round(daysToStart),
            AveragePlannedDaysSignedToStarted = Round(plannedDaysToStart),
            AverageDaysStartedToProducing = Round(daysToProduce),
            AveragePlannedDaysStartedToProducing = Round(plannedDaysToProduce),
        };
    }

    private IQueryable<Deal> SlippedStart(IQueryable<Deal> deals, DateOnly end)
    {
        var starts = History.EntriesInto(DealStage.Started);
        return deals.Where(d => d.PlannedStartOn <= end && d.Status != DealStatus.Lost && d.Status != DealStatus.Withdrawn
            && !starts.Any(s => s.DealId == d.Id && s.EffectiveOn <= end));
    }

    private IQueryable<Deal> SlippedProduction(IQueryable<Deal> deals, DateOnly end)
    {
        var productions = History.EntriesInto(DealStage.Producing);
        return deals.Where(d => d.PlannedProductionOn <= end && d.Status != DealStatus.Lost && d.Status != DealStatus.Withdrawn
            && !productions.Any(s => s.DealId == d.Id && s.EffectiveOn <= end));
    }

    private static readonly List<DealStage> StaleStages = [DealStage.Lead, DealStage.Contacted, DealStage.Negotiating, DealStage.Signed, DealStage.Started];

    private static IQueryable<Deal> Stale(IQueryable<Deal> deals, DateOnly today)
    {
        var cutoff = today.AddDays(-StaleDays);
        return deals.Where(d => d.Status == DealStatus.Active && StaleStages.Contains(d.Stage) && (d.LastActivityOn ?? d.LeadOn) <= cutoff);
    }

    private async Task<ReviewDealLists> ListsAsync(IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, DateOnly today, CancellationToken ct)
    {
        var start = period.Start;
        Task<List<ReviewDeal>> Entered(DealStage stage) => (
            from e in History.FirstEntries(stage).Between(start, end)
            join d in deals on e.DealId equals d.Id
            orderby e.On, d.Id
            select Line(d, d.Company!.Name, d.Company!.Tier, d.Stage, d.Status, d.AgreedInvestmentYuan ?? 0, e.On, null)).ToListAsync(ct);

        var snapshot = await (
            from s in StateOn(end)
            join d in deals on s.DealId equals d.Id
            orderby d.Id
            select Line(d, d.Company!.Name, d.Company!.Tier, s.ToStage, s.ToStatus,
                QuarterFigures.AfterSigning.Contains(s.ToStage) ? d.AgreedInvestmentYuan ?? d.EstimatedInvestmentYuan ?? 0 : d.EstimatedInvestmentYuan ?? 0,
                s.EffectiveOn, null)).ToListAsync(ct);

        return new ReviewDealLists
        {
            Leads = await deals.Where(d => d.LeadOn >= start && d.LeadOn <= end).OrderBy(d => d.LeadOn).ThenBy(d => d.Id)
                .Select(d => Line(d, d.Company!.Name, d.Company!.Tier, d.Stage, d.Status, d.EstimatedInvestmentYuan ?? 0, d.LeadOn, null)).ToListAsync(ct),
            Signed = await Entered(DealStage.Signed),
            Started = await Entered(DealStage.Started),
            Producing = await Entered(DealStage.Producing),
            Snapshot = snapshot,
            SlippedStart = await SlippedStart(deals, end).OrderBy(d => d.PlannedStartOn).ThenBy(d => d.Id)
                .Select(d => Line(d, d.Company!.Name, d.Company!.Tier, d.Stage, d.Status, d.InvestmentYuan, d.SignedOn, d.PlannedStartOn)).ToListAsync(ct),
            SlippedProduction = await SlippedProduction(deals, end).OrderBy(d => d.PlannedProductionOn).ThenBy(d => d.Id)
                .Select(d => Line(d, d.Company!.Name, d.Company!.Tier, d.Stage, d.Status, d.InvestmentYuan, d.StartedOn, d.PlannedProductionOn)).ToListAsync(ct),
            Stale = await Stale(deals, today).OrderBy(d => d.LastActivityOn ?? d.LeadOn).ThenBy(d => d.Id)
                .Select(d => Line(d, d.Company!.Name, d.Company!.Tier, d.Stage, d.Status, d.InvestmentYuan, d.LastActivityOn ?? d.LeadOn, null)).ToListAsync(ct),
        };
    }

    private static ReviewDeal Line(Deal d, string company, Companies.CompanyTier tier, DealStage stage, DealStatus status, long yuan, DateOnly? on, DateOnly? planned) => new()
    {
        Id = d.Id,
        Title = d.Title,
        Company = company,
        Tier = tier,
        Desk = d.DeskCode,
        Source = d.Source,
        OrganizationId = d.OrganizationId,
        AdvisorId = d.AdvisorId,
        Region = d.Region,
        IsExpansion = d.IsExpansion,
        Stage = stage,
        Status = status,
        InvestmentYuan = yuan,
        On = on,
        PlannedOn = planned,
    };

    internal static decimal? Percent(long part, long whole) =>
        whole == 0 ? null : Math.Round(part * 100m / whole, 1, MidpointRounding.AwayFromZero);

    private static double? Round(double? value) => value is null ? null : Math.Round(value.Value, 1);

    private sealed class ChannelFact
    {
        public DealSource Source { get; init; }
        public int? OrganizationId { get; init; }
        public string? AdvisorId { get; init; }
        public Region Region { get; init; }
        public DateOnly LeadOn { get; init; }
        public DateOnly? SignedOn { get; init; }
        public long Yuan { get; init; }
    }

    private sealed class ChannelTotals<TKey>
    {
        public required TKey Key { get; init; }
        public int LeadsCreated { get; init; }
        public int Signed { get; init; }
        public long Yuan { get; init; }
        public int LeadsThisYear { get; init; }
        public int LeadsThisYearSigned { get; init; }

        public ChannelLine ToLine(string key, string? name) => new()
        {
            Key = key,
            Name = name,
            LeadsCreated = LeadsCreated,
            Signed = Signed,
            InvestmentSignedYuan = Yuan,
            LeadsThisYear = LeadsThisYear,
            LeadsThisYearSigned = LeadsThisYearSigned,
            ConversionPercent = Percent(LeadsThisYearSigned, LeadsThisYear),
        };
    }
}
