using System.Globalization;

using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
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

    public async Task<ServiceResult<QuarterReview>> GetAsync(CurrentUser user, int year, int quarter, string? desk, ReviewLists lists, CancellationToken ct)
    {
        return await ScopeAsync(user, desk, ct) switch
        {
            ServiceResult<string?>.Ok ok => await BuildAsync(year, quarter, ok.Value, lists, ct),
            ServiceResult<string?>.Forbidden => new ServiceResult<QuarterReview>.Forbidden(),
            _ => new ServiceResult<QuarterReview>.NotFound(),
        };
    }

    /// <summary>
    /// The review of a scope (null = zone) with no user check: for jobs and for callers that checked scope. The deal
    /// lists named in <paramref name="lists"/> are read into <see cref="QuarterReview.Deals"/> (the others are empty);
    /// with none, <see cref="QuarterReview.Deals"/> is null. A fixed number of SQL commands whatever the zone's size.
    /// </summary>
    public async Task<QuarterReview> BuildAsync(int year, int quarter, string? desk, ReviewLists lists, CancellationToken ct)
    {
        var period = new QuarterPeriod(year, quarter);
        var today = time.ZoneToday();
        var end = period.CountedTo(today);
        var deals = figures.Deals(desk);

        // The stage history is read once for every section counted from first entries: each deal's first entry into
        // each stage it entered from 1 January to the day counted (the year's movers, not every deal), with its facts.
        var entries = await QuarterFigures.Facts(History.FirstEntriesBetween(period.YearStart, end), deals).ToListAsync(ct);
        var (result, goals) = await figures.FiguresAsync(period, desk, today, entries, ct);
        var counts = await CountsAsync(deals, end, today, ct);

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
            TargetsNotAssignedToDesks = desk is null ? TargetGap(goals) : null,
            Flows = Flows(entries, period.Start, end),
            Snapshot = await SnapshotAsync(deals, end, ct),
            SignedByMonth = SignedByMonth(entries, period.YearStart, end),
            Channels = await ChannelsAsync(deals, period, end, ct),
            Rates = Rates(entries, period.YearStart, end),
            Slipped = new SlippedCounts { Start = counts.SlippedStart, Production = counts.SlippedProduction },
            Stale = counts.Stale,
            Deals = lists == ReviewLists.None ? null : await ListsAsync(lists, deals, period, end, today, ct),
        };
    }

    /// <summary>
    /// The deals of one list of <paramref name="review"/> (its scope and its day counted), read as they are written
    /// out: the workbook streams each list to its sheet and never holds one in memory.
    /// </summary>
    public IAsyncEnumerable<ReviewDeal> StreamDeals(QuarterReview review, ReviewLists list) =>
        List(list, figures.Deals(review.Desk), new QuarterPeriod(review.Year, review.Quarter), review.AsOf, time.ZoneToday()).AsAsyncEnumerable();

    /// <summary>
    /// Records that <paramref name="user"/> took the review out of the system as a workbook (who, which quarter and
    /// scope, in which language, through which door), before the file is written.
    /// </summary>
    public async Task AuditExportAsync(CurrentUser user, QuarterReview review, CultureInfo culture, string via, CancellationToken ct)
    {
        var key = review.Desk is null ? $"{review.Year}-Q{review.Quarter}" : $"{review.Year}-Q{review.Quarter}-{review.Desk}";
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(QuarterReview), key, AuditActions.Export, null,
            new { review.Year, review.Quarter, Desk = review.Desk, Language = culture.Name, Via = via }, time.UtcNow()));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Zone target minus the desks' (every desk has a row in <paramref name="goals"/>, zero when it has no target).</summary>
    private static TargetFigures TargetGap(QuarterTargets goals)
    {
        var desks = goals.Desks.Values.ToList();
        var zone = goals.Zone;
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

    private static List<FlowLine> Flows(IReadOnlyList<EntryFact> entries, DateOnly first, DateOnly last)
    {
        var quarter = entries.Where(e => e.On >= first && e.On <= last).ToLookup(e => e.Stage);
        return Enum.GetValues<DealStage>()
            .Select(stage => new FlowLine(stage, quarter[stage].Count(),
                quarter[stage].Sum(e => QuarterFigures.AfterSigning.Contains(stage) ? e.AgreedYuan : e.EstimatedYuan)))
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

    private static List<MonthLine> SignedByMonth(IReadOnlyList<EntryFact> entries, DateOnly yearStart, DateOnly end)
    {
        var signed = entries.Where(e => e.Stage == DealStage.Signed && e.On >= yearStart && e.On <= end).ToLookup(e => e.On.Month);
        var months = end < yearStart ? 0 : end.Month;
        return Enumerable.Range(1, months).Select(m => new MonthLine(m, signed[m].Count(), signed[m].Sum(e => e.AgreedYuan))).ToList();
    }

    /// <summary>
    /// One grouped query: the deals that came in this year or signed in the quarter, with their first signing joined once
    /// (not looked up per deal), counted per source, organisation, advisor and region together; the four breakdowns are
    /// sums of those groups. The first signings read are this year's: a deal that came in this year cannot have signed
    /// before its lead date (its creation is its first history row and no move is dated before the one before it).
    /// </summary>
    private async Task<ChannelBreakdown> ChannelsAsync(IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, CancellationToken ct)
    {
        var start = period.Start;
        var yearStart = period.YearStart;
        var signings = History.FirstEntriesBetween(DealStage.Signed, yearStart, end);
        var facts =
            from d in deals
            join s in signings on d.Id equals s.DealId into signed
            from s in signed.DefaultIfEmpty()
            join o in db.Organizations on d.OrganizationId equals o.Id into organizations
            from o in organizations.DefaultIfEmpty()
            join u in db.Users on d.AdvisorId equals u.Id into advisors
            from u in advisors.DefaultIfEmpty()
            let signedOn = (DateOnly?)s!.On
            where (d.LeadOn >= yearStart && d.LeadOn <= end) || signedOn >= start
            select new
            {
                d.Source,
                d.OrganizationId,
                Organization = o == null ? null : o.Name,
                d.AdvisorId,
                Advisor = u == null ? null : u.DisplayName,
                d.Region,
                d.LeadOn,
                SignedOn = signedOn,
                Yuan = d.AgreedInvestmentYuan ?? 0,
            };
        var groups = await facts
            .GroupBy(f => new { f.Source, f.OrganizationId, f.Organization, f.AdvisorId, f.Advisor, f.Region })
            .Select(g => new ChannelGroup
            {
                Source = g.Key.Source,
                OrganizationId = g.Key.OrganizationId,
                Organization = g.Key.Organization,
                AdvisorId = g.Key.AdvisorId,
                Advisor = g.Key.Advisor,
                Region = g.Key.Region,
                Totals = new ChannelTotals
                {
                    LeadsCreated = g.Count(f => f.LeadOn >= start && f.LeadOn <= end),
                    LeadsCreatedSigned = g.Count(f => f.LeadOn >= start && f.LeadOn <= end && f.SignedOn != null),
                    Signed = g.Count(f => f.SignedOn >= start),
                    Yuan = g.Sum(f => f.SignedOn >= start ? f.Yuan : 0),
                    LeadsThisYear = g.Count(f => f.LeadOn >= yearStart && f.LeadOn <= end),
                    LeadsThisYearSigned = g.Count(f => f.LeadOn >= yearStart && f.LeadOn <= end && f.SignedOn != null),
                },
            })
            .ToListAsync(ct);

        static List<ChannelLine> By(IEnumerable<ChannelGroup> groups, Func<ChannelGroup, string?> key, Func<ChannelGroup, string?> name) =>
        [
            .. groups.Where(g => key(g) is not null).GroupBy(g => key(g)!, StringComparer.Ordinal)
                .Select(k => ChannelTotals.Sum(k.Select(g => g.Totals)).ToLine(k.Key, name(k.First())))
                .OrderByDescending(l => l.Signed).ThenBy(l => l.Key, StringComparer.Ordinal),
        ];

        return new ChannelBreakdown
        {
            BySource = By(groups, g => g.Source.ToString(), _ => null),
            ByOrganization = By(groups, g => g.OrganizationId?.ToString(CultureInfo.InvariantCulture), g => g.Organization),
            ByAdvisor = By(groups, g => g.AdvisorId, g => g.Advisor),
            ByRegion = By(groups, g => g.Region.ToString(), _ => null),
        };
    }

    /// <summary>
    /// The year's signing cohort from the entries read: deals first signed from 1 January to <paramref name="end"/>, with
    /// their first start and production. Those fall in the same span: a deal enters Started only from Signed and
    /// Producing only from Started (milestones are never skipped) and a move is never dated before the one before it.
    /// </summary>
    private static YearRates Rates(IReadOnlyList<EntryFact> entries, DateOnly yearStart, DateOnly end)
    {
        var year = entries.Where(e => e.On >= yearStart && e.On <= end).ToList();
        var starts = year.Where(e => e.Stage == DealStage.Started).ToDictionary(e => e.DealId, e => e.On);
        var productions = year.Where(e => e.Stage == DealStage.Producing).ToDictionary(e => e.DealId, e => e.On);
        var cohort = year.Where(e => e.Stage == DealStage.Signed)
            .Select(e => new
            {
                Signed = e.On,
                Started = starts.TryGetValue(e.DealId, out var started) ? started : (DateOnly?)null,
                Producing = productions.TryGetValue(e.DealId, out var producing) ? producing : (DateOnly?)null,
                PlannedStart = e.PlannedStartOn,
                PlannedProduction = e.PlannedProductionOn,
            })
            .ToList();
        var signed = cohort.Count;
        var startedDeals = cohort.Where(r => r.Started != null).ToList();
        var started = startedDeals.Count;
        var producing = cohort.Count(r => r.Producing != null);

        static double? Average(IEnumerable<int?> days)
        {
            var known = days.Where(d => d is not null).Select(d => (double)d!.Value).ToList();
            return known.Count == 0 ? null : known.Sum() / known.Count;
        }

        static int? Between(DateOnly? first, DateOnly? last) => first is null || last is null ? null : last.Value.DayNumber - first.Value.DayNumber;

        var producers = startedDeals.Where(r => r.Producing != null).ToList();
        return new YearRates
        {
            SignedThisYear = signed,
            OfWhichStarted = started,
            OfWhichProducing = producing,
            StartedRatePercent = ReviewRates.Percent(started, signed),
            ProducingRatePercent = ReviewRates.Percent(producing, signed),
            AverageDaysSignedToStarted = Round(Average(startedDeals.Select(r => Between(r.Signed, r.Started)))),
            AveragePlannedDaysSignedToStarted = Round(Average(startedDeals.Select(r => Between(r.Signed, r.PlannedStart)))),
            AverageDaysStartedToProducing = Round(Average(producers.Select(r => Between(r.Started, r.Producing)))),
            AveragePlannedDaysStartedToProducing = Round(Average(producers.Select(r => Between(r.PlannedStart, r.PlannedProduction)))),
        };
    }

    /// <summary>Slipped starts, slipped productions and stale deals, counted in one command.</summary>
    private async Task<(int SlippedStart, int SlippedProduction, int Stale)> CountsAsync(IQueryable<Deal> deals, DateOnly end, DateOnly today, CancellationToken ct)
    {
        var rows = await SlippedStart(deals, end).Select(d => CountedList.SlippedStart)
            .Concat(SlippedProduction(deals, end).Select(d => CountedList.SlippedProduction))
            .Concat(Stale(deals, today).Select(d => CountedList.Stale))
            .GroupBy(list => list)
            .Select(g => new { List = g.Key, Deals = g.Count() })
            .ToListAsync(ct);
        int Of(CountedList list) => rows.FirstOrDefault(r => r.List == list)?.Deals ?? 0;
        return (Of(CountedList.SlippedStart), Of(CountedList.SlippedProduction), Of(CountedList.Stale));
    }

    private enum CountedList
    {
        SlippedStart,
        SlippedProduction,
        Stale,
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

    private async Task<ReviewDealLists> ListsAsync(ReviewLists lists, IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, DateOnly today,
        CancellationToken ct)
    {
        async Task<IReadOnlyList<ReviewDeal>> Read(ReviewLists list) =>
            lists.HasFlag(list) ? await List(list, deals, period, end, today).ToListAsync(ct) : [];

        return new ReviewDealLists
        {
            Leads = await Read(ReviewLists.Leads),
            Signed = await Read(ReviewLists.Signed),
            Started = await Read(ReviewLists.Started),
            Producing = await Read(ReviewLists.Producing),
            Snapshot = await Read(ReviewLists.Snapshot),
            SlippedStart = await Read(ReviewLists.SlippedStart),
            SlippedProduction = await Read(ReviewLists.SlippedProduction),
            Stale = await Read(ReviewLists.Stale),
        };
    }

    /// <summary>One list of deals behind the review's numbers (exactly one flag of <paramref name="list"/>), in its order.</summary>
    private IQueryable<ReviewDeal> List(ReviewLists list, IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, DateOnly today) =>
        List(new ReviewDrill { List = ReviewDrill.Of(list) }, deals, period, end, today);

    /// <summary>
    /// The deals behind one number (<paramref name="drill"/>) in the scope of <paramref name="user"/>, the same rows as the
    /// API's list it names (filtered as the cell is), read in one command.
    /// </summary>
    public async Task<ServiceResult<IReadOnlyList<ReviewDeal>>> DrillAsync(CurrentUser user, int year, int quarter, string? desk, ReviewDrill drill,
        CancellationToken ct)
    {
        switch (await ScopeAsync(user, desk, ct))
        {
            case ServiceResult<string?>.Ok ok:
                var period = new QuarterPeriod(year, quarter);
                var today = time.ZoneToday();
                var rows = await List(drill, figures.Deals(ok.Value), period, period.CountedTo(today), today).ToListAsync(ct);
                return new ServiceResult<IReadOnlyList<ReviewDeal>>.Ok(rows);
            case ServiceResult<string?>.Forbidden:
                return new ServiceResult<IReadOnlyList<ReviewDeal>>.Forbidden();
            default:
                return new ServiceResult<IReadOnlyList<ReviewDeal>>.NotFound();
        }
    }

    /// <summary>One list of deals behind the review's numbers, narrowed by the drill's filters, in its order.</summary>
    private IQueryable<ReviewDeal> List(ReviewDrill drill, IQueryable<Deal> deals, QuarterPeriod period, DateOnly end, DateOnly today)
    {
        var start = period.Start;
        var yearStart = period.YearStart;
        IQueryable<Listed> Entered(DealStage stage, DateOnly first) =>
            from e in History.FirstEntriesBetween(stage, first, end)
            join d in deals on e.DealId equals d.Id
            select new Listed { DealId = d.Id, Stage = d.Stage, Status = d.Status, Yuan = d.AgreedInvestmentYuan ?? 0, On = e.On, SortOn = e.On };
        // Queries held in variables, so the expression trees below take them in as subqueries.
        var signedThisYear = History.FirstEntriesBetween(DealStage.Signed, yearStart, end).Select(e => e.DealId);
        var startedThisYear = History.FirstEntriesBetween(DealStage.Started, yearStart, end).Select(e => e.DealId);
        var producingThisYear = History.FirstEntriesBetween(DealStage.Producing, yearStart, end).Select(e => e.DealId);
        IQueryable<Listed> LeadsFrom(DateOnly first) => deals.Where(d => d.LeadOn >= first && d.LeadOn <= end)
            .Select(d => new Listed { DealId = d.Id, Stage = d.Stage, Status = d.Status, Yuan = d.EstimatedInvestmentYuan ?? 0, On = d.LeadOn, SortOn = d.LeadOn });

        var listed = drill.List switch
        {
            ReviewDrillList.Leads => LeadsFrom(start),
            ReviewDrillList.LeadsSigned => LeadsFrom(start).Where(l => signedThisYear.Contains(l.DealId)),
            ReviewDrillList.LeadsThisYear => LeadsFrom(yearStart),
            ReviewDrillList.LeadsThisYearSigned => LeadsFrom(yearStart).Where(l => signedThisYear.Contains(l.DealId)),
            ReviewDrillList.Signed => Entered(DealStage.Signed, start),
            ReviewDrillList.Started => Entered(DealStage.Started, start),
            ReviewDrillList.Producing => Entered(DealStage.Producing, start),
            ReviewDrillList.Entered => Entered(drill.Stage ?? throw new ArgumentException("A stage to drill into.", nameof(drill)), start),
            ReviewDrillList.SignedThisYear => Entered(DealStage.Signed, yearStart),
            ReviewDrillList.SignedThisYearStarted => Entered(DealStage.Signed, yearStart).Where(l => startedThisYear.Contains(l.DealId)),
            ReviewDrillList.SignedThisYearProducing => Entered(DealStage.Signed, yearStart).Where(l => producingThisYear.Contains(l.DealId)),
            ReviewDrillList.ProducingThisYear => Entered(DealStage.Producing, yearStart),
            ReviewDrillList.Snapshot =>
                from s in StateOn(end)
                join d in deals on s.DealId equals d.Id
                select new Listed
                {
                    DealId = d.Id,
                    Stage = s.ToStage,
                    Status = s.ToStatus,
                    Yuan = QuarterFigures.AfterSigning.Contains(s.ToStage) ? d.AgreedInvestmentYuan ?? d.EstimatedInvestmentYuan ?? 0 : d.EstimatedInvestmentYuan ?? 0,
                    On = s.EffectiveOn,
                },
            ReviewDrillList.SlippedStart => SlippedStart(deals, end).Select(d => new Listed
            {
                DealId = d.Id,
                Stage = d.Stage,
                Status = d.Status,
                Yuan = d.InvestmentYuan,
                On = d.SignedOn,
                PlannedOn = d.PlannedStartOn,
                SortOn = d.PlannedStartOn,
            }),
            ReviewDrillList.SlippedProduction => SlippedProduction(deals, end).Select(d => new Listed
            {
                DealId = d.Id,
                Stage = d.Stage,
                Status = d.Status,
                Yuan = d.InvestmentYuan,
                On = d.StartedOn,
                PlannedOn = d.PlannedProductionOn,
                SortOn = d.PlannedProductionOn,
            }),
            ReviewDrillList.Stale => Stale(deals, today).Select(d => new Listed
            {
                DealId = d.Id,
                Stage = d.Stage,
                Status = d.Status,
                Yuan = d.InvestmentYuan,
                On = d.LastActivityOn ?? d.LeadOn,
                SortOn = d.LastActivityOn ?? d.LeadOn,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(drill), drill.List, "Not a list of the review."),
        };
        if (drill.List == ReviewDrillList.Snapshot && drill.Stage is { } stageThen)
        {
            listed = listed.Where(l => l.Stage == stageThen);
        }
        if (drill.List == ReviewDrillList.Snapshot && drill.Status is { } statusThen)
        {
            listed = listed.Where(l => l.Status == statusThen);
        }
        if (drill.Month is { } month and >= 1 and <= 12)
        {
            var (monthStart, monthEnd) = (new DateOnly(period.Year, month, 1), new DateOnly(period.Year, month, 1).AddMonths(1).AddDays(-1));
            listed = listed.Where(l => l.On >= monthStart && l.On <= monthEnd);
        }
        if (drill.MajorOnly)
        {
            listed = listed.Where(l => l.Yuan >= TargetFigures.MajorProjectYuan);
        }
        // Only the columns a line shows are read, not whole deals: a snapshot has a line for every deal of the zone.
        var rows = from l in listed
                   join d in db.Deals.AsNoTracking() on l.DealId equals d.Id
                   select new { Listed = l, Deal = d };
        if (drill.Desk is { } desk)
        {
            rows = rows.Where(r => r.Deal.DeskCode == desk);
        }
        if (drill.Source is { } source)
        {
            rows = rows.Where(r => r.Deal.Source == source);
        }
        if (drill.TopTierOnly)
        {
            rows = rows.Where(r => CompanyTiers.TopTier.Contains(r.Deal.Company!.Tier));
        }
        rows = drill.List == ReviewDrillList.Snapshot
            ? rows.OrderBy(r => r.Listed.DealId)
            : rows.OrderBy(r => r.Listed.SortOn).ThenBy(r => r.Listed.DealId);
        return rows.Select(r => new ReviewDeal
        {
            Id = r.Deal.Id,
            Title = r.Deal.Title,
            CompanyId = r.Deal.CompanyId,
            Company = r.Deal.Company!.Name,
            Tier = r.Deal.Company!.Tier,
            Desk = r.Deal.DeskCode,
            Owner = r.Deal.Owner!.DisplayName,
            Source = r.Deal.Source,
            OrganizationId = r.Deal.OrganizationId,
            AdvisorId = r.Deal.AdvisorId,
            Region = r.Deal.Region,
            IsExpansion = r.Deal.IsExpansion,
            Stage = r.Listed.Stage,
            Status = r.Listed.Status,
            InvestmentYuan = r.Listed.Yuan,
            On = r.Listed.On,
            PlannedOn = r.Listed.PlannedOn,
            AgreementMissing = r.Deal.Stage >= DealStage.Signed && !db.Documents.Any(x => x.DealId == r.Deal.Id && x.IsSignedAgreement),
        });
    }

    /// <summary>
    /// A deal in a list with what put it there: its stage and status then, its amount and the list's dates. Every list but
    /// the snapshot (by deal) is in <see cref="SortOn"/> order, then by deal.
    /// </summary>
    private sealed class Listed
    {
        public int DealId { get; init; }
        public DealStage Stage { get; init; }
        public DealStatus Status { get; init; }
        public long Yuan { get; init; }
        public DateOnly? On { get; init; }
        public DateOnly? PlannedOn { get; init; }
        public DateOnly? SortOn { get; init; }
    }

    private static double? Round(double? value) => value is null ? null : Math.Round(value.Value, 1);

    private sealed class ChannelGroup
    {
        public DealSource Source { get; init; }
        public int? OrganizationId { get; init; }
        public string? Organization { get; init; }
        public string? AdvisorId { get; init; }
        public string? Advisor { get; init; }
        public Region Region { get; init; }
        public required ChannelTotals Totals { get; init; }
    }

    private sealed class ChannelTotals
    {
        public int LeadsCreated { get; init; }
        public int LeadsCreatedSigned { get; init; }
        public int Signed { get; init; }
        public long Yuan { get; init; }
        public int LeadsThisYear { get; init; }
        public int LeadsThisYearSigned { get; init; }

        public static ChannelTotals Sum(IEnumerable<ChannelTotals> parts)
        {
            var all = parts.ToList();
            return new ChannelTotals
            {
                LeadsCreated = all.Sum(p => p.LeadsCreated),
                LeadsCreatedSigned = all.Sum(p => p.LeadsCreatedSigned),
                Signed = all.Sum(p => p.Signed),
                Yuan = all.Sum(p => p.Yuan),
                LeadsThisYear = all.Sum(p => p.LeadsThisYear),
                LeadsThisYearSigned = all.Sum(p => p.LeadsThisYearSigned),
            };
        }

        public ChannelLine ToLine(string key, string? name) => new()
        {
            Key = key,
            Name = name,
            LeadsCreated = LeadsCreated,
            LeadsCreatedSigned = LeadsCreatedSigned,
            QuarterConversionPercent = ReviewRates.Percent(LeadsCreatedSigned, LeadsCreated),
            Signed = Signed,
            InvestmentSignedYuan = Yuan,
            LeadsThisYear = LeadsThisYear,
            LeadsThisYearSigned = LeadsThisYearSigned,
            ConversionPercent = ReviewRates.Percent(LeadsThisYearSigned, LeadsThisYear),
        };
    }
}
