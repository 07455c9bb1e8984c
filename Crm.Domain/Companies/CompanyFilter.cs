using Crm.Domain.Deals;

namespace Crm.Domain.Companies;

/// <summary>
/// Filters and sort of the company register (query string of GET /api/v1/companies and the companies page).
/// Segment and region are the deals' (a company has none of its own) and match only the deals the user sees;
/// the desk following a company is the fact the duplicate check tells everyone (docs/decisions/0014-companies-views-calendar.md).
/// </summary>
public sealed record CompanyFilter
{
    public string? Q { get; init; }
    public CompanyTier[]? Tier { get; init; }
    public Segment[]? Segment { get; init; }
    public Region[]? Region { get; init; }
    public string[]? Desk { get; init; }
    /// <summary><c>name</c> (default), <c>tier</c>, <c>updated</c>, <c>created</c>; prefix <c>-</c> for descending.</summary>
    public string? Sort { get; init; }
    public int? Take { get; init; }
}

public static class CompanyQuery
{
    public static readonly IReadOnlyList<string> SortKeys = ["name", "tier", "updated", "created"];

    public static bool IsValidSort(string? sort) => sort is null || SortKeys.Contains(sort.TrimStart('-'));

    /// <summary>A deal that counts as its desk following the company: not given up, not left.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Deal, bool>> Following =
        d => d.Status == DealStatus.Active || d.Status == DealStatus.Dormant;

    public static IQueryable<Company> Filter(this IQueryable<Company> companies, IQueryable<Deal> visibleDeals, IQueryable<Deal> allDeals, CompanyFilter f)
    {
        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var term = f.Q.Trim();
            var code = term.ToUpperInvariant();
            companies = companies.Where(c => c.Name.Contains(term) || c.CreditCode == code);
        }
        if (f.Tier is { Length: > 0 } tiers)
        {
            companies = companies.Where(c => tiers.Contains(c.Tier));
        }
        if (f.Segment is { Length: > 0 } segments)
        {
            companies = companies.Where(c => visibleDeals.Any(d => d.CompanyId == c.Id && segments.Contains(d.Segment)));
        }
        if (f.Region is { Length: > 0 } regions)
        {
            companies = companies.Where(c => visibleDeals.Any(d => d.CompanyId == c.Id && regions.Contains(d.Region)));
        }
        if (f.Desk is { Length: > 0 } desks)
        {
            var following = allDeals.Where(Following);
            companies = companies.Where(c => following.Any(d => d.CompanyId == c.Id && desks.Contains(d.DeskCode)));
        }
        return companies;
    }

    public static IQueryable<Company> Sort(this IQueryable<Company> companies, string? sort)
    {
        var descending = sort?.StartsWith('-') ?? false;
        return (sort?.TrimStart('-') ?? "name") switch
        {
            "tier" => descending ? companies.OrderByDescending(c => c.Tier).ThenBy(c => c.Name) : companies.OrderBy(c => c.Tier).ThenBy(c => c.Name),
            "updated" => descending ? companies.OrderByDescending(c => c.UpdatedAt) : companies.OrderBy(c => c.UpdatedAt),
            "created" => descending ? companies.OrderByDescending(c => c.CreatedAt) : companies.OrderBy(c => c.CreatedAt),
            _ => descending ? companies.OrderByDescending(c => c.Name) : companies.OrderBy(c => c.Name),
        };
    }
}

/// <summary>
/// What a user may know and do about a company beyond the shared register: whether some of its deals are out of their
/// scope (said without details), and whether they may edit its contacts.
/// </summary>
public sealed record CompanyAccess(bool HasHiddenDeals, bool MayEditContacts);
