using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Crm.Domain.Localization;

namespace Crm.Domain.Auditing;

/// <summary>One field of an audit row, before and after, in words.</summary>
public sealed record AuditChange(string Field, string Label, string? Before, string? After);

/// <summary>
/// An audit row in readable terms, for the Admin audit log and a record's history alike: the kind of record and of
/// change by their catalogue labels ("AuditEntity.Deal", "AuditAction.MoveStage"), each changed field by the label the
/// forms use ("Deal.Stage"), an enum value by its label, an amount in 万元, a date as yyyy-MM-dd. The field types are
/// read from the domain's response records (the shapes the services audit), so nothing is listed twice here.
/// </summary>
public static class AuditDescriptions
{
    private static readonly Dictionary<string, Type> EnumFields = FindEnumFields();

    public static string Entity(string entityType, CultureInfo? culture = null) =>
        Catalogue.Find($"AuditEntity.{entityType}", culture) ?? entityType;

    public static string Action(string action, CultureInfo? culture = null) =>
        Catalogue.Find($"AuditAction.{action}", culture) ?? action;

    /// <summary>The fields that differ between before and after (every field, on a creation), in the order they were written.</summary>
    public static IReadOnlyList<AuditChange> Changes(AuditEntry entry, CultureInfo? culture = null) =>
        Changes(entry.EntityType, entry.Before, entry.After, culture);

    public static IReadOnlyList<AuditChange> Changes(string entityType, string? before, string? after, CultureInfo? culture = null)
    {
        var b = Parse(before);
        var a = Parse(after);
        if (b is { ValueKind: not JsonValueKind.Object } || a is { ValueKind: not JsonValueKind.Object })
        {
            // A value that is not a record (a list of kinds, a piece of text): one line.
            var same = b?.GetRawText() == a?.GetRawText();
            return same ? [] : [new AuditChange("value", Catalogue.Text("AuditLog.Value", culture), Show(entityType, "", b, culture), Show(entityType, "", a, culture))];
        }
        var names = new List<string>();
        foreach (var p in (b?.EnumerateObject() ?? default).Concat(a?.EnumerateObject() ?? default))
        {
            if (!names.Contains(p.Name))
            {
                names.Add(p.Name);
            }
        }
        var changes = new List<AuditChange>();
        foreach (var name in names)
        {
            JsonElement? was = b is { } bo && bo.TryGetProperty(name, out var x) && x.ValueKind != JsonValueKind.Null ? x : null;
            JsonElement? now = a is { } ao && ao.TryGetProperty(name, out var y) && y.ValueKind != JsonValueKind.Null ? y : null;
            if (was?.GetRawText() == now?.GetRawText() || Ignored(name))
            {
                continue;
            }
            changes.Add(new AuditChange(name, Label(entityType, name, culture), Show(entityType, name, was, culture), Show(entityType, name, now, culture)));
        }
        return changes;
    }

    /// <summary>"Stage: Negotiation → Signed; Owner: …" in one line (exports, a compact history).</summary>
    public static string Summary(AuditEntry entry, CultureInfo? culture = null) =>
        string.Join("; ", Changes(entry, culture).Select(c => Catalogue.Text("AuditLog.ChangeLine", culture, c.Label, c.Before ?? AmountFormat.None, c.After ?? AmountFormat.None)));

    /// <summary>The label a form gives the field, else a shared one, else its name.</summary>
    public static string Label(string entityType, string field, CultureInfo? culture = null)
    {
        var member = field.Length == 0 ? field : char.ToUpperInvariant(field[0]) + field[1..];
        return Catalogue.Find($"{entityType}.{member}", culture) ?? Catalogue.Find($"AuditField.{member}", culture) ?? field;
    }

    // The version and the write instant change on every edit and say nothing a reader needs.
    private static bool Ignored(string field) => field is "version" or "updatedAt";

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Rows written as plain text read as that text.
            using var doc = JsonDocument.Parse(JsonSerializer.Serialize(json));
            return doc.RootElement.Clone();
        }
    }

    private static string? Show(string entityType, string field, JsonElement? value, CultureInfo? culture)
    {
        if (value is not { } v)
        {
            return null;
        }
        switch (v.ValueKind)
        {
            case JsonValueKind.String:
                var text = v.GetString()!;
                if (EnumType(entityType, field) is { } type && Enum.TryParse(type, text, out var member))
                {
                    return Catalogue.Of((Enum)member!, culture);
                }
                if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    return ZoneDates.Show(day);
                }
                if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var instant) && text.Contains('T'))
                {
                    return ZoneDates.Show(DateTime.SpecifyKind(instant, DateTimeKind.Utc));
                }
                return text;
            case JsonValueKind.Number when field.EndsWith("Yuan", StringComparison.Ordinal) && v.TryGetInt64(out var yuan):
                return AmountFormat.Amount(yuan, culture);
            case JsonValueKind.True:
                return Catalogue.Text("Common.Yes", culture);
            case JsonValueKind.False:
                return Catalogue.Text("Common.No", culture);
            case JsonValueKind.Array:
                return string.Join(", ", v.EnumerateArray().Select(e => Show(entityType, field, e, culture)));
            default:
                return v.GetRawText();
        }
    }

    private static Type? EnumType(string entityType, string field) =>
        EnumFields.GetValueOrDefault($"{entityType}.{field}") ?? EnumFields.GetValueOrDefault(field);

    /// <summary>Every enum-typed member of the domain's response records: "Deal.stage" and, where unambiguous, "stage".</summary>
    private static Dictionary<string, Type> FindEnumFields()
    {
        var found = new Dictionary<string, Type>(StringComparer.Ordinal);
        var ambiguous = new HashSet<string>();
        var records = typeof(AuditDescriptions).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Name.EndsWith("Response", StringComparison.Ordinal));
        foreach (var record in records)
        {
            var entity = record.Name[..^"Response".Length];
            foreach (var p in record.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var type = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
                type = type.IsGenericType && type.GetGenericArguments() is [var item] && typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? item : type;
                if (!type.IsEnum)
                {
                    continue;
                }
                var name = JsonNamingPolicy.CamelCase.ConvertName(p.Name);
                found[$"{entity}.{name}"] = type;
                if (found.TryGetValue(name, out var other) && other != type)
                {
                    ambiguous.Add(name);
                }
                found.TryAdd(name, type);
            }
        }
        foreach (var name in ambiguous)
        {
            found.Remove(name);
        }
        return found;
    }
}
