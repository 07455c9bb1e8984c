using System.Globalization;
using Crm.Domain.Localization;
using Crm.Domain.Targets;

namespace Crm.Domain.Reviews;

/// <summary>The review's figures as the workbook and the quarter's notifications name them, from the catalogue ("Figure.*").</summary>
public static class FigureWords
{
    /// <summary>"签约投资额(万元)" / "Signed investment (RMB M)": a money figure's name carries the unit its values are in (<see cref="AmountFormat.TableUnit"/>).</summary>
    public static string Name(string figure, CultureInfo culture) => figure switch
    {
        nameof(FigureSet.SignedInvestmentYuan) => Catalogue.Text("Figure.SignedInvestmentYuan", culture, Catalogue.Text("Unit.TableHeader", culture)),
        nameof(FigureSet.MajorProjects) => Catalogue.Text("Figure.MajorProjects", culture, AmountFormat.Amount(TargetFigures.MajorProjectYuan, culture)),
        _ => Catalogue.Text($"Figure.{figure}", culture),
    };

    /// <summary>A figure's value: money in <see cref="AmountFormat.TableUnit"/>, counts as they are.</summary>
    public static string Value(string figure, long value, CultureInfo culture) => figure == nameof(FigureSet.SignedInvestmentYuan)
        ? AmountFormat.TableFigure(value, culture)
        : value.ToString("#,0", culture);

    /// <summary>The share attained, "—" without a target.</summary>
    public static string Percent(decimal? percent, CultureInfo culture) =>
        percent is { } p ? Catalogue.Text("Unit.Percent", culture, p) : AmountFormat.None;

    /// <summary>"2026年第4季度" / "Q4 2026".</summary>
    public static string Quarter(int year, int quarter, CultureInfo culture) => Catalogue.Text("Notice.Quarter", culture, year, quarter);
}
