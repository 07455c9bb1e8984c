using Crm.Domain.Deals;
using Crm.Domain.Reviews;

namespace Crm.Domain.Funds;

/// <summary>
/// 资金到位率, the one rule (docs/review-counting-rules.md, "Money in place"): the projects counted on a day are those signed
/// on or before it that have not withdrawn; their funds in place are the tranches that arrived by that day; the rate divides
/// those funds by the projects' agreed investment (协议投资额), "—" when nothing was agreed.
/// </summary>
public static class FundsInPlace
{
    /// <summary>The signed projects whose agreed investment the rate divides by, as of <paramref name="asOf"/>.</summary>
    public static IQueryable<Deal> Counted(this IQueryable<Deal> deals, DateOnly asOf) =>
        deals.Where(d => d.SignedOn != null && d.SignedOn <= asOf && d.Status != DealStatus.Withdrawn);

    /// <summary>Funds in place ÷ agreed investment, in percent with one decimal; null without an agreed amount.</summary>
    public static decimal? Rate(long inPlaceYuan, long agreedYuan) => ReviewRates.Percent(inPlaceYuan, agreedYuan);

    /// <summary>The day a fixed-asset investment of the month of <paramref name="day"/> is dated: the month's last day.</summary>
    public static DateOnly MonthOf(DateOnly day) => new DateOnly(day.Year, day.Month, 1).AddMonths(1).AddDays(-1);
}
