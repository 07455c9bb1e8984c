using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Domain.Localization;
using MiniExcelLibs;

namespace Crm.Domain.Imports;

/// <summary>One cell of a ledger: its reference ("C7") and the value as the file holds it (text, number or date).</summary>
public sealed record LedgerCell(string Ref, object? Value)
{
    public string? Text => Value switch
    {
        null => null,
        string s => string.IsNullOrWhiteSpace(s) ? null : s.Trim(),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };
}

public sealed record LedgerHeader(string Column, string Text);

public sealed record LedgerRow(int Number, IReadOnlyDictionary<string, object?> Cells)
{
    public LedgerCell Cell(string column) => new($"{column}{Number}", Cells.GetValueOrDefault(column));
    public bool IsEmpty => Cells.Values.All(v => v is null || (v is string s && string.IsNullOrWhiteSpace(s)));
}

/// <summary>A ledger as read: the header row (found below any merged title rows) and the rows under it.</summary>
public sealed record LedgerSheet(int HeaderRow, IReadOnlyList<LedgerHeader> Headers, IReadOnlyList<LedgerRow> Rows)
{
    /// <summary>The layout's key: its set of headers, normalised and sorted.</summary>
    public string LayoutKey => string.Join("|", Headers.Select(h => LedgerReader.NormalizeHeader(h.Text)).Order(StringComparer.Ordinal));
}

/// <summary>Reads .xlsx and .csv ledgers, and the values Chinese spreadsheets hold: dates in many forms, amounts in 万元 or 亿元.</summary>
public static partial class LedgerReader
{
    public static bool IsCsv(string fileName) => fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    public static bool IsSupported(string fileName) => IsCsv(fileName) || fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <summary>The sheet, or null when the bytes are not a readable workbook of that type.</summary>
    public static LedgerSheet? Read(byte[] content, string fileName)
    {
        List<LedgerRow> rows;
        try
        {
            using var stream = new MemoryStream(content);
            rows = MiniExcel.Query(stream, useHeaderRow: false, excelType: IsCsv(fileName) ? ExcelType.CSV : ExcelType.XLSX)
                .Cast<IDictionary<string, object?>>()
                .Select((r, i) => new LedgerRow(i + 1, new Dictionary<string, object?>(r)))
                .ToList();
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException or IOException
            or System.Xml.XmlException or NotSupportedException or ArgumentException)
        {
            return null;
        }
        // The header is the first row naming at least two known fields; a merged title row above it holds one cell.
        var header = rows.FirstOrDefault(r => r.Cells.Values.Count(v => v is string s && ImportFields.Suggest(s) is not null) >= 2)
            ?? rows.FirstOrDefault(r => r.Cells.Values.Count(v => v is string s && !string.IsNullOrWhiteSpace(s)) >= 2);
        if (header is null)
        {
            return new LedgerSheet(0, [], []);
        }
        var headers = header.Cells
            .Where(c => c.Value is not null && !string.IsNullOrWhiteSpace(Convert.ToString(c.Value, CultureInfo.InvariantCulture)))
            .Select(c => new LedgerHeader(c.Key, Convert.ToString(c.Value, CultureInfo.InvariantCulture)!.Trim()))
            .ToList();
        return new LedgerSheet(header.Number, headers, rows.Where(r => r.Number > header.Number && !r.IsEmpty).ToList());
    }

    /// <summary>A header as compared: no spaces, half-width brackets, lower case.</summary>
    public static string NormalizeHeader(string text) =>
        new string(text.Normalize(System.Text.NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)).ToArray()).ToLowerInvariant();

    /// <summary>2014-3-5, 2014/03/05, 2014.3.5, 2014年3月5日, an Excel date or its serial number; null when empty; false when unreadable.</summary>
    public static (bool Ok, DateOnly? Date) ReadDate(LedgerCell cell)
    {
        switch (cell.Value)
        {
            case null:
                return (true, null);
            case DateTime d:
                return (true, DateOnly.FromDateTime(d));
            case double or float or decimal or int or long:
                return Serial(Convert.ToDouble(cell.Value, CultureInfo.InvariantCulture));
        }
        var text = cell.Text;
        if (text is null)
        {
            return (true, null);
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial))
        {
            return Serial(serial);
        }
        var m = DatePattern().Match(text);
        if (m.Success && DateOnly.TryParseExact(
                $"{m.Groups["y"].Value}-{int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture):00}-{int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture):00}",
                "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (true, date);
        }
        return (false, null);
    }

    private static (bool, DateOnly?) Serial(double serial) =>
        serial is >= 1 and < 2958466 && serial == Math.Floor(serial)
            ? (true, DateOnly.FromDateTime(DateTime.FromOADate(serial)))
            : (false, null);

    /// <summary>An amount in the column's unit as yuan; null when empty; false when unreadable.</summary>
    public static (bool Ok, decimal? Yuan) ReadAmount(LedgerCell cell, long yuanPerUnit)
    {
        decimal value;
        switch (cell.Value)
        {
            case null:
                return (true, null);
            case double or float or decimal or int or long:
                value = Convert.ToDecimal(cell.Value, CultureInfo.InvariantCulture);
                break;
            default:
                var text = cell.Text?.Replace(",", "", StringComparison.Ordinal).Replace("，", "", StringComparison.Ordinal);
                if (text is null)
                {
                    return (true, null);
                }
                if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    return (false, null);
                }
                break;
        }
        return (true, Math.Round(value * yuanPerUnit, MidpointRounding.AwayFromZero));
    }

    [GeneratedRegex(@"^(?<y>\d{4})\s*[-/.年]\s*(?<m>\d{1,2})\s*[-/.月]\s*(?<d>\d{1,2})\s*日?$")]
    private static partial Regex DatePattern();
}

/// <summary>
/// The fields a column can fill and the headers that suggest them: the field's label and its "ImportField.{Field}.Headers"
/// entry (| separated), in both languages of the catalogue, so a Chinese and an English ledger are both recognised.
/// </summary>
public static class ImportFields
{
    public const long YuanPerWan = 10_000;
    public const long YuanPerYi = 100_000_000;

    private static readonly Lazy<IReadOnlyDictionary<string, ImportField>> Known = new(() =>
    {
        var known = new Dictionary<string, ImportField>(StringComparer.Ordinal);
        foreach (var field in Enum.GetValues<ImportField>())
        {
            foreach (var culture in new[] { Catalogue.ChineseCulture, Catalogue.EnglishCulture })
            {
                var words = (Catalogue.Find($"ImportField.{field}", culture) ?? "") + "|" + (Catalogue.Find($"ImportField.{field}.Headers", culture) ?? "");
                foreach (var word in words.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    known.TryAdd(LedgerReader.NormalizeHeader(word), field);
                }
            }
        }
        return known;
    });

    public static ImportField? Suggest(string header) =>
        Known.Value.TryGetValue(LedgerReader.NormalizeHeader(header), out var field) ? field : null;
}
