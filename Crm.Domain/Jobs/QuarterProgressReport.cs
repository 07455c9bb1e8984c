using System.Globalization;
using System.Text;
using Crm.Domain.Data;
using Crm.Domain.Localization;
using Crm.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

/// <summary>A desk's place in the ranking of the ten-day assessment and the quarter's closing figures.</summary>
public sealed record DeskRank(int Rank, string DeskCode, FigureSet Figures);

/// <summary>
/// Turns <see cref="QuarterFigures"/> into the text of the ten-day assessment and the quarterly closing figures.
/// The numbers are the review's own (one query service); only the layout lives here, the words are the catalogue's ("Notice.*", "Figure.*").
/// </summary>
public sealed class QuarterProgressReport(CrmDbContext db)
{
    /// <summary>
    /// Desks ranked by deals signed, then signed investment (both actuals, so a desk with modest targets cannot top
    /// the list by percentage alone), then the desks' own order. Equal signed count and investment share a rank.
    /// </summary>
    public static List<DeskRank> Rank(QuarterFiguresResult figures)
    {
        var ordered = figures.Desks.Select((d, order) => (d.Key, d.Value, order))
            .OrderByDescending(d => d.Value.Signed.Actual)
            .ThenByDescending(d => d.Value.SignedInvestmentYuan.Actual)
            .ThenBy(d => d.order)
            .ToList();
        var ranked = new List<DeskRank>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var (code, set, _) = ordered[i];
            var tied = i > 0 && set.Signed.Actual == ordered[i - 1].Value.Signed.Actual
                && set.SignedInvestmentYuan.Actual == ordered[i - 1].Value.SignedInvestmentYuan.Actual;
            ranked.Add(new DeskRank(tied ? ranked[i - 1].Rank : i + 1, code, set));
        }
        return ranked;
    }

    /// <summary>Desk names in the recipient's language.</summary>
    public async Task<Func<string, CultureInfo, string>> DeskNamesAsync(CancellationToken ct)
    {
        var desks = await db.Desks.AsNoTracking().Select(d => new { d.Code, d.Name, d.NameEn }).ToDictionaryAsync(d => d.Code, ct);
        return (code, culture) => desks.TryGetValue(code, out var d) ? Catalogue.NameIn(culture, d.Name, d.NameEn) : code;
    }

    public static void AppendFigures(StringBuilder body, CultureInfo culture, FigureSet set)
    {
        foreach (var (name, f) in set.All())
        {
            body.AppendLine(Catalogue.Text("Notice.Figure.Line", culture, FigureWords.Name(name, culture),
                FigureWords.Value(name, f.Target, culture), FigureWords.Value(name, f.Actual, culture), FigureWords.Percent(f.PercentAttained, culture)));
        }
    }

    /// <summary>What a manager reads: the zone's figures, the ranking, then every desk's figures.</summary>
    public static string ZoneWide(CultureInfo culture, string intro, QuarterFiguresResult figures, List<DeskRank> ranked, Func<string, CultureInfo, string> deskName)
    {
        var body = new StringBuilder().AppendLine(intro);
        if (figures.Zone is { } zone)
        {
            body.AppendLine(Catalogue.Text("Notice.ZoneHeading", culture));
            AppendFigures(body, culture, zone);
        }
        body.AppendLine(Catalogue.Text("Notice.RankingHeading", culture));
        foreach (var r in ranked)
        {
            body.AppendLine(Catalogue.Text("Notice.RankingLine", culture, r.Rank, deskName(r.DeskCode, culture), r.Figures.Signed.Actual,
                AmountFormat.Amount(r.Figures.SignedInvestmentYuan.Actual, culture)));
        }
        foreach (var r in ranked)
        {
            body.AppendLine(Catalogue.Text("Notice.DeskHeading", culture, deskName(r.DeskCode, culture)));
            AppendFigures(body, culture, r.Figures);
        }
        return body.ToString().TrimEnd();
    }
}
