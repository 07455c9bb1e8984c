using System.IO.Compression;
using System.Text;
using MiniExcelLibs;

namespace Crm.Tests.Imports;

/// <summary>
/// A realistic project ledger (项目台账): a merged title row above the Chinese header, mixed date forms, a 万元 and a 亿元
/// column, two projects of demo companies, a company the zone registered without a deal, a company twice, and bad rows.
/// </summary>
public static class LedgerFixture
{
    public const string Title = "淮北经济开发区2014年招商引资项目台账";
    /// <summary>A company registered before the import, with no deal: its row attaches a deal to it.</summary>
    public const string RegisteredCompany = "淮北已登记食品有限公司";

    public static readonly string[] Headers =
        ["企业名称", "统一社会信用代码", "项目名称", "投资额（万元）", "投资额（亿元）", "签约时间", "开工时间", "投产时间", "来源", "驻点", "负责人", "联系人", "电话"];

    /// <summary>Rows 3.. of the sheet; row 3 is the first under the header.</summary>
    public static readonly object?[][] Rows =
    [
        // 3: new, signed 2014-3-5, started, producing: Producing, 1.5 亿元 (15000 万元).
        ["淮北测试甲食品有限公司", null, "年产10万吨面粉项目", 15000d, null, "2014-3-5", "2014/09/01", "2015年6月30日", "驻点招商", "GD", "陈志强", "张伟", "13800000001"],
        // 4: new, signed on an Excel serial (2014-03-20), started 2014.10.8, production planned next year: Started, 2.5 亿元.
        ["淮北测试乙饮品有限公司", null, "饮料灌装线", null, 2.5d, 41718d, "2014.10.8", "2027-1-1", "在粤淮北老乡会", "广东驻点招商小组", "陈志强", null, null],
        // 5: new, no milestone: a Lead of today, 3000 万元 estimated.
        ["淮北测试丙调味品有限公司", null, "调味品生产基地", 3000d, null, null, null, null, null, "FJ", "林海峰", "王芳", "0561-3012345"],
        // 6, 7: projects the demo zone follows already.
        ["天津康师傅饮品有限公司", null, "饮品生产基地", 50000d, null, null, null, null, null, "BJ", "赵磊", null, null],
        ["广东美丹食品有限公司", null, "饼干生产线", 8000d, null, null, null, null, null, "GD", "陈志强", null, null],
        // 8: no company name.
        [null, null, "无名项目", 1000d, null, null, null, null, null, "GD", "陈志强", null, null],
        // 9: a date no one can read.
        ["淮北测试丁食品有限公司", null, "冷链仓储", 2000d, null, "2014-13-45", null, null, null, "GD", "陈志强", null, null],
        // 10: a negative amount.
        ["淮北测试戊食品有限公司", null, "包装车间", -500d, null, null, null, null, null, "GD", "陈志强", null, null],
        // 11: the company of row 3 again.
        ["淮北测试甲食品有限公司", null, "二期项目", 5000d, null, null, null, null, null, "GD", "陈志强", null, null],
        // 12: the registered company without a deal: a deal attached to it.
        [RegisteredCompany, null, "速冻食品项目", 6000d, null, null, null, null, null, "HQ", "孙晓梅", "李强", "13900000002"],
        // 13: started without a signing: the pipeline never skips a milestone.
        ["淮北测试己食品有限公司", null, "肉制品加工", 4000d, null, null, "2015-1-1", null, null, "GD", "陈志强", null, null],
    ];

    public const int New = 4;
    public const int Duplicate = 3;
    public const int Invalid = 4;

    /// <summary>The .xlsx, written by MiniExcel, with the title row merged across the header's width.</summary>
    public static byte[] Xlsx()
    {
        var columns = Enumerable.Range(0, Headers.Length).Select(i => ((char)('A' + i)).ToString()).ToArray();
        var sheet = new List<Dictionary<string, object?>>
        {
            columns.Select((c, i) => (c, (object?)(i == 0 ? Title : null))).ToDictionary(x => x.c, x => x.Item2),
            columns.Select((c, i) => (c, (object?)Headers[i])).ToDictionary(x => x.c, x => x.Item2),
        };
        sheet.AddRange(Rows.Select(r => columns.Select((c, i) => (c, r[i])).ToDictionary(x => x.c, x => x.Item2)));
        using var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false, excelType: ExcelType.XLSX);
        return Merge(stream.ToArray(), $"A1:{columns[^1]}1");
    }

    /// <summary>The same ledger as CSV (UTF-8), the title line above the header as a spreadsheet exports it.</summary>
    public static byte[] Csv()
    {
        var text = new StringBuilder();
        text.AppendLine(Title + new string(',', Headers.Length - 1));
        text.AppendLine(string.Join(",", Headers));
        foreach (var row in Rows)
        {
            text.AppendLine(string.Join(",", row.Select(v => v switch
            {
                null => "",
                double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
                var other => other.ToString(),
            })));
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static byte[] Merge(byte[] xlsx, string range)
    {
        using var stream = new MemoryStream();
        stream.Write(xlsx);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.Entries.Single(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal));
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }
            var prefix = xml.Contains("</x:sheetData>", StringComparison.Ordinal) ? "x:" : "";
            xml = xml.Replace($"</{prefix}sheetData>", $"</{prefix}sheetData><{prefix}mergeCells count=\"1\"><{prefix}mergeCell ref=\"{range}\"/></{prefix}mergeCells>", StringComparison.Ordinal);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry(entry.FullName).Open());
            writer.Write(xml);
        }
        return stream.ToArray();
    }
}
