using System.Globalization;
using Crm.Domain.Companies;

namespace Crm.Domain.Deals;

/// <summary>
/// A <see cref="DealFilter"/> as a query string and back, in the names and values of GET /api/v1/deals, so a page's
/// address, a saved view and an API call say the same thing. What cannot be read (an unknown stage, a bad date) is
/// left out rather than refused: an old or hand-edited link still opens the list.
/// </summary>
public static class DealFilterQuery
{
    /// <summary>The filters and sort of <paramref name="f"/> (never its page size or cursor), without a leading '?'; empty when none.</summary>
    public static string ToQueryString(this DealFilter f)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }
        void AddAll<T>(string name, IEnumerable<T>? values)
        {
            foreach (var v in values ?? [])
            {
                Add(name, v?.ToString());
            }
        }
        Add("q", f.Q);
        AddAll("stage", f.Stage);
        AddAll("status", f.Status);
        AddAll("desk", f.Desk);
        AddAll("source", f.Source);
        AddAll("region", f.Region);
        AddAll("tier", f.Tier);
        Add("ownerId", f.OwnerId);
        Add("followUpBefore", f.FollowUpBefore?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("sort", f.Sort);
        return string.Join('&', parts);
    }

    /// <summary>Reads a query string (with or without '?'); names are matched ignoring case, as the API binds them.</summary>
    public static DealFilter Parse(string? query)
    {
        var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (query ?? "").TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            var name = Unescape(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Unescape(pair[(eq + 1)..]);
            if (value.Length > 0)
            {
                (values.TryGetValue(name, out var list) ? list : values[name] = []).Add(value);
            }
        }
        string? One(string name) => values.TryGetValue(name, out var list) ? list[0] : null;
        T[]? Enums<T>(string name) where T : struct, Enum
        {
            var parsed = (values.GetValueOrDefault(name) ?? [])
                .Select(v => Enum.TryParse<T>(v, ignoreCase: true, out var e) && Enum.IsDefined(e) && !int.TryParse(v, out _) ? (T?)e : null)
                .OfType<T>().Distinct().ToArray();
            return parsed.Length == 0 ? null : parsed;
        }
        var desks = (values.GetValueOrDefault("desk") ?? []).Where(d => d.Length <= Common.FieldLengths.Code).Distinct().ToArray();
        var sort = One("sort");
        return new DealFilter
        {
            Q = One("q")?.Trim() is { Length: > 0 and <= Common.FieldLengths.Name } q ? q : null,
            Stage = Enums<DealStage>("stage"),
            Status = Enums<DealStatus>("status"),
            Desk = desks.Length == 0 ? null : desks,
            Source = Enums<DealSource>("source"),
            Region = Enums<Region>("region"),
            Tier = Enums<CompanyTier>("tier"),
            OwnerId = One("ownerId") is { Length: <= Common.FieldLengths.UserId } owner ? owner : null,
            FollowUpBefore = DateOnly.TryParseExact(One("followUpBefore"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null,
            Sort = DealQuery.IsValidSort(sort) ? sort : null,
        };
    }

    private static string Unescape(string s)
    {
        try
        {
            return Uri.UnescapeDataString(s.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return "";
        }
    }

    /// <summary>True when two filters say the same (their query strings are equal).</summary>
    public static bool SameAs(this DealFilter a, DealFilter b) => a.ToQueryString() == b.ToQueryString();
}
