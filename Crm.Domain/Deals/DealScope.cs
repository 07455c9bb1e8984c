using Crm.Domain.Users;

namespace Crm.Domain.Deals;

/// <summary>
/// Which deals a user may see — the one place record scope is decided. It is a filter on the query,
/// so it runs in SQL for every list, search, lookup and export.
/// </summary>
public static class DealScope
{
    public static IQueryable<Deal> VisibleTo(this IQueryable<Deal> deals, CurrentUser user)
    {
        if (user.IsZoneWide)
        {
            return deals;
        }
        if (user.IsRecruiter)
        {
            var id = user.Id;
            var desk = user.DeskCode;
            // A project's 包保 leader and officer see it whatever its desk (docs/decisions/0024-project-care-and-scale.md).
            return desk is null
                ? deals.Where(d => d.OwnerId == id || (d.Care != null && (d.Care.LeaderId == id || d.Care.OfficerId == id)))
                : deals.Where(d => d.DeskCode == desk || d.OwnerId == id || (d.Care != null && (d.Care.LeaderId == id || d.Care.OfficerId == id)));
        }
        return deals.Where(_ => false);
    }

    /// <summary>
    /// A recruiter edits every deal they can see: their desk's and their own (docs/decisions/0002-record-scope.md); the
    /// project's 包保 leader and officer edit theirs, whatever its desk (0024): load the deal with its <see cref="Deal.Care"/>.
    /// </summary>
    public static bool MayEdit(this CurrentUser user, Deal deal) =>
        user.IsZoneWide
        || (user.IsRecruiter && (deal.OwnerId == user.Id || (user.DeskCode is not null && deal.DeskCode == user.DeskCode)))
        || IsCarer(user, deal.Care);

    private static bool IsCarer(CurrentUser user, Care.CareAssignment? care) =>
        care is not null && (care.LeaderId == user.Id || care.OfficerId == user.Id);
}
