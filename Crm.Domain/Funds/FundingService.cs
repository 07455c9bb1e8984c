using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Funds;

/// <summary>An amount to record on a signed project: a tranche that arrived, or a month's fixed-asset investment.</summary>
public sealed record FundingInput
{
    public FundingKind Kind { get; init; }
    /// <summary>The day the tranche arrived; for fixed-asset investment, any day of the month it covers.</summary>
    public DateOnly On { get; init; }
    public long Yuan { get; init; }
    public string? Note { get; init; }
}

public sealed class FundingInputValidator : AbstractValidator<FundingInput>
{
    public FundingInputValidator()
    {
        RuleFor(f => f.Kind).IsInEnum();
        RuleFor(f => f.On).GreaterThanOrEqualTo(FigureLimits.EarliestDate);
        RuleFor(f => f.Yuan).GreaterThan(0).LessThanOrEqualTo(FigureLimits.MaxInvestmentYuan);
        RuleFor(f => f.Note).MaximumLength(FieldLengths.ShortText);
    }
}

public sealed record FundingResponse
{
    public required int Id { get; init; }
    public required int DealId { get; init; }
    public required FundingKind Kind { get; init; }
    public required DateOnly On { get; init; }
    public required long Yuan { get; init; }
    public string? Note { get; init; }
    public required string RecordedBy { get; init; }
    public required DateTime RecordedAt { get; init; }
}

/// <summary>A project's money: agreed, in place to date and the rate (<see cref="FundsInPlace"/>), and every amount recorded.</summary>
public sealed record DealFunding
{
    public required int DealId { get; init; }
    public long? AgreedYuan { get; init; }
    public required long InPlaceYuan { get; init; }
    public required long FixedAssetYuan { get; init; }
    public decimal? InPlacePercent { get; init; }
    public required IReadOnlyList<FundingResponse> Items { get; init; }
}

/// <summary>One project behind the quarter's money figures.</summary>
public sealed record FundedDeal
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required string Company { get; init; }
    public required string Desk { get; init; }
    public required long AgreedYuan { get; init; }
    /// <summary>Arrived from the signing to the day counted.</summary>
    public required long InPlaceYuan { get; init; }
    public decimal? InPlacePercent { get; init; }
    /// <summary>Arrived within the quarter, up to the day counted.</summary>
    public required long ArrivedInQuarterYuan { get; init; }
    /// <summary>Fixed-asset investment reported for the quarter's months.</summary>
    public required long FixedAssetInQuarterYuan { get; init; }
}

/// <summary>A desk's (or the zone's) money of a quarter, summed over <see cref="FundedDeal"/>s.</summary>
public sealed record FundsLine
{
    public required int Projects { get; init; }
    public required long AgreedYuan { get; init; }
    public required long InPlaceYuan { get; init; }
    public decimal? InPlacePercent { get; init; }
    public required long ArrivedInQuarterYuan { get; init; }
    public required long FixedAssetInQuarterYuan { get; init; }

    public static FundsLine Of(IReadOnlyCollection<FundedDeal> deals)
    {
        var agreed = deals.Sum(d => d.AgreedYuan);
        var inPlace = deals.Sum(d => d.InPlaceYuan);
        return new FundsLine
        {
            Projects = deals.Count,
            AgreedYuan = agreed,
            InPlaceYuan = inPlace,
            InPlacePercent = FundsInPlace.Rate(inPlace, agreed),
            ArrivedInQuarterYuan = deals.Sum(d => d.ArrivedInQuarterYuan),
            FixedAssetInQuarterYuan = deals.Sum(d => d.FixedAssetInQuarterYuan),
        };
    }
}

/// <summary>The quarter's 到位率: the zone (or the reader's desk), each desk, and the projects behind them.</summary>
public sealed record FundsReview
{
    public required int Year { get; init; }
    public required int Quarter { get; init; }
    public required DateOnly AsOf { get; init; }
    public string? Desk { get; init; }
    public required FundsLine Total { get; init; }
    public required IReadOnlyDictionary<string, FundsLine> Desks { get; init; }
    public required IReadOnlyList<FundedDeal> Deals { get; init; }
}

/// <summary>
/// Money actually in place on signed projects: the amounts recorded on a deal (who may change the deal records them,
/// audited) and the quarter's 到位率 per desk with its projects, in the reader's scope (<see cref="ReviewService.ScopeAsync"/>).
/// </summary>
public sealed class FundingService(CrmDbContext db, TimeProvider time, ReviewService reviews)
{
    public async Task<DealFunding?> GetAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.Id == dealId)
            .Select(d => new { d.Id, d.AgreedInvestmentYuan }).SingleOrDefaultAsync(ct);
        return deal is null ? null : await ReadAsync(deal.Id, deal.AgreedInvestmentYuan, ct);
    }

    /// <summary>Records an amount on a signed project; a tranche cannot arrive after today, nor a month's investment begin after it.</summary>
    public async Task<ServiceResult<DealFunding>> AddAsync(CurrentUser by, int dealId, FundingInput input, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(by).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return new ServiceResult<DealFunding>.NotFound();
        }
        if (!by.MayEdit(deal))
        {
            return new ServiceResult<DealFunding>.Forbidden();
        }
        if (deal.SignedOn is not { } signedOn)
        {
            return new RuleViolation("funding.notSigned");
        }
        var on = input.Kind == FundingKind.FixedAssetInvestment ? FundsInPlace.MonthOf(input.On) : input.On;
        var today = time.ZoneToday();
        var starts = input.Kind == FundingKind.FixedAssetInvestment ? new DateOnly(on.Year, on.Month, 1) : on;
        if (starts > today)
        {
            return new ServiceResult<DealFunding>.Invalid(nameof(FundingInput.On), "funding.inFuture", today);
        }
        if (on < signedOn && input.Kind == FundingKind.InPlace)
        {
            return new ServiceResult<DealFunding>.Invalid(nameof(FundingInput.On), "funding.beforeSigning", signedOn);
        }
        var funding = new ProjectFunding
        {
            DealId = dealId,
            Kind = input.Kind,
            On = on,
            Yuan = input.Yuan,
            Note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim(),
            RecordedById = by.Id,
            RecordedAt = time.UtcNow(),
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ProjectFundings.Add(funding);
            await db.SaveChangesAsync(ct);
            var shown = await Listed(db.ProjectFundings.AsNoTracking().Where(f => f.Id == funding.Id)).SingleAsync(ct);
            db.AuditLog.Add(AuditEntry.Of<FundingResponse>(by.Id, nameof(ProjectFunding), funding.Id, AuditActions.Create, null, shown, time.UtcNow()));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await ReadAsync(dealId, deal.AgreedInvestmentYuan, ct);
    }

    /// <summary>Removes a recorded amount (a typing mistake): who may change the deal; audited with what it was.</summary>
    public async Task<ServiceResult<DealFunding>> DeleteAsync(CurrentUser by, int id, CancellationToken ct)
    {
        var funding = await db.ProjectFundings.SingleOrDefaultAsync(f => f.Id == id, ct);
        var deal = funding is null ? null : await db.Deals.AsNoTracking().VisibleTo(by).SingleOrDefaultAsync(d => d.Id == funding.DealId, ct);
        if (funding is null || deal is null)
        {
            return new ServiceResult<DealFunding>.NotFound();
        }
        if (!by.MayEdit(deal))
        {
            return new ServiceResult<DealFunding>.Forbidden();
        }
        var before = await Listed(db.ProjectFundings.AsNoTracking().Where(f => f.Id == id)).SingleAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ProjectFundings.Remove(funding);
            db.AuditLog.Add(AuditEntry.Of<FundingResponse>(by.Id, nameof(ProjectFunding), id, AuditActions.Delete, before, null, time.UtcNow()));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await ReadAsync(deal.Id, deal.AgreedInvestmentYuan, ct);
    }

    /// <summary>The quarter's money per desk, counted to its last day (or today in a running quarter), with the projects behind it.</summary>
    public async Task<ServiceResult<FundsReview>> QuarterAsync(CurrentUser user, int year, int quarter, string? desk, CancellationToken ct)
    {
        if (!QuarterPeriod.IsValid(year, quarter))
        {
            return new ServiceResult<FundsReview>.NotFound();
        }
        switch (await reviews.ScopeAsync(user, desk, ct))
        {
            case ServiceResult<string?>.Ok scope:
                desk = scope.Value;
                break;
            case ServiceResult<string?>.Forbidden:
                return new ServiceResult<FundsReview>.Forbidden();
            default:
                return new ServiceResult<FundsReview>.NotFound();
        }
        var period = new QuarterPeriod(year, quarter);
        var asOf = period.CountedTo(time.ZoneToday());
        var (start, end) = (period.Start, period.End);
        var deals = db.Deals.AsNoTracking().VisibleTo(user).Counted(asOf);
        if (desk is not null)
        {
            deals = deals.Where(d => d.DeskCode == desk);
        }
        var funds = db.ProjectFundings.AsNoTracking();
        var rows = await deals
            .OrderBy(d => d.DeskCode).ThenByDescending(d => d.AgreedInvestmentYuan).ThenBy(d => d.Id)
            .Select(d => new
            {
                d.Id,
                d.Title,
                Company = d.Company!.Name,
                d.DeskCode,
                Agreed = d.AgreedInvestmentYuan ?? 0,
                InPlace = funds.Where(f => f.DealId == d.Id && f.Kind == FundingKind.InPlace && f.On <= asOf).Sum(f => (long?)f.Yuan) ?? 0,
                Arrived = funds.Where(f => f.DealId == d.Id && f.Kind == FundingKind.InPlace && f.On >= start && f.On <= asOf).Sum(f => (long?)f.Yuan) ?? 0,
                FixedAsset = funds.Where(f => f.DealId == d.Id && f.Kind == FundingKind.FixedAssetInvestment && f.On >= start && f.On <= end)
                    .Sum(f => (long?)f.Yuan) ?? 0,
            })
            .ToListAsync(ct);
        var listed = rows.Select(r => new FundedDeal
        {
            Id = r.Id,
            Title = r.Title,
            Company = r.Company,
            Desk = r.DeskCode,
            AgreedYuan = r.Agreed,
            InPlaceYuan = r.InPlace,
            InPlacePercent = FundsInPlace.Rate(r.InPlace, r.Agreed),
            ArrivedInQuarterYuan = r.Arrived,
            FixedAssetInQuarterYuan = r.FixedAsset,
        }).ToList();
        var desks = await db.Desks.AsNoTracking().Where(d => desk == null || d.Code == desk).OrderBy(d => d.SortOrder).Select(d => d.Code).ToListAsync(ct);
        return new FundsReview
        {
            Year = year,
            Quarter = quarter,
            AsOf = asOf,
            Desk = desk,
            Total = FundsLine.Of(listed),
            Desks = desks.ToDictionary(code => code, code => FundsLine.Of(listed.Where(d => d.Desk == code).ToList())),
            Deals = listed,
        };
    }

    private async Task<DealFunding> ReadAsync(int dealId, long? agreed, CancellationToken ct)
    {
        var items = await Listed(db.ProjectFundings.AsNoTracking().Where(f => f.DealId == dealId)).ToListAsync(ct);
        var inPlace = items.Where(i => i.Kind == FundingKind.InPlace && i.On <= time.ZoneToday()).Sum(i => i.Yuan);
        return new DealFunding
        {
            DealId = dealId,
            AgreedYuan = agreed,
            InPlaceYuan = inPlace,
            FixedAssetYuan = items.Where(i => i.Kind == FundingKind.FixedAssetInvestment).Sum(i => i.Yuan),
            InPlacePercent = FundsInPlace.Rate(inPlace, agreed ?? 0),
            Items = items,
        };
    }

    private IQueryable<FundingResponse> Listed(IQueryable<ProjectFunding> fundings) =>
        from f in fundings
        join u in db.Users on f.RecordedById equals u.Id
        orderby f.On descending, f.Id descending
        select new FundingResponse
        {
            Id = f.Id,
            DealId = f.DealId,
            Kind = f.Kind,
            On = f.On,
            Yuan = f.Yuan,
            Note = f.Note,
            RecordedBy = u.DisplayName,
            RecordedAt = f.RecordedAt,
        };

}
