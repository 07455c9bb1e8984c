using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Crm.Domain.Plans;
using Crm.Domain.Users;

namespace Crm.Domain.Demo;

internal sealed record DemoUser(string Email, string DisplayName, string Role, string? Desk, string Language = "zh-CN");

/// <param name="DueQuarter">The list is due at the end of this quarter of the current year.</param>
internal sealed record DemoKeyList(string Name, KeyListAim Aim, int DueQuarter, string Tag);

internal sealed record DemoOrganization(string Key, string Name, OrganizationKind Kind, Region Region, string Notes);

/// <param name="Key">The short name people use (美丹, 雀巢); activities and notes speak it.</param>
/// <param name="AreaCode">Administrative area of the registration; a company with one gets a valid credit code.</param>
internal sealed record DemoCompany(string Key, string Name, CompanyTier Tier, Segment Segment, Region Region, string? AreaCode = null);

/// <summary>
/// One demo deal. <paramref name="Quarter"/> (1–4 of the current year, 0 for last year) and
/// <paramref name="Fraction"/> place the deal's last event; earlier events are dated backwards from it.
/// </summary>
internal sealed record DemoDeal(
    string Company, string Title, string Desk, DealStage Stage, int Quarter, double Fraction, long Wan, DealSource Source)
{
    public DealStatus Status { get; init; } = DealStatus.Active;
    public string? Reason { get; init; }
    public string? Organization { get; init; }
    /// <summary>1–5: which of the zone's five advisors brought it.</summary>
    public int Advisor { get; init; }
    public string? ReferredBy { get; init; }
    /// <summary>The agreement's next planned date has passed without the stage (限时办结 material).</summary>
    public bool Slipped { get; init; }
    public bool SkipsContacted { get; init; }
    /// <summary>Lost once, then re-activated by a manager.</summary>
    public bool Revived { get; init; }
    public bool IsExpansion { get; init; }
    public string[] Tags { get; init; } = [];
    public string? Notes { get; init; }
}

/// <summary>The demo zone of the 2014 work plan (DESIGN.md §4): its people, channels, companies and projects.</summary>
internal static class DemoZone
{
    public static readonly DemoUser[] Users =
    [
        new("admin@zone.demo", "系统管理员", Roles.Admin, null, "en"),
        new("manager@zone.demo", "王建国", Roles.Manager, null),
        new("manager2@zone.demo", "李秀英", Roles.Manager, null),
        new("gd.recruiter@zone.demo", "陈志强", Roles.Recruiter, DeskCodes.Guangdong),
        new("gd.recruiter2@zone.demo", "黄丽娟", Roles.Recruiter, DeskCodes.Guangdong),
        new("fj.recruiter@zone.demo", "林海峰", Roles.Recruiter, DeskCodes.Fujian),
        new("bj.recruiter@zone.demo", "赵磊", Roles.Recruiter, DeskCodes.Beijing),
        new("hq.recruiter@zone.demo", "孙晓梅", Roles.Recruiter, DeskCodes.ZoneOffice),
        new("advisor1@zone.demo", "刘德明", Roles.Advisor, null),
        new("advisor2@zone.demo", "周振华", Roles.Advisor, null),
        new("advisor3@zone.demo", "吴国栋", Roles.Advisor, null),
        new("advisor4@zone.demo", "郑美玲", Roles.Advisor, null),
        new("advisor5@zone.demo", "何志远", Roles.Advisor, null, "en"),
    ];

    /// <summary>The departments and utilities the zone refers projects' problems to (分类归口).</summary>
    public static readonly Departments.Department[] Departments =
    [
        new() { Code = "LAND", Name = "国土分局", NameEn = "Land resources bureau", SortOrder = 1 },
        new() { Code = "PLAN", Name = "规划建设局", NameEn = "Planning and construction bureau", SortOrder = 2 },
        new() { Code = "ENV", Name = "环保分局", NameEn = "Environmental protection bureau", SortOrder = 3 },
        new() { Code = "POWER", Name = "供电公司", NameEn = "Power supply company", SortOrder = 4 },
        new() { Code = "WATER", Name = "水务公司", NameEn = "Water company", SortOrder = 5 },
        new() { Code = "GAS", Name = "燃气公司", NameEn = "Gas company", SortOrder = 6 },
        new() { Code = "ECON", Name = "经发局", NameEn = "Economic development bureau", SortOrder = 7 },
        new() { Code = "FIN", Name = "财政局", NameEn = "Finance bureau", SortOrder = 8 },
        new() { Code = "HRSS", Name = "人社局", NameEn = "Human resources and social security bureau", SortOrder = 9 },
        new() { Code = "ADMIN", Name = "开发区办公室", NameEn = "Zone office", SortOrder = 10 },
        new() { Code = "MKT", Name = "市场监管局", NameEn = "Market regulation bureau", SortOrder = 11 },
    ];

    public static readonly DemoOrganization[] Organizations =
    [
        new("粤老乡", "在粤淮北老乡会", OrganizationKind.HometownAssociation, Region.PearlRiverDelta, "广州、深圳、东莞的淮北籍企业家，广东驻点的主要渠道"),
        new("闽老乡", "在闽淮北老乡会", OrganizationKind.HometownAssociation, Region.Other, "福州、厦门、泉州的淮北籍企业家"),
        new("京联谊", "北京淮北企业家联谊会", OrganizationKind.HometownAssociation, Region.BohaiRim, "京津冀的淮北籍企业家，每年春节座谈"),
        new("沪商会", "上海淮北商会", OrganizationKind.HometownAssociation, Region.YangtzeRiverDelta, "长三角的淮北籍企业家"),
        new("皖食协", "安徽省食品行业协会", OrganizationKind.BusinessAssociation, Region.Other, "省内食品企业，联系长三角龙头企业"),
        new("闽食商", "福建省食品商会", OrganizationKind.BusinessAssociation, Region.Other, "闽南休闲食品和调味品企业集中"),
        new("粤粮协", "广东省粮油行业协会", OrganizationKind.BusinessAssociation, Region.PearlRiverDelta, "珠三角粮油加工企业"),
        new("津食协", "天津市食品工业协会", OrganizationKind.BusinessAssociation, Region.BohaiRim, "环渤海食品工业企业"),
        new("苏焙协", "江苏省焙烤食品协会", OrganizationKind.BusinessAssociation, Region.YangtzeRiverDelta, "长三角焙烤与调味食品企业"),
    ];

    private const Region Yrd = Region.YangtzeRiverDelta;
    private const Region Prd = Region.PearlRiverDelta;
    private const Region Bohai = Region.BohaiRim;
    private const Region Other = Region.Other;

    public static readonly DemoCompany[] Companies =
    [
        // The five reserved large projects of the plan.
        new("天津康师傅", "天津康师傅饮品有限公司", CompanyTier.ChinaTop500, Segment.Beverages, Bohai),
        new("天津大海", "天津大海水产食品有限公司", CompanyTier.None, Segment.ColdChainLogistics, Bohai, "120116"),
        new("北京蓝宝", "北京蓝宝食品股份有限公司", CompanyTier.Listed, Segment.BakedGoodsAndSnacks, Bohai, "110105"),
        new("青岛海润", "青岛海润粮油集团有限公司", CompanyTier.IndustryTop50, Segment.GrainAndOil, Bohai, "370211"),
        new("上海申美", "上海申美乳业股份有限公司", CompanyTier.Listed, Segment.Dairy, Yrd, "310115"),
        // Companies with a clear intention.
        new("美丹", "广东美丹食品有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Prd, "440500"),
        new("黑卡", "广州黑卡饮料有限公司", CompanyTier.None, Segment.Beverages, Prd, "440106"),
        new("巧客", "福建巧客食品有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Other, "350582"),
        new("鹭港", "厦门鹭港调味品有限公司", CompanyTier.None, Segment.Condiments, Other),
        new("亲亲乐", "晋江亲亲乐食品有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Other),
        new("福满多", "东莞福满多冷链物流有限公司", CompanyTier.None, Segment.ColdChainLogistics, Prd),
        new("鲜丰", "佛山市顺德区鲜丰肉类食品有限公司", CompanyTier.None, Segment.Meat, Prd),
        new("千岛湖", "杭州千岛湖饮品有限公司", CompanyTier.None, Segment.Beverages, Yrd),
        new("稻香园", "苏州稻香园食品股份有限公司", CompanyTier.Listed, Segment.BakedGoodsAndSnacks, Yrd, "320506"),
        new("宏达包装", "河北宏达包装材料有限公司", CompanyTier.None, Segment.Packaging, Bohai),
        // Projects under construction and producing.
        new("统全", "统全食品（广州）有限公司", CompanyTier.None, Segment.GrainAndOil, Prd, "440113"),
        new("周氏蜂蜜", "安徽周氏蜂业有限公司", CompanyTier.None, Segment.HealthFood, Other, "340603"),
        new("贝德", "上海贝德食品有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Yrd, "310112"),
        new("闽味源", "福州闽味源食品有限公司", CompanyTier.None, Segment.Condiments, Other, "350104"),
        new("粤旺", "广东粤旺乳业有限公司", CompanyTier.None, Segment.Dairy, Prd),
        new("京谷", "北京京谷粮油有限公司", CompanyTier.None, Segment.GrainAndOil, Bohai, "110112"),
        new("金陵肉联", "南京金陵肉联食品有限公司", CompanyTier.IndustryTop50, Segment.Meat, Yrd, "320115"),
        new("鹏城冷链", "深圳鹏城冷链物流有限公司", CompanyTier.None, Segment.ColdChainLogistics, Prd),
        new("甬佳包装", "宁波甬佳包装科技股份有限公司", CompanyTier.Listed, Segment.Packaging, Yrd, "330206"),
        new("相山面业", "淮北相山面业有限公司", CompanyTier.None, Segment.GrainAndOil, Other, "340602"),
        new("康源", "皖北康源生物科技股份有限公司", CompanyTier.Listed, Segment.HealthFood, Other, "340621"),
        // Fortune Global 500 and China Top 500 targets.
        new("雀巢", "雀巢（中国）有限公司", CompanyTier.FortuneGlobal500, Segment.Dairy, Bohai),
        new("嘉吉", "嘉吉投资（中国）有限公司", CompanyTier.FortuneGlobal500, Segment.GrainAndOil, Yrd),
        new("李锦记", "李锦记（新会）食品有限公司", CompanyTier.IndustryTop50, Segment.Condiments, Prd),
        new("中盛粮油", "中盛粮油工业（东莞）有限公司", CompanyTier.ChinaTop500, Segment.GrainAndOil, Prd),
        new("康师傅", "康师傅方便食品投资（中国）有限公司", CompanyTier.ChinaTop500, Segment.BakedGoodsAndSnacks, Bohai),
        // The rest of the pipeline.
        new("穗丰包装", "广州穗丰包装制品有限公司", CompanyTier.None, Segment.Packaging, Prd),
        new("粤味", "佛山粤味调味品股份有限公司", CompanyTier.Listed, Segment.Condiments, Prd, "440604"),
        new("康之源", "深圳康之源生物科技有限公司", CompanyTier.None, Segment.HealthFood, Prd),
        new("金禾饼业", "东莞金禾饼业有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Prd, "441900"),
        new("南粤饮料", "广州南粤饮料有限公司", CompanyTier.None, Segment.Beverages, Prd),
        new("永盛贸易", "香港永盛食品贸易有限公司", CompanyTier.None, Segment.Other, Prd),
        new("闽南香", "泉州闽南香食品有限公司", CompanyTier.None, Segment.Meat, Other, "350503"),
        new("绿源", "漳州绿源果蔬饮品有限公司", CompanyTier.None, Segment.Beverages, Other),
        new("海沧机械", "厦门海沧食品机械有限公司", CompanyTier.None, Segment.Other, Other),
        new("闽宝冷冻", "福建闽宝冷冻食品有限公司", CompanyTier.None, Segment.ColdChainLogistics, Other, "350100"),
        new("榕城乳业", "福州榕城乳业有限公司", CompanyTier.None, Segment.Dairy, Other),
        new("橙乡", "赣州橙乡饮品有限公司", CompanyTier.None, Segment.Beverages, Other),
        new("津沽调味", "天津津沽调味食品有限公司", CompanyTier.None, Segment.Condiments, Bohai, "120104"),
        new("鲁禾", "烟台鲁禾花生油有限公司", CompanyTier.None, Segment.GrainAndOil, Bohai, "370602"),
        new("京北乳业", "北京京北乳业有限公司", CompanyTier.None, Segment.Dairy, Bohai),
        new("滨海淀粉", "天津滨海淀粉有限公司", CompanyTier.None, Segment.Other, Bohai),
        new("海宝", "大连海宝食品有限公司", CompanyTier.None, Segment.Meat, Bohai),
        new("御膳坊", "北京御膳坊食品有限公司", CompanyTier.None, Segment.BakedGoodsAndSnacks, Bohai, "110101"),
        new("沪康", "上海沪康保健食品有限公司", CompanyTier.None, Segment.HealthFood, Yrd),
        new("太湖冷链", "无锡太湖冷链物流有限公司", CompanyTier.None, Segment.ColdChainLogistics, Yrd),
        new("徽宴", "合肥徽宴食品有限公司", CompanyTier.None, Segment.Meat, Yrd, "340104"),
        new("苏味坊", "江苏苏味坊食品有限公司", CompanyTier.None, Segment.Condiments, Yrd),
        new("浦江检测", "上海浦江食品检测技术有限公司", CompanyTier.None, Segment.Other, Yrd),
        new("蜀香", "四川蜀香调味品有限公司", CompanyTier.None, Segment.Condiments, Other),
        new("中原面粉", "郑州中原面粉有限公司", CompanyTier.None, Segment.GrainAndOil, Other),
        new("瓯江包装", "温州瓯江包装有限公司", CompanyTier.None, Segment.Packaging, Yrd),
        new("吴中保健", "苏州吴中保健食品有限公司", CompanyTier.None, Segment.HealthFood, Yrd),
    ];

    private const string Gd = DeskCodes.Guangdong;
    private const string Fj = DeskCodes.Fujian;
    private const string Bj = DeskCodes.Beijing;
    private const string Hq = DeskCodes.ZoneOffice;

    private const string Reserved = "储备大项目";
    private const string Intention = "意向企业";
    private const string ThisYear = "年内投产";
    private const string Target = "500强目标";

    /// <summary>
    /// The managers' key-project lists of the work plan, filled with the deals that carry <see cref="DemoKeyList.Tag"/>:
    /// the reserved projects to sign in the first quarter, the intention companies to follow closely, the year's productions.
    /// </summary>
    public static readonly DemoKeyList[] KeyLists =
    [
        new("储备大项目", KeyListAim.Signed, 1, Reserved),
        new("重点意向企业", KeyListAim.FollowedUp, 4, Intention),
        new("年度投产项目", KeyListAim.Producing, 4, ThisYear),
    ];

    public static readonly DemoDeal[] Deals =
    [
        // Guangdong desk (珠三角).
        new("美丹", "美丹饼干华东生产基地项目", Gd, DealStage.Negotiating, 4, 0.5, 28_000, DealSource.HometownAssociation)
            { Organization = "粤老乡", Tags = [Intention], Notes = "计划新建饼干和膨化食品生产线，服务华东市场；企业关注用地价格和物流成本。" },
        new("黑卡", "黑卡功能饮料生产线项目", Gd, DealStage.Contacted, 4, 0.7, 15_000, DealSource.Desk)
            { Tags = [Intention], Notes = "功能饮料年产20万吨，需配套水源和污水处理。" },
        new("福满多", "福满多皖北冷链物流中心项目", Gd, DealStage.Contacted, 3, 0.8, 12_000, DealSource.Direct),
        new("鲜丰", "鲜丰肉制品深加工项目", Gd, DealStage.Negotiating, 3, 0.4, 9_000, DealSource.Desk)
            { Status = DealStatus.Dormant, Reason = "企业调整年度投资计划，明年再议" },
        new("统全", "统全食品米面制品项目", Gd, DealStage.Producing, 1, 0.6, 32_000, DealSource.HometownAssociation)
            { Organization = "粤老乡", Tags = [ThisYear] },
        new("统全", "统全食品二期扩建项目", Gd, DealStage.Negotiating, 4, 0.3, 12_000, DealSource.Direct)
            { IsExpansion = true, Tags = ["扩建"], Notes = "一期投产后订单饱满，企业计划增资建设速冻米面制品二期。" },
        new("粤旺", "粤旺乳业低温乳制品项目", Gd, DealStage.Producing, 4, 0.4, 18_000, DealSource.Advisor)
            { Advisor = 2, Tags = [ThisYear] },
        new("鹏城冷链", "鹏城冷链仓储配送中心项目", Gd, DealStage.Started, 3, 0.3, 15_000, DealSource.Desk)
            { Slipped = true, Notes = "冷库主体已封顶，设备进场滞后于协议约定的投产时间。" },
        new("李锦记", "李锦记调味品生产基地项目", Gd, DealStage.Negotiating, 4, 0.6, 50_000, DealSource.Advisor)
            { Advisor = 5, Tags = [Target], Notes = "量身定做投资方案：酱料灌装及配套包装。企业要求专用码头物流方案。" },
        new("中盛粮油", "中盛粮油油脂精炼项目", Gd, DealStage.Signed, 3, 0.5, 80_000, DealSource.BusinessAssociation)
            { Organization = "粤粮协", Tags = [Target, "百亿园中园"] },
        new("穗丰包装", "穗丰食品包装材料项目", Gd, DealStage.Lead, 4, 0.9, 5_000, DealSource.Desk),
        new("粤味", "粤味调味品酿造项目", Gd, DealStage.Signed, 2, 0.7, 22_000, DealSource.Advisor) { Advisor = 2 },
        new("康之源", "康之源益生菌保健食品项目", Gd, DealStage.Contacted, 2, 0.5, 8_000, DealSource.Direct)
            { Status = DealStatus.Lost, Reason = "企业最终选址江西赣州，放弃来区投资" },
        new("金禾饼业", "金禾饼业月饼及烘焙食品项目", Gd, DealStage.Started, 1, 0.7, 10_000, DealSource.EnterpriseReferral)
            { ReferredBy = "统全" },
        new("南粤饮料", "南粤饮料凉茶生产线项目", Gd, DealStage.Contacted, 4, 0.8, 6_000, DealSource.Other)
            { Notes = "在广交会食品展上接洽。" },
        new("永盛贸易", "永盛进口食品分拨中心项目", Gd, DealStage.Lead, 4, 0.95, 3_000, DealSource.Advisor) { Advisor = 5 },

        // Fujian desk.
        new("巧客", "巧客休闲食品生产基地项目", Fj, DealStage.Negotiating, 4, 0.4, 12_000, DealSource.HometownAssociation)
            { Organization = "闽老乡", Revived = true, Tags = [Intention], Notes = "曾因企业转投河南一度放弃，后经老乡会牵线重新洽谈。" },
        new("鹭港", "鹭港调味品生产项目", Fj, DealStage.Contacted, 4, 0.5, 6_000, DealSource.BusinessAssociation)
            { Organization = "闽食商", Tags = [Intention] },
        new("亲亲乐", "亲亲乐果冻及休闲食品项目", Fj, DealStage.Lead, 4, 0.85, 8_000, DealSource.HometownAssociation)
            { Organization = "闽老乡", Tags = [Intention] },
        new("闽味源", "闽味源调味品项目", Fj, DealStage.Producing, 4, 0.2, 9_000, DealSource.Desk) { Tags = [ThisYear] },
        new("闽南香", "闽南香肉松肉制品项目", Fj, DealStage.Signed, 1, 0.8, 7_000, DealSource.Advisor)
            { Advisor = 3, Slipped = true, Notes = "协议约定开工日期已过，企业设计方案仍在修改。" },
        new("绿源", "绿源果蔬汁饮品项目", Fj, DealStage.Signed, 4, 0.6, 11_000, DealSource.Desk),
        new("海沧机械", "海沧食品机械制造项目", Fj, DealStage.Negotiating, 3, 0.6, 5_000, DealSource.BusinessAssociation)
            { Organization = "闽食商", Status = DealStatus.Lost, Reason = "企业融资未到位，放弃外地建厂" },
        new("闽宝冷冻", "闽宝速冻食品项目", Fj, DealStage.Started, 2, 0.6, 16_000, DealSource.Desk),
        new("榕城乳业", "榕城乳业液态奶项目", Fj, DealStage.Producing, 2, 0.3, 14_000, DealSource.HometownAssociation)
            { Organization = "闽老乡", Tags = [ThisYear] },
        new("橙乡", "橙乡脐橙饮品项目", Fj, DealStage.Contacted, 3, 0.2, 4_000, DealSource.Other)
            { Status = DealStatus.Dormant, Reason = "原料基地尚未落实，企业暂缓" },

        // Beijing desk (环渤海).
        new("天津康师傅", "康师傅饮品淮北生产基地项目", Bj, DealStage.Signed, 1, 0.5, 65_000, DealSource.Desk)
            { Tags = [Reserved, Target, "百亿园中园"], Notes = "一季度签约的储备大项目：茶饮料和瓶装水生产线，分两期建设。" },
        new("天津大海", "大海水产冷链加工项目", Bj, DealStage.Started, 2, 0.5, 30_000, DealSource.HometownAssociation)
            { Organization = "京联谊", Tags = [Reserved] },
        new("北京蓝宝", "蓝宝烘焙食品产业园项目", Bj, DealStage.Signed, 1, 0.8, 52_000, DealSource.BusinessAssociation)
            { Organization = "津食协", Slipped = true, Tags = [Reserved, "百亿园中园"], Notes = "已签约，规划许可延误，开工滞后于协议约定。" },
        new("青岛海润", "海润粮油精深加工项目", Bj, DealStage.Negotiating, 4, 0.5, 40_000, DealSource.Desk)
            { Tags = [Reserved], Notes = "选址已确定在食品产业园北区，待集团董事会审议。" },
        new("雀巢", "雀巢乳品及营养品项目", Bj, DealStage.Negotiating, 4, 0.7, 80_000, DealSource.Advisor)
            { Advisor = 1, Tags = [Target, "世界500强"], Notes = "搜集梳理投资信息，量身定做投资方案；企业关注奶源基地和食品安全检测。" },
        new("康师傅", "康师傅方便面华东生产基地项目", Bj, DealStage.Negotiating, 3, 0.9, 60_000, DealSource.EnterpriseReferral)
            { ReferredBy = "天津康师傅", SkipsContacted = true, Tags = [Target] },
        new("京谷", "京谷粮油小包装食用油项目", Bj, DealStage.AtCapacity, 2, 0.5, 20_000, DealSource.HometownAssociation)
            { Organization = "京联谊" },
        new("津沽调味", "津沽调味品项目", Bj, DealStage.Signed, 2, 0.4, 30_000, DealSource.Desk),
        new("鲁禾", "鲁禾花生油压榨项目", Bj, DealStage.Started, 4, 0.3, 33_000, DealSource.BusinessAssociation)
            { Organization = "津食协" },
        new("京北乳业", "京北乳业奶粉项目", Bj, DealStage.Signed, 3, 0.7, 12_000, DealSource.Direct)
            { Status = DealStatus.Withdrawn, Reason = "企业资金链紧张，双方解除投资协议，土地由开发区收回" },
        new("滨海淀粉", "滨海淀粉及生物发酵项目", Bj, DealStage.Contacted, 4, 0.6, 25_000, DealSource.Desk),
        new("海宝", "海宝海产品精深加工项目", Bj, DealStage.Lead, 4, 0.8, 6_000, DealSource.Other),
        new("御膳坊", "御膳坊宫廷糕点项目", Bj, DealStage.Producing, 3, 0.6, 8_000, DealSource.Advisor)
            { Advisor = 1, Tags = [ThisYear] },
        new("宏达包装", "宏达食品包装项目", Bj, DealStage.Lead, 4, 0.9, 4_000, DealSource.HometownAssociation)
            { Organization = "京联谊" },

        // Zone office (长三角, local and the rest).
        new("上海申美", "申美乳业液态奶及乳饮料项目", Hq, DealStage.Signed, 2, 0.2, 31_000, DealSource.Desk)
            { Tags = [Reserved] },
        new("嘉吉", "嘉吉油脂及饲料蛋白加工项目", Hq, DealStage.Contacted, 4, 0.4, 100_000, DealSource.BusinessAssociation)
            { Organization = "皖食协", Tags = [Target, "世界500强"], Notes = "企业在华东布局油籽压榨产能，开发区为三个备选地之一。" },
        new("千岛湖", "千岛湖饮用水及茶饮料项目", Hq, DealStage.Negotiating, 4, 0.2, 15_000, DealSource.HometownAssociation)
            { Organization = "沪商会", Tags = [Intention] },
        new("稻香园", "稻香园糕点烘焙生产基地项目", Hq, DealStage.Signed, 4, 0.5, 18_000, DealSource.Advisor) { Advisor = 4 },
        new("周氏蜂蜜", "周氏蜂蜜蜂产品深加工项目", Hq, DealStage.Producing, 2, 0.7, 18_000, DealSource.Direct)
            { Tags = [ThisYear] },
        new("贝德", "贝德食品烘焙生产线项目", Hq, DealStage.Producing, 3, 0.4, 25_000, DealSource.HometownAssociation)
            { Organization = "沪商会", Tags = [ThisYear] },
        new("贝德", "贝德食品二期冷冻面团项目", Hq, DealStage.Contacted, 4, 0.6, 8_000, DealSource.Direct)
            { IsExpansion = true, Tags = ["扩建"] },
        new("金陵肉联", "金陵肉联冷鲜肉加工项目", Hq, DealStage.Producing, 1, 0.4, 26_000, DealSource.Advisor)
            { Advisor = 4, Tags = [ThisYear] },
        new("甬佳包装", "甬佳食品包装新材料项目", Hq, DealStage.Producing, 2, 0.5, 12_000, DealSource.EnterpriseReferral)
            { ReferredBy = "贝德", SkipsContacted = true },
        new("相山面业", "相山面业挂面生产线项目", Hq, DealStage.AtCapacity, 1, 0.5, 6_000, DealSource.Direct),
        new("康源", "康源保健食品项目", Hq, DealStage.Producing, 3, 0.8, 15_000, DealSource.BusinessAssociation)
            { Organization = "皖食协", Tags = [ThisYear] },
        new("沪康", "沪康保健食品项目", Hq, DealStage.Started, 1, 0.4, 9_000, DealSource.HometownAssociation)
            { Organization = "沪商会" },
        new("太湖冷链", "太湖冷链物流园项目", Hq, DealStage.Started, 2, 0.8, 20_000, DealSource.Desk)
            { Status = DealStatus.Withdrawn, Reason = "企业总部战略调整，项目停建退出，土地收回重新招商" },
        new("徽宴", "徽宴预制菜中央厨房项目", Hq, DealStage.Started, 3, 0.7, 10_000, DealSource.EnterpriseReferral)
            { ReferredBy = "相山面业" },
        new("苏味坊", "苏味坊酱菜调味品项目", Hq, DealStage.Signed, 3, 0.2, 7_000, DealSource.BusinessAssociation)
            { Organization = "苏焙协" },
        new("浦江检测", "浦江食品检测服务中心项目", Hq, DealStage.Contacted, 4, 0.7, 3_000, DealSource.Other)
            { Notes = "依托皖北食品检测中心，建设第三方检测实验室。" },
        new("蜀香", "蜀香火锅底料项目", Hq, DealStage.Negotiating, 0, 0.7, 5_000, DealSource.Direct)
            { Status = DealStatus.Lost, Reason = "企业在四川本地扩产，不再外迁" },
        new("中原面粉", "中原面粉专用粉项目", Hq, DealStage.AtCapacity, 3, 0.5, 20_000, DealSource.Desk),
        new("瓯江包装", "瓯江包装纸箱项目", Hq, DealStage.Lead, 4, 0.75, 3_500, DealSource.Desk),
        new("吴中保健", "吴中保健食品项目", Hq, DealStage.Started, 4, 0.5, 7_500, DealSource.Advisor) { Advisor = 3 },
    ];
}
