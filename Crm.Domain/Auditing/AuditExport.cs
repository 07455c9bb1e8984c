using System.Globalization;
using Crm.Domain.Localization;
using MiniExcelLibs;

namespace Crm.Domain.Auditing;

/// <summary>An audit search as a spreadsheet: the page's columns, headed and worded in the export's culture.</summary>
public static class AuditExport
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string CsvType = "text/csv";

    public static List<Dictionary<string, object?>> Rows(IEnumerable<AuditLine> lines, CultureInfo culture)
    {
        string T(string key) => Catalogue.Text(key, culture);
        return lines.Select(l => new Dictionary<string, object?>
        {
            [T("AuditLog.At")] = ZoneDates.Show(l.At),
            [T("AuditLog.User")] = SpreadsheetCell.Safe(l.User),
            [T("AuditLog.Entity")] = l.Entity,
            [T("AuditLog.EntityId")] = SpreadsheetCell.Safe(l.EntityId),
            [T("AuditLog.Action")] = l.Action,
            [T("AuditLog.Changes")] = SpreadsheetCell.Safe(l.Changes),
        }).ToList();
    }

    public static async Task<MemoryStream> WriteAsync(IEnumerable<AuditLine> lines, CultureInfo culture, bool csv, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(Rows(lines, culture), excelType: csv ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }
}
