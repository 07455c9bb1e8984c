using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;

using FluentValidation;

using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Plans;

/// <summary>The year's plan as the zone's work plan lays it out (docs/review-counting-rules.md, "The year's plan").</summary>
public sealed record AnnualPlan
{
    public required int Year { get; init; }
    /// <summary>The last day counted: 31 December, or today while the year runs.</summary>
    public required DateOnly AsOf { get; init; }
    /// <summary>The desk the plan is limited to; null for the zone.</summary>
    public string? Desk { get; init; }
    /// <summary>The desks of the per-desk columns: every desk for the zone, the one desk otherwise.</summary>
    public required IReadOnlyList<string> Desks { get; init; }
    public required IReadOnlyList<PlanGoalLine> Goals { get; init; }
    public required IReadOnlyList<KeyListView> Lists { get; init; }
}

/// <summary>One goal: its target (null when none is set), what is counted, what is missing, per desk, and the deals behind it.</summary>
public sealed record PlanGoalLine
{
    public required PlanGoal Goal { get; init; }
    /// <summary>The goal counts companies (each once), not deals.</summary>
    public required bool CountsCompanies { get; init; }
    public int? Target { get; init; }
    public required int Actual { get; init; }
    /// <summary>Target minus actual, never below 0; null without a target.</summary>
    public int? Gap { get; init; }
    public required IReadOnlyDictionary<string, int> ByDesk { get; init; }
    public required IReadOnlyList<ReviewDeal> Deals { get; init; }

    /// <summary>The deals behind the goal's count for one desk (what <see cref="ByDesk"/> counts).</summary>
    public IReadOnlyList<ReviewDeal> DealsOf(string desk) => OfDesk(Deals, desk);

    internal static IReadOnlyList<ReviewDeal> OfDesk(IEnumerable<ReviewDeal> deals, string desk) => [.. deals.Where(d => d.Desk == desk)];
}

public sealed record KeyListView
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required KeyListAim Aim { get; init; }
    public required DateOnly DueOn { get; init; }
    /// <summary>Entries in the reader's scope, and of them those that reached the aim.</summary>
    public required int Total { get; init; }
    public required int Reached { get; init; }
    public required IReadOnlyList<KeyEntryView> Entries { get; init; }
}

/// <summary>A deal on a key-project list and what it still lacks to reach the list's aim.</summary>
public sealed record KeyEntryView
{
    public required int DealId { get; init; }
    public required string Title { get; init; }
    public required string Company { get; init; }
    public required string Desk { get; init; }
    public required DealStage Stage { get; init; }
    public required DealStatus Status { get; init; }
    public DateOnly? LastActivityOn { get; init; }
    public required bool Reached { get; init; }
    /// <summary>The day the aim was reached (the milestone's date; for a followed deal its last activity).</summary>
    public DateOnly? ReachedOn { get; init; }
    /// <summary>The milestones still to pass, in order (empty when reached, and for a "followed closely" list).</summary>
    public required IReadOnlyList<DealStage> Lacks { get; init; }
    /// <summary>Not reached and the due date has passed.</summary>
    public required bool Overdue { get; init; }
    /// <summary>The deal is lost or withdrawn: it will not reach the aim unless reopened.</summary>
    public required bool Closed { get; init; }
}

public sealed record KeyListInput
{
    public required string Name { get; init; }
    public required KeyListAim Aim { get; init; }
    public required DateOnly DueOn { get; init; }
}

public sealed record KeyEntryInput
{
    public required int DealId { get; init; }
}

/// <summary>The targets of the year's goals; a goal left out keeps its target.</summary>
public sealed record AnnualGoalsInput
{
    public required IReadOnlyDictionary<PlanGoal, int> Targets { get; init; }
}

public sealed class KeyListInputValidator : AbstractValidator<KeyListInput>
{
    public KeyListInputValidator()
    {
        RuleFor(l => l.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(l => l.Aim).IsInEnum();
        RuleFor(l => l.DueOn).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
    }
}

public sealed class KeyEntryInputValidator : AbstractValidator<KeyEntryInput>
{
    public KeyEntryInputValidator() => RuleFor(e => e.DealId).GreaterThan(0);
}

public sealed class AnnualGoalsInputValidator : AbstractValidator<AnnualGoalsInput>
{
    public AnnualGoalsInputValidator()
    {
        RuleFor(g => g.Targets).NotNull();
        RuleForEach(g => g.Targets).Must(t => Enum.IsDefined(t.Key) && t.Value is >= 0 and <= AnnualPlanService.MaxTarget)
            .WithCode("plan.targetOutOfRange", AnnualPlanService.MaxTarget);
    }
}

/// <summary>
/// The year's plan: each goal of the work plan counted from the stage history through the review's own lists (the
/// year's first signings and first productions, <see cref="ReviewService.DrillAsync"/>), target against actual, per
/// desk; and the managers' key-project lists with what each deal still lacks. Recruiters see their desk; managers edit.
/// </summary>
public sealed class AnnualPlanService(CrmDbContext db, ReviewService reviews, TimeProvider time)
{
    /// <summary>A deal on a <see cref="KeyListAim.FollowedUp"/> list is followed when its last activity is this recent.</summary>
    public const int FollowedWithinDays = 14;

    /// <summary>"About 3亿": from 2.5亿 up to (not including) the major-project line of 5亿.</summary>
    public const long AboutThreeHundredMillionFromYuan = 250_000_000;

    public const int MaxTarget = 10_000;

    private static readonly List<DealStage> Milestones = [.. DealStages.Milestones];

    public async Task<ServiceResult<AnnualPlan>> GetAsync(CurrentUser user, int year, string? desk, CancellationToken ct)
    {
        if (!QuarterPeriod.IsValid(year, 4))
        {
            return new ServiceResult<AnnualPlan>.NotFound();
        }
        if (await reviews.ScopeAsync(user, desk, ct) is not ServiceResult<string?>.Ok scope)
        {
            return user.WorksOnDeals ? new ServiceResult<AnnualPlan>.NotFound() : new ServiceResult<AnnualPlan>.Forbidden();
        }
        desk = scope.Value;
        // The year is the review's fourth quarter seen from 1 January: its "this year" lists run to 31 December or today.
        var signed = await ListAsync(user, year, desk, ReviewDrillList.SignedThisYear, ct);
        var producing = await ListAsync(user, year, desk, ReviewDrillList.ProducingThisYear, ct);
        var scaled = await ScaledAsync(user, year, desk, new QuarterPeriod(year, 4).CountedTo(time.ZoneToday()), ct);
        var targets = await db.AnnualGoals.AsNoTracking().Where(g => g.Year == year).ToDictionaryAsync(g => g.Goal, g => g.Target, ct);
        var desks = desk is null ? await db.Desks.AsNoTracking().OrderBy(d => d.Code).Select(d => d.Code).ToListAsync(ct) : [desk];

        PlanGoalLine Line(PlanGoal goal, IReadOnlyList<ReviewDeal> deals, bool companies)
        {
            int Count(IEnumerable<ReviewDeal> these) => companies ? these.Select(d => d.CompanyId).Distinct().Count() : these.Count();
            var actual = Count(deals);
            int? target = targets.TryGetValue(goal, out var t) ? t : null;
            return new PlanGoalLine
            {
                Goal = goal,
                CountsCompanies = companies,
                Target = target,
                Actual = actual,
                Gap = target is { } value ? Math.Max(0, value - actual) : null,
                ByDesk = desks.ToDictionary(code => code, code => Count(PlanGoalLine.OfDesk(deals, code))),
                Deals = deals,
            };
        }

        var today = time.ZoneToday();
        var end = new QuarterPeriod(year, 4).CountedTo(today);
        return new AnnualPlan
        {
            Year = year,
            AsOf = end,
            Desk = desk,
            Desks = desks,
            Goals =
            [
                Line(PlanGoal.TopTierCompanies, [.. signed.Where(d => d.IsTopTier)], companies: true),
                Line(PlanGoal.MajorProjects, [.. signed.Where(d => d.IsMajor)], companies: false),
                Line(PlanGoal.AboutThreeHundredMillion,
                    [.. signed.Where(d => d.InvestmentYuan >= AboutThreeHundredMillionFromYuan && !d.IsMajor)], companies: false),
                Line(PlanGoal.CompaniesSettled, [.. signed.Where(d => !d.IsExpansion)], companies: true),
                Line(PlanGoal.BuiltAndProducing, producing, companies: false),
                Line(PlanGoal.NewScaleCompanies, scaled, companies: true),
            ],
            Lists = await ListsAsync(year, null, desk, today, ct),
        };
    }

    /// <summary>
    /// New 规上 companies (docs/review-counting-rules.md, "New 规上 companies"): companies whose 规上 date falls in the year
    /// up to <paramref name="end"/>, each with its first signed deal (earliest signing, then lowest id), which gives the
    /// desk; the company counts when that deal is in the caller's scope and desk.
    /// </summary>
    private async Task<IReadOnlyList<ReviewDeal>> ScaledAsync(CurrentUser user, int year, string? desk, DateOnly end, CancellationToken ct)
    {
        var from = new DateOnly(year, 1, 1);
        var candidates = await db.Deals.AsNoTracking()
            .Where(d => d.SignedOn != null && d.Company!.ScaleSince >= from && d.Company.ScaleSince <= end)
            .Select(d => new ReviewDeal
            {
                Id = d.Id,
                Title = d.Title,
                CompanyId = d.CompanyId,
                Company = d.Company!.Name,
                Tier = d.Company.Tier,
                Desk = d.DeskCode,
                Owner = d.Owner!.DisplayName,
                Source = d.Source,
                OrganizationId = d.OrganizationId,
                AdvisorId = d.AdvisorId,
                Region = d.Region,
                IsExpansion = d.IsExpansion,
                Stage = d.Stage,
                Status = d.Status,
                InvestmentYuan = d.InvestmentYuan,
                On = d.Company.ScaleSince,
                PlannedOn = d.SignedOn,
            })
            .ToListAsync(ct);
        var firsts = candidates.GroupBy(d => d.CompanyId)
            .Select(g => g.OrderBy(d => d.PlannedOn).ThenBy(d => d.Id).First())
            .Where(d => desk is null || d.Desk == desk)
            .ToList();
        var ids = firsts.Select(d => d.Id).ToList();
        var visible = await db.Deals.AsNoTracking().VisibleTo(user).Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        return [.. firsts.Where(d => visible.Contains(d.Id)).OrderBy(d => d.On).ThenBy(d => d.Id)];
    }

    private async Task<IReadOnlyList<ReviewDeal>> ListAsync(CurrentUser user, int year, string? desk, ReviewDrillList list, CancellationToken ct) =>
        await reviews.DrillAsync(user, year, 4, desk, new ReviewDrill { List = list }, ct) is ServiceResult<IReadOnlyList<ReviewDeal>>.Ok ok ? ok.Value : [];

    /// <summary>The year's lists (or the one list <paramref name="listId"/>) with their entries in scope, read in one command for the entries.</summary>
    private async Task<IReadOnlyList<KeyListView>> ListsAsync(int year, int? listId, string? desk, DateOnly today, CancellationToken ct)
    {
        var lists = await db.KeyProjectLists.AsNoTracking().Where(l => l.Year == year && (listId == null || l.Id == listId))
            .OrderBy(l => l.DueOn).ThenBy(l => l.Id).ToListAsync(ct);
        var ids = lists.Select(l => l.Id).ToList();
        var entries = await (
            from e in db.KeyProjectEntries.AsNoTracking()
            where ids.Contains(e.ListId) && (desk == null || e.Deal!.DeskCode == desk)
            orderby e.Id
            select new
            {
                e.ListId,
                e.DealId,
                e.Deal!.Title,
                Company = e.Deal.Company!.Name,
                Desk = e.Deal.DeskCode,
                e.Deal.Stage,
                e.Deal.Status,
                e.Deal.LastActivityOn,
                e.Deal.SignedOn,
                e.Deal.StartedOn,
                e.Deal.ProducingOn,
                e.Deal.AtCapacityOn,
            }).ToListAsync(ct);

        return lists.Select(l =>
        {
            var views = entries.Where(e => e.ListId == l.Id).Select(e =>
            {
                var closed = e.Status is DealStatus.Lost or DealStatus.Withdrawn;
                if (l.Aim == KeyListAim.FollowedUp)
                {
                    var followed = !closed && e.LastActivityOn >= today.AddDays(-FollowedWithinDays);
                    return new KeyEntryView
                    {
                        DealId = e.DealId,
                        Title = e.Title,
                        Company = e.Company,
                        Desk = e.Desk,
                        Stage = e.Stage,
                        Status = e.Status,
                        LastActivityOn = e.LastActivityOn,
                        Reached = followed,
                        ReachedOn = followed ? e.LastActivityOn : null,
                        Lacks = [],
                        Overdue = !followed && today > l.DueOn,
                        Closed = closed,
                    };
                }
                var aim = AimStage(l.Aim);
                var reachedOn = aim switch
                {
                    DealStage.Signed => e.SignedOn,
                    DealStage.Started => e.StartedOn,
                    DealStage.Producing => e.ProducingOn,
                    _ => e.AtCapacityOn,
                };
                var reached = e.Stage >= aim && reachedOn is not null;
                return new KeyEntryView
                {
                    DealId = e.DealId,
                    Title = e.Title,
                    Company = e.Company,
                    Desk = e.Desk,
                    Stage = e.Stage,
                    Status = e.Status,
                    LastActivityOn = e.LastActivityOn,
                    Reached = reached,
                    ReachedOn = reached ? reachedOn : null,
                    Lacks = reached ? [] : [.. Milestones.Where(m => m > e.Stage && m <= aim)],
                    Overdue = !reached && today > l.DueOn,
                    Closed = closed,
                };
            }).ToList();
            return new KeyListView
            {
                Id = l.Id,
                Name = l.Name,
                Aim = l.Aim,
                DueOn = l.DueOn,
                Total = views.Count,
                Reached = views.Count(v => v.Reached),
                Entries = views,
            };
        }).ToList();
    }

    /// <summary>The milestone a stage aim means (<see cref="KeyListAim.FollowedUp"/> has none).</summary>
    public static DealStage AimStage(KeyListAim aim) => aim switch
    {
        KeyListAim.Signed => DealStage.Signed,
        KeyListAim.Started => DealStage.Started,
        KeyListAim.Producing => DealStage.Producing,
        KeyListAim.AtCapacity => DealStage.AtCapacity,
        _ => throw new ArgumentOutOfRangeException(nameof(aim), aim, "Followed closely is not a milestone."),
    };

    public async Task<ServiceResult<AnnualPlan>> SetGoalsAsync(CurrentUser user, int year, AnnualGoalsInput input, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<AnnualPlan>.Forbidden();
        }
        if (!QuarterPeriod.IsValid(year, 4))
        {
            return new ServiceResult<AnnualPlan>.NotFound();
        }
        var stored = await db.AnnualGoals.Where(g => g.Year == year).ToDictionaryAsync(g => g.Goal, ct);
        var now = time.UtcNow();
        var before = stored.ToDictionary(g => g.Key, g => g.Value.Target);
        foreach (var (goal, target) in input.Targets)
        {
            if (stored.TryGetValue(goal, out var row))
            {
                row.Target = target;
                row.UpdatedAt = now;
                row.UpdatedById = user.Id;
            }
            else
            {
                db.AnnualGoals.Add(new AnnualGoal { Year = year, Goal = goal, Target = target, UpdatedAt = now, UpdatedById = user.Id });
            }
        }
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(AnnualGoal), year, AuditActions.Update, before, input.Targets, now));
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            // Another manager set the year's first targets at the same moment: theirs stand, read them again.
            return new ServiceResult<AnnualPlan>.Conflict((await GetAsync(user, year, null, ct) as ServiceResult<AnnualPlan>.Ok)!.Value);
        }
        return await GetAsync(user, year, null, ct);
    }

    public async Task<ServiceResult<KeyListView>> CreateListAsync(CurrentUser user, int year, KeyListInput input, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<KeyListView>.Forbidden();
        }
        if (!QuarterPeriod.IsValid(year, 4))
        {
            return new ServiceResult<KeyListView>.NotFound();
        }
        var name = input.Name.Trim();
        var taken = new ServiceResult<KeyListView>.Invalid(nameof(KeyListInput.Name), "plan.listNameTaken", name);
        if (await db.KeyProjectLists.AnyAsync(l => l.Year == year && l.Name == name, ct))
        {
            return taken;
        }
        var list = new KeyProjectList { Year = year, Name = name, Aim = input.Aim, DueOn = input.DueOn, CreatedAt = time.UtcNow(), CreatedById = user.Id };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.KeyProjectLists.Add(list);
        // Two managers naming a list alike at once meet on the unique (year, name): the second is told the name is taken.
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            return taken;
        }
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(KeyProjectList), list.Id, AuditActions.Create, null, new { year, name, input.Aim, input.DueOn },
            time.UtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ViewAsync(list.Id, year, ct);
    }

    public async Task<ServiceResult<bool>> DeleteListAsync(CurrentUser user, int listId, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<bool>.Forbidden();
        }
        if (await db.KeyProjectLists.Include(l => l.Entries).FirstOrDefaultAsync(l => l.Id == listId, ct) is not { } list)
        {
            return new ServiceResult<bool>.NotFound();
        }
        db.KeyProjectLists.Remove(list);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(KeyProjectList), list.Id, AuditActions.Delete,
            new { list.Year, list.Name, list.Aim, list.DueOn, Deals = list.Entries.Select(e => e.DealId) }, null, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Puts a deal on a list (a deal already there stays once).</summary>
    public async Task<ServiceResult<KeyListView>> AddDealAsync(CurrentUser user, int listId, KeyEntryInput input, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<KeyListView>.Forbidden();
        }
        if (await db.KeyProjectLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId, ct) is not { } list)
        {
            return new ServiceResult<KeyListView>.NotFound();
        }
        if (!await db.Deals.AnyAsync(d => d.Id == input.DealId, ct))
        {
            return new ServiceResult<KeyListView>.Invalid(nameof(KeyEntryInput.DealId), "input.noSuchDeal");
        }
        if (!await db.KeyProjectEntries.AnyAsync(e => e.ListId == listId && e.DealId == input.DealId, ct))
        {
            db.KeyProjectEntries.Add(new KeyProjectEntry { ListId = listId, DealId = input.DealId, AddedAt = time.UtcNow(), AddedById = user.Id });
            db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(KeyProjectList), listId, AuditActions.Update, null, new { Added = input.DealId },
                time.UtcNow()));
            // Two managers adding the same deal at once: the unique (list, deal) keeps it once, and both see it there.
            await db.TrySaveChangesAsync(ct);
        }
        return await ViewAsync(listId, list.Year, ct);
    }

    public async Task<ServiceResult<KeyListView>> RemoveDealAsync(CurrentUser user, int listId, int dealId, CancellationToken ct)
    {
        if (!user.MayOverrule)
        {
            return new ServiceResult<KeyListView>.Forbidden();
        }
        if (await db.KeyProjectEntries.FirstOrDefaultAsync(e => e.ListId == listId && e.DealId == dealId, ct) is not { } entry)
        {
            return new ServiceResult<KeyListView>.NotFound();
        }
        var year = await db.KeyProjectLists.Where(l => l.Id == listId).Select(l => l.Year).SingleAsync(ct);
        db.KeyProjectEntries.Remove(entry);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(KeyProjectList), listId, AuditActions.Update, new { Removed = dealId }, null, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return await ViewAsync(listId, year, ct);
    }

    private async Task<ServiceResult<KeyListView>> ViewAsync(int listId, int year, CancellationToken ct) =>
        (await ListsAsync(year, listId, null, time.ZoneToday(), ct)).Single();
}
