using Crm.Domain.Localization;
using Crm.Domain.Deals;
using Crm.Web.Components.Shared;
using Crm.Web.Localization;
using Microsoft.Extensions.Localization;
using MiniExcelLibs;

namespace Crm.Web.Components.Pages.Deals;

/// <summary>The deal list as a spreadsheet: the columns the list shows, headed in the reader's language.</summary>
public static class DealExport
{
    /// <summary>Rows for MiniExcel: one ordered dictionary per deal; amounts as numbers in 亿元 so the sheet can sum them.</summary>
    public static List<Dictionary<string, object?>> Rows(IEnumerable<DealResponse> deals, IStringLocalizer l) =>
        deals.Select(d => new Dictionary<string, object?>
        {
            [l["Deal.Company"]] = Cell(d.CompanyName),
            [l["Deal.Title"]] = Cell(d.Title),
            [l["Deal.Stage"]] = l.Of(d.Stage),
            [l["Deal.Status"]] = l.Of(d.Status),
            [l["Export.InvestmentYi"]] = Math.Round(d.InvestmentYuan / (decimal)AmountFormat.Yi, 4),
            [l["Deal.Source"]] = l.Of(d.Source),
            [l["Deal.Region"]] = l.Of(d.Region),
            [l["Deal.Tier"]] = l.Of(d.Tier),
            [l["Deal.Desk"]] = d.Desk,
            [l["Deal.Owner"]] = Cell(d.OwnerName),
            [l["Deal.NextFollowUpOn"]] = ZoneDates.Show(d.NextFollowUpOn),
            [l["Deal.LeadOn"]] = ZoneDates.Show(d.LeadOn),
        }).ToList();

    public static async Task<MemoryStream> WriteAsync(List<Dictionary<string, object?>> rows, ExcelType type, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, excelType: type, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Text a spreadsheet would run as a formula (=, +, -, @) is kept as text.</summary>
    public static string? Cell(string? text) =>
        text is { Length: > 0 } && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;
}
