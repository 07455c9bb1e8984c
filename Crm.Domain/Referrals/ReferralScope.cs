using Crm.Domain.Users;

namespace Crm.Domain.Referrals;

/// <summary>
/// Which referrals a user may see — the one place it is decided, as <see cref="Deals.DealScope"/> does for deals. It is
/// a filter on the query, so it runs in SQL for every list, lookup and count.
/// </summary>
public static class ReferralScope
{
    /// <summary>Which referrals a user may see: Managers and Admins all, an advisor their own, anyone else none.</summary>
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, CurrentUser user)
    {
        if (user.IsZoneWide)
        {
            return referrals;
        }
        return user.IsAdvisor ? referrals.SubmittedBy(user) : referrals.Where(_ => false);
    }

    /// <summary>The referrals <paramref name="user"/> submitted (an advisor's own; for anyone else, the ones they handed over).</summary>
    public static IQueryable<Referral> SubmittedBy(this IQueryable<Referral> referrals, CurrentUser user)
    {
        var id = user.Id;
        return referrals.Where(r => r.SubmittedById == id);
    }
}
