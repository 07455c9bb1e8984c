using System.Globalization;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using MiniExcelLibs;

namespace Crm.Web.Components.Pages.Deals;

/// <summary>The deal list as a spreadsheet: the columns the list shows, headed and worded in the export's culture.</summary>
public static class DealExport
{
    /// <summary>
    /// Rows for MiniExcel: one ordered dictionary per deal; amounts as numbers in the culture's sum unit
    /// (亿元 / RMB M, <see cref="AmountFormat.SumUnit"/>) so the sheet can sum them.
    /// </summary>
    public static List<Dictionary<string, object?>> Rows(IEnumerable<DealResponse> deals, CultureInfo culture)
    {
        string T(string key) => Catalogue.Text(key, culture);
        var investment = Catalogue.Text("Export.Investment", culture, Catalogue.Text("Unit.SumHeader", culture));
        return deals.Select(d => new Dictionary<string, object?>
        {
            [T("Deal.Company")] = Cell(d.CompanyName),
            [T("Deal.Title")] = Cell(d.Title),
            [T("Deal.Stage")] = Catalogue.Of(d.Stage, culture),
            [T("Deal.Status")] = Catalogue.Of(d.Status, culture),
            [investment] = AmountFormat.SumNumber(d.InvestmentYuan, culture),
            [T("Deal.Source")] = Catalogue.Of(d.Source, culture),
            [T("Deal.Region")] = Catalogue.Of(d.Region, culture),
            [T("Deal.Tier")] = Catalogue.Of(d.Tier, culture),
            [T("Deal.Desk")] = d.Desk,
            [T("Deal.Owner")] = Cell(d.OwnerName),
            [T("Deal.NextFollowUpOn")] = ZoneDates.Show(d.NextFollowUpOn),
            [T("Deal.LeadOn")] = ZoneDates.Show(d.LeadOn),
        }).ToList();
    }

    public static async Task<MemoryStream> WriteAsync(List<Dictionary<string, object?>> rows, ExcelType type, CancellationToken ct)
    {
        var stream = new MemoryStream();
        await stream.SaveAsAsync(rows, excelType: type, cancellationToken: ct);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Text a spreadsheet would run as a formula (=, +, -, @) is kept as text.</summary>
    public static string? Cell(string? text) => SpreadsheetCell.Safe(text);
}
