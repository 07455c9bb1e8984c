using System.Linq.Expressions;
using System.Text;
using Crm.Domain.Companies;

namespace Crm.Domain.Deals;

/// <summary>Filters, sort and keyset position of a deal list (query string of GET /api/v1/deals, the board, exports).</summary>
public sealed record DealFilter
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public DealStage[]? Stage { get; init; }
    public DealStatus[]? Status { get; init; }
    public string[]? Desk { get; init; }
    public DealSource[]? Source { get; init; }
    public Region[]? Region { get; init; }
    public CompanyTier[]? Tier { get; init; }
    public string? OwnerId { get; init; }
    /// <summary>Company name or deal title contains.</summary>
    public string? Q { get; init; }
    /// <summary>Next follow-up strictly before this date.</summary>
    public DateOnly? FollowUpBefore { get; init; }
    /// <summary><c>updated</c> (default), <c>followUp</c>, <c>investment</c>, <c>company</c>, <c>leadOn</c>; prefix <c>-</c> for descending.</summary>
    public string? Sort { get; init; }
    public int? PageSize { get; init; }
    public string? Cursor { get; init; }
}

public static class DealQuery
{
    public static readonly IReadOnlyList<string> SortKeys = ["updated", "followUp", "investment", "company", "leadOn"];

    public static bool IsValidSort(string? sort) => sort is null || SortKeys.Contains(sort.TrimStart('-'));

    public static IQueryable<Deal> Filter(this IQueryable<Deal> deals, DealFilter f)
    {
        if (f.Stage is { Length: > 0 } stages)
        {
            deals = deals.Where(d => stages.Contains(d.Stage));
        }

        if (f.Status is { Length: > 0 } statuses)
        {
            deals = deals.Where(d => statuses.Contains(d.Status));
        }

        if (f.Desk is { Length: > 0 } desks)
        {
            deals = deals.Where(d => desks.Contains(d.DeskCode));
        }

        if (f.Source is { Length: > 0 } sources)
        {
            deals = deals.Where(d => sources.Contains(d.Source));
        }

        if (f.Region is { Length: > 0 } regions)
        {
            deals = deals.Where(d => regions.Contains(d.Region));
        }

        if (f.Tier is { Length: > 0 } tiers)
        {
            deals = deals.Where(d => tiers.Contains(d.Company!.Tier));
        }

        if (!string.IsNullOrEmpty(f.OwnerId))
        {
            deals = deals.Where(d => d.OwnerId == f.OwnerId);
        }

        if (f.FollowUpBefore is { } before)
        {
            deals = deals.FollowUpBefore(before);
        }

        if (!string.IsNullOrWhiteSpace(f.Q))
        {
            var q = f.Q.Trim();
            deals = deals.Where(d => d.Title.Contains(q) || d.Company!.Name.Contains(q));
        }
        return deals;
    }

    /// <summary>
    /// Deals whose next follow-up is before <paramref name="day"/> (a deal without one never is): on the indexed
    /// <see cref="Deal.FollowUpOrder"/>, which holds the same date, so the lists and the reminder jobs read an index.
    /// </summary>
    public static IQueryable<Deal> FollowUpBefore(this IQueryable<Deal> deals, DateOnly day) =>
        deals.Where(d => d.FollowUpOrder < day);

    /// <summary>Orders by the sort key and the id, and starts after the cursor's position.</summary>
    public static IQueryable<Deal> SortAndSeek(this IQueryable<Deal> deals, string? sort, DealCursor? after)
    {
        var descending = sort?.StartsWith('-') ?? true;
        return (sort?.TrimStart('-') ?? "updated") switch
        {
            "followUp" => after is not null && DateOnly.Parse(after.Value, System.Globalization.CultureInfo.InvariantCulture) == FollowUpOrderColumn.None
                ? AfterNoFollowUp(deals, descending, after.Id)
                : Seek(deals, d => d.FollowUpOrder, descending, after, DateOnly.Parse),
            "investment" => Seek(deals, d => d.InvestmentYuan, descending, after, long.Parse),
            "company" => Seek(deals, d => d.Company!.Name, descending, after, s => s),
            "leadOn" => Seek(deals, d => d.LeadOn, descending, after, DateOnly.Parse),
            _ => Seek(deals, d => d.UpdatedAt, descending, after,
                // Round-trip the "O" text as UTC: a plain Parse would shift it to the server's local time.
                s => DateTime.Parse(s, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal)),
        };
    }

    public static DealCursor CursorOf(DealResponse last, string? sort) => new(
        (sort?.TrimStart('-') ?? "updated") switch
        {
            "followUp" => FollowUpCursorOf(last.NextFollowUpOn, last.Id).Value,
            "investment" => last.InvestmentYuan.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "company" => last.CompanyName,
            "leadOn" => last.LeadOn.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            _ => last.UpdatedAt.ToString("O"),
        },
        last.Id);

    /// <summary>The position after a row in the follow-up order (a list row, a board card).</summary>
    public static DealCursor FollowUpCursorOf(DateOnly? nextFollowUpOn, int id) =>
        new(FollowUpOrderColumn.Of(nextFollowUpOn).ToString("O", System.Globalization.CultureInfo.InvariantCulture), id);

    /// <summary>
    /// After a deal without a follow-up, "no date" is asked as such, never as the sentinel in a parameter: Npgsql sends
    /// <see cref="DateOnly.MaxValue"/> as <c>'infinity'</c>, which equals no stored 9999-12-31, so on PostgreSQL the
    /// rest of the undated deals were lost (ascending) or the pages came round again without end (descending).
    /// </summary>
    private static IQueryable<Deal> AfterNoFollowUp(IQueryable<Deal> deals, bool descending, int id)
    {
        var ordered = Seek(deals, d => d.FollowUpOrder, descending, null, DateOnly.Parse);
        return descending
            ? ordered.Where(d => d.NextFollowUpOn != null || d.Id < id)
            : ordered.Where(d => d.NextFollowUpOn == null && d.Id > id);
    }

    private static IQueryable<Deal> Seek<TKey>(
        IQueryable<Deal> deals, Expression<Func<Deal, TKey>> key, bool descending, DealCursor? after, Func<string, TKey> parse)
    {
        var ordered = descending
            ? deals.OrderByDescending(key).ThenByDescending(d => d.Id)
            : deals.OrderBy(key).ThenBy(d => d.Id);
        if (after is null)
        {
            return ordered;
        }

        // (key, id) > (value, id0) in the direction of the sort, with the values as query parameters.
        var position = new Position<TKey>(parse(after.Value), after.Id);
        var p = key.Parameters[0];
        var value = Expression.Property(Expression.Constant(position), nameof(Position<TKey>.Value));
        var id = Expression.Property(Expression.Constant(position), nameof(Position<TKey>.Id));
        var dealId = Expression.Property(p, nameof(Deal.Id));
        Expression beyond, equal;
        if (typeof(TKey) == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, key.Body, value);
            beyond = descending ? Expression.LessThan(compare, Expression.Constant(0)) : Expression.GreaterThan(compare, Expression.Constant(0));
            equal = Expression.Equal(key.Body, value);
        }
        else
        {
            beyond = descending ? Expression.LessThan(key.Body, value) : Expression.GreaterThan(key.Body, value);
            equal = Expression.Equal(key.Body, value);
        }
        var idBeyond = descending ? Expression.LessThan(dealId, id) : Expression.GreaterThan(dealId, id);
        var predicate = Expression.Lambda<Func<Deal, bool>>(Expression.OrElse(beyond, Expression.AndAlso(equal, idBeyond)), p);
        return ordered.Where(predicate);
    }

    private sealed record Position<TKey>(TKey Value, int Id);
}

/// <summary>The position after which the next page starts: the last row's sort value and id, opaque to clients.</summary>
public sealed record DealCursor(string Value, int Id)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Id}|{Value}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static DealCursor? TryDecode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=');
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
            var bar = text.IndexOf('|');
            return bar > 0 && int.TryParse(text[..bar], out var id) ? new DealCursor(text[(bar + 1)..], id) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
