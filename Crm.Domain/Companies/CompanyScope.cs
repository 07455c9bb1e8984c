using Crm.Domain.Users;

namespace Crm.Domain.Companies;

/// <summary>
/// Which companies a user may see — the one place it is decided, as <see cref="Deals.DealScope"/> does for deals.
/// The register is shared: every deal worker sees every company (the deals carry the desk scope); anyone else, none.
/// The duplicate check alone looks past it, on purpose, and tells only desk and date (<see cref="Duplicates.PossibleDuplicates"/>).
/// </summary>
public static class CompanyScope
{
    public static IQueryable<Company> VisibleTo(this IQueryable<Company> companies, CurrentUser user) =>
        user.WorksOnDeals ? companies : companies.Where(_ => false);
}
