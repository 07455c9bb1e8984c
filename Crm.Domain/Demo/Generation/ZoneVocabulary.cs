using Crm.Domain.Activities;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;

namespace Crm.Domain.Demo.Generation;

/// <summary>
/// The words a generated zone is written in: the demo zone's own (its companies' short names as brands, its
/// associations), widened with cities, brands and products so that 100,000 deals do not repeat one another.
/// </summary>
internal static class ZoneVocabulary
{
    public static readonly string[] Surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "郑", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹"];
    public static readonly string[] GivenNames = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀兰", "霞", "刚", "建华", "志刚", "海燕", "国庆", "晓东", "文博", "振宇", "雪梅", "立新", "思远", "佳怡", "子豪", "宏伟"];
    public static readonly string[] ContactTitles = ["董事长", "总经理", "副总经理", "投资发展部总监", "项目经理", "行政总监", "财务总监", "战略投资部经理"];
    public static readonly string[] PhonePrefixes = ["38", "39", "37", "36", "35", "58", "59", "86", "88", "89"];

    public static readonly string[] BrandSyllables =
        ["丰", "润", "康", "盛", "源", "华", "鑫", "泰", "禾", "香", "鲜", "旺", "佳", "美", "味", "福", "金", "银", "宝", "嘉", "和", "瑞", "祥", "益", "顺", "达", "隆", "昌", "兴", "恒", "正", "德", "恩", "乐", "欣", "悦", "麦", "谷", "田", "园"];

    /// <summary>Cities by region, with the six-digit area code of their registrations.</summary>
    public static readonly IReadOnlyDictionary<Region, (string City, string Area)[]> Cities = new Dictionary<Region, (string, string)[]>
    {
        [Region.YangtzeRiverDelta] = [("上海", "310115"), ("苏州", "320506"), ("杭州", "330106"), ("南京", "320115"), ("无锡", "320211"), ("宁波", "330206"), ("合肥", "340104"), ("常州", "320411")],
        [Region.PearlRiverDelta] = [("广州", "440106"), ("深圳", "440305"), ("东莞", "441900"), ("佛山", "440604"), ("中山", "442000"), ("珠海", "440402"), ("江门", "440703")],
        [Region.BohaiRim] = [("北京", "110105"), ("天津", "120116"), ("青岛", "370211"), ("大连", "210204"), ("烟台", "370602"), ("石家庄", "130102"), ("济南", "370102")],
        [Region.Other] = [("福州", "350104"), ("厦门", "350203"), ("泉州", "350503"), ("晋江", "350582"), ("淮北", "340602"), ("郑州", "410105"), ("成都", "510104"), ("武汉", "420106")],
    };

    public static readonly IReadOnlyDictionary<Segment, (string Trade, string[] Products)> Segments = new Dictionary<Segment, (string, string[])>
    {
        [Segment.GrainAndOil] = ("粮油", ["食用油精炼", "小包装食用油", "专用面粉", "挂面", "大米加工"]),
        [Segment.Beverages] = ("饮品", ["功能饮料", "茶饮料", "果蔬汁", "瓶装水", "植物蛋白饮料"]),
        [Segment.Dairy] = ("乳业", ["液态奶", "低温酸奶", "奶粉", "乳饮料", "奶酪"]),
        [Segment.BakedGoodsAndSnacks] = ("食品", ["饼干", "糕点烘焙", "膨化食品", "月饼", "休闲零食"]),
        [Segment.Meat] = ("肉类食品", ["冷鲜肉加工", "肉制品深加工", "水产精深加工", "预制菜", "速冻调理食品"]),
        [Segment.Condiments] = ("调味品", ["酱油酿造", "复合调味料", "火锅底料", "酱菜", "食醋"]),
        [Segment.HealthFood] = ("生物科技", ["益生菌", "保健食品", "蜂产品", "功能性食品", "营养补充剂"]),
        [Segment.ColdChainLogistics] = ("冷链物流", ["冷链仓储", "冷链配送中心", "冷链物流园", "速冻仓储", "农产品冷链"]),
        [Segment.Packaging] = ("包装", ["食品包装材料", "纸箱", "塑料软包装", "玻璃瓶", "易拉罐"]),
        [Segment.Other] = ("实业", ["食品机械", "食品检测", "淀粉加工", "进口食品分拨", "食品添加剂"]),
    };

    public static readonly string[] ProjectKinds = ["生产基地", "生产线", "项目", "产业园", "扩建", "二期", "研发中心"];

    public static readonly string[] LegalForms = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"];

    /// <summary>Where a generated association's members come from (the demo's nine are added as they are).</summary>
    public static readonly string[] AssociationPlaces = ["江苏", "浙江", "山东", "河南", "湖北", "四川", "深圳", "东莞", "厦门", "泉州", "天津", "青岛"];

    public static readonly IReadOnlyDictionary<string, Region> DeskRegions = new Dictionary<string, Region>
    {
        [DeskCodes.Guangdong] = Region.PearlRiverDelta,
        [DeskCodes.Fujian] = Region.Other,
        [DeskCodes.Beijing] = Region.BohaiRim,
        [DeskCodes.ZoneOffice] = Region.YangtzeRiverDelta,
    };

    public static readonly string[] LostReasons = ["企业最终选址外省，放弃来区投资", "企业融资未到位，放弃外地建厂", "企业在本地扩产，不再外迁", "用地条件未谈拢，企业放弃"];
    public const string DormantReason = "企业调整年度投资计划，明年再议";
    public const string WithdrawnReason = "企业资金链紧张，双方解除投资协议，土地由开发区收回";
    public const string RevivedLostReason = "企业计划转投河南新厂，暂不考虑来区投资";
    public const string RevivedNote = "企业重新表达投资意向，经分管领导同意重启洽谈";

    public static (ActivityType Type, string Summary) ForStage(DealStage stage, string company) => stage switch
    {
        DealStage.Contacted => (ActivityType.Call, $"电话联系{company}投资负责人，介绍开发区食品产业园和扶持政策"),
        DealStage.Negotiating => (ActivityType.InvestorSiteVisit, $"{company}考察团来区实地考察，查看食品产业园地块和配套"),
        DealStage.Signed => (ActivityType.Meeting, $"举行{company}项目签约仪式"),
        DealStage.Started => (ActivityType.Visit, $"{company}项目开工奠基，现场协调施工手续办理"),
        DealStage.Producing => (ActivityType.Visit, $"{company}项目建成投产，首条生产线试运行"),
        _ => (ActivityType.Document, $"{company}达产验收材料归档，产能达到设计规模"),
    };

    public static readonly (ActivityType Type, string Format)[] BeforeSigning =
    [
        (ActivityType.Call, "电话回访{0}，跟进可研报告编制进度"),
        (ActivityType.WeChat, "微信沟通{0}用地指标和环评事项"),
        (ActivityType.Email, "向{0}发送食品工业发展专项资金扶持政策和投资方案"),
        (ActivityType.Meeting, "与{0}召开项目推进会，明确签约时间节点"),
        (ActivityType.Visit, "上门拜访{0}总部，了解企业扩产和选址计划"),
    ];

    public static readonly (ActivityType Type, string Format)[] AfterSigning =
    [
        (ActivityType.Visit, "赴{0}项目现场巡查，了解施工和设备安装进度"),
        (ActivityType.Call, "电话跟进{0}供热、供电接入手续办理情况"),
        (ActivityType.WeChat, "微信沟通{0}用工需求，对接开发区用工平台"),
        (ActivityType.Document, "{0}项目周巡查记录归档"),
    ];

    public static readonly string[] LeadDocuments = ["录入线索：整理{0}基本情况和投资意向", "收集{0}年报、产品和产能资料，准备首次拜访", "汇总{0}工商登记和股东信息"];

    public static string TierTag(CompanyTier tier) => tier switch
    {
        CompanyTier.FortuneGlobal500 => "世界500强",
        CompanyTier.ChinaTop500 => "国内500强",
        CompanyTier.IndustryTop50 => "行业50强",
        CompanyTier.Listed => "上市公司",
        _ => "",
    };
}
