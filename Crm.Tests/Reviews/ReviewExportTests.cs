using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

using Crm.Domain.Deals;
using Crm.Domain.Reviews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

using Microsoft.Extensions.Time.Testing;

using MiniExcelLibs;

namespace Crm.Tests.Reviews;

public sealed partial class ReviewExportTests
{
    private static async Task<(CrmApp App, HttpClient Manager)> ZoneWithASignedQuarterAsync()
    {
        var app = new CrmApp(new FakeTimeProvider(ReviewDataset.Today));
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var targets = await manager.PutAsJsonAsync("/api/v1/targets/2026/Q1", new Domain.Targets.TargetsInput
        {
            Zone = new() { Signed = 3, Started = 1, SignedInvestmentYuan = 1_000_000_000, MajorProjects = 1 },
            Desks = new() { ["GD"] = new() { Signed = 2 } },
        }, CrmApp.Json);
        await targets.EnsureSuccessAsync();
        foreach (var (desk, yuan, on) in new[] { ("GD", 550_000_000L, new DateOnly(2026, 1, 15)), ("GD", 123_456_789L, new DateOnly(2026, 3, 31)), ("FJ", 80_000_000L, new DateOnly(2026, 2, 2)) })
        {
            var deal = await manager.CreateDealAsync(TestData.NewDeal((await manager.CreateCompanyAsync()).Id, b =>
            {
                b.Desk = desk;
                b.LeadOn = new DateOnly(2026, 1, 5);
            }));
            await manager.MoveAsync(deal, DealStage.Signed, on, yuan, on.AddMonths(1), on.AddMonths(6));
        }
        return (app, manager);
    }

    private static List<IDictionary<string, object>> Sheet(byte[] workbook, string name)
    {
        using var stream = new MemoryStream(workbook);
        return [.. MiniExcel.Query(stream, useHeaderRow: true, sheetName: name).Cast<IDictionary<string, object>>()];
    }

    private static decimal? Number(object? value) => value is null ? null : Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task Export_opens_with_MiniExcel_and_holds_the_numbers_of_the_API_in_Chinese()
    {
        var (app, manager) = await ZoneWithASignedQuarterAsync();
        using var _ = app;
        var review = (await manager.GetFromJsonAsync<QuarterReview>("/api/v1/reviews/2026/Q1?expand=deals", CrmApp.Json))!;
        var response = await manager.GetAsync("/api/v1/reviews/2026/Q1.xlsx");
        await response.EnsureSuccessAsync();
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo(ReviewWorkbook.ContentType));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        using var stream = new MemoryStream(bytes);
        var sheets = MiniExcel.GetSheetNames(stream);
        var summary = Sheet(bytes, "汇总");
        var gd = Sheet(bytes, "驻点-GD");
        var signedDeals = Sheet(bytes, "签约项目");
        Assert.Multiple(() =>
        {
            Assert.That(sheets, Does.Contain("汇总").And.Contain("驻点-GD").And.Contain("驻点-FJ").And.Contain("签约项目").And.Contain("季末存量"));
            Assert.That(summary[0].Keys, Is.EqualTo(new[] { "指标", "目标", "完成", "完成率(%)", "预计完成" }));
            Assert.That(summary.Select(r => r["指标"]), Is.EqualTo(new[]
                { "签约项目(个)", "开工项目(个)", "投产项目(个)", "签约投资额(万元)", "5亿元以上项目(个)", "500强及上市公司(个)" }));
            var zone = review.Zone!.All().ToList();
            for (var i = 0; i < zone.Count; i++)
            {
                var money = zone[i].Name == nameof(FigureSet.SignedInvestmentYuan);
                decimal Expected(long v) => money ? v / 10_000m : v;
                Assert.That(Number(summary[i]["目标"]), Is.EqualTo(Expected(zone[i].Figure.Target)), zone[i].Name);
                Assert.That(Number(summary[i]["完成"]), Is.EqualTo(Expected(zone[i].Figure.Actual)), zone[i].Name);
                Assert.That(Number(summary[i]["完成率(%)"]), Is.EqualTo(zone[i].Figure.PercentAttained), zone[i].Name);
            }
            // 3 signed of 3 (100 %), 5.5亿 + 1.23456789亿 + 0.8亿 = 75,345.6789 万元 of 100,000 (75.3 %).
            Assert.That(Number(summary[0]["完成"]), Is.EqualTo(3m));
            Assert.That(Number(summary[3]["完成"]), Is.EqualTo(75_345.6789m));
            Assert.That(Number(summary[3]["完成率(%)"]), Is.EqualTo(75.3m));
            Assert.That(Number(gd[0]["完成"]), Is.EqualTo(2m));
            Assert.That(Number(gd[0]["完成率(%)"]), Is.EqualTo(100.0m));
            Assert.That(signedDeals.Select(r => Convert.ToInt32(r["编号"], System.Globalization.CultureInfo.InvariantCulture)),
                Is.EquivalentTo(review.Deals!.Signed.Select(d => d.Id)));
            Assert.That(signedDeals.Sum(r => Number(r["投资额(万元)"])), Is.EqualTo(75_345.6789m));
        });
    }

    [Test]
    public async Task Export_carries_the_charts_as_bars_scaled_to_the_numbers()
    {
        var (app, manager) = await ZoneWithASignedQuarterAsync();
        using var _ = app;
        var bytes = await (await manager.GetAsync("/api/v1/reviews/2026/Q1.xlsx")).Content.ReadAsByteArrayAsync();

        var charts = Sheet(bytes, "图表");
        string BarOf(string item) => Convert.ToString(charts.Single(r => (string)r["项目"] == item)["图示"], System.Globalization.CultureInfo.InvariantCulture) ?? "";
        Assert.Multiple(() =>
        {
            // Signed investment: target 100,000 万元 is the full bar; 75,345.6789 万元 is 15 of 20 cells.
            Assert.That(BarOf("全区 · 签约投资额(万元) · 目标"), Is.EqualTo(new string('█', ReviewWorkbook.BarWidth)));
            Assert.That(BarOf("全区 · 签约投资额(万元) · 完成"), Is.EqualTo(new string('█', 15)));
            // GD signed 2 of a target of 2: two full bars.
            Assert.That(BarOf("驻点-GD · 签约项目(个) · 完成"), Is.EqualTo(new string('█', ReviewWorkbook.BarWidth)));
            Assert.That(charts.Where(r => (string)r["图表"] == "项目漏斗").Select(r => r["项目"]), Does.Contain("签约"));
            Assert.That(charts.Count(r => (string)r["图表"] == "逐月签约"), Is.EqualTo(3), "January, February and March each signed");
        });
    }

    [Test]
    public async Task Export_speaks_English_to_an_English_caller_and_is_scoped_to_a_desk()
    {
        var (app, manager) = await ZoneWithASignedQuarterAsync();
        using var _ = app;
        manager.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en-GB,en;q=0.9");
        var zone = await manager.GetByteArrayAsync("/api/v1/reviews/2026/Q1.xlsx");
        var fj = await manager.GetAsync("/api/v1/reviews/2026/Q1.xlsx?desk=FJ");
        var fjBytes = await fj.Content.ReadAsByteArrayAsync();
        using var fjStream = new MemoryStream(fjBytes);
        var summary = Sheet(zone, "Summary");
        Assert.Multiple(() =>
        {
            Assert.That(fj.Content.Headers.ContentDisposition!.FileName, Does.Contain("review-2026-Q1-FJ.xlsx"));
            Assert.That(summary[0].Keys, Is.EqualTo(new[] { "Figure", "Target", "Actual", "Attained (%)", "Projected" }));
            Assert.That(summary[0]["Figure"], Is.EqualTo("Deals signed"));
            Assert.That(MiniExcel.GetSheetNames(fjStream), Does.Not.Contain("Desk-GD"));
            Assert.That(Number(Sheet(fjBytes, "Summary")[0]["Actual"]), Is.EqualTo(1m));
            Assert.That(Sheet(fjBytes, "Signed deals"), Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Export_of_an_empty_quarter_still_has_its_headers()
    {
        using var app = new CrmApp(new FakeTimeProvider(ReviewDataset.Today));
        var (_, manager) = await app.SignedInAsync(Roles.Manager);
        var response = await manager.GetAsync("/api/v1/reviews/2025/Q3.xlsx");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var stale = Sheet(await response.Content.ReadAsByteArrayAsync(), "停滞项目");
        Assert.That(stale, Is.Empty);
    }

    /// <summary>Every sheet's name, headers and cells, leaving out the cells that are data (names of deals, companies, organisations, people).</summary>
    private static List<string> WordsOf(byte[] workbook, params string[] dataColumns)
    {
        using var stream = new MemoryStream(workbook);
        var words = new List<string>();
        foreach (var name in MiniExcel.GetSheetNames(stream))
        {
            words.Add(name);
            var rows = Sheet(workbook, name);
            foreach (var row in rows)
            {
                words.AddRange(row.Keys);
                // Channels by organisation or advisor are named by the data.
                var byData = row.Values.Take(1).Any(v => v is string d && dataColumns.Contains(d));
                words.AddRange(row.Where(c => !dataColumns.Contains(c.Key) && !(byData && c.Key == row.Keys.ElementAt(1)))
                    .Select(c => c.Value).OfType<string>());
            }
        }
        return words;
    }

    [Test]
    public async Task The_English_workbook_has_no_Chinese_outside_data_and_counts_in_RMB_millions()
    {
        var (app, manager) = await ZoneWithASignedQuarterAsync();
        using var _ = app;
        manager.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var bytes = await manager.GetByteArrayAsync("/api/v1/reviews/2026/Q1.xlsx");

        var words = WordsOf(bytes, "Project", "Company", "Organisation", "Advisor");
        var summary = Sheet(bytes, "Summary");
        Assert.Multiple(() =>
        {
            Assert.That(words.Where(w => Cjk().IsMatch(w)), Is.Empty);
            Assert.That(summary[3]["Figure"], Is.EqualTo("Signed investment (RMB M)"));
            // 5.5亿 + 1.23456789亿 + 0.8亿 = RMB 753.456789 million, to the yuan.
            Assert.That(Number(summary[3]["Actual"]), Is.EqualTo(753.456789m));
            Assert.That(Sheet(bytes, "Signed deals").Sum(r => Number(r["Investment (RMB M)"])), Is.EqualTo(753.456789m));
            Assert.That(Sheet(bytes, "Signed deals").Select(r => r["Stage"]).Distinct(), Is.EqualTo(new[] { Domain.Localization.Catalogue.Of(DealStage.Signed, Domain.Localization.Catalogue.EnglishCulture) }));
        });
    }

    [Test]
    public async Task The_Chinese_workbook_shows_labels_not_enum_identifiers()
    {
        var (app, manager) = await ZoneWithASignedQuarterAsync();
        using var _ = app;
        var bytes = await manager.GetByteArrayAsync("/api/v1/reviews/2026/Q1.xlsx");

        var words = WordsOf(bytes, "项目", "企业", "商协会", "招商顾问");
        var zh = Domain.Localization.Catalogue.ChineseCulture;
        Assert.Multiple(() =>
        {
            Assert.That(words.Where(w => EnumIdentifier().IsMatch(w)), Is.Empty);
            Assert.That(Sheet(bytes, "签约项目").Select(r => r["阶段"]).Distinct(), Is.EqualTo(new[] { Domain.Localization.Catalogue.Of(DealStage.Signed, zh) }));
            Assert.That(Sheet(bytes, "签约项目").Select(r => r["状态"]).Distinct(), Is.EqualTo(new[] { Domain.Localization.Catalogue.Of(DealStatus.Active, zh) }),
                "进行中, as on the pages, not 正常");
        });
    }

    [GeneratedRegex(@"[\p{IsCJKUnifiedIdeographs}\u3000-\u303F\uFF00-\uFFEF]")]
    private static partial Regex Cjk();

    [GeneratedRegex(@"\b(Lead|Contacted|Negotiating|Signed|Started|Producing|AtCapacity|Active|Dormant|Lost|Withdrawn|Desk|HometownAssociation|BusinessAssociation|EnterpriseReferral|Direct|YangtzeRiverDelta|PearlRiverDelta|BohaiRim|Other)\b")]
    private static partial Regex EnumIdentifier();
}
