using Crm.Domain.Schedules;

namespace Crm.Domain.Approvals;

/// <summary>
/// The built-in checklist of a food-processing plant (issue 15; docs/decisions/0026-approval-checklists.md): the one
/// definition the demo seeder and an Admin's "add the built-in template" both copy. Each item names the department that
/// grants it (分类归口) and the milestone it must precede.
/// </summary>
public static class FoodPlantTemplate
{
    public sealed record Item(string Name, string NameEn, string DepartmentCode, MilestoneKind Before);

    public const string Name = "食品加工厂";
    public const string NameEn = "Food-processing plant";

    public static readonly IReadOnlyList<Item> Items =
    [
        new("立项备案", "Project filing", "ECON", MilestoneKind.LandHandedOver),
        new("用地预审/土地出让合同", "Land pre-review / land grant contract", "LAND", MilestoneKind.LandHandedOver),
        new("规划许可", "Planning permit", "PLAN", MilestoneKind.DesignApproved),
        new("环评批复", "Environmental impact approval", "ENV", MilestoneKind.Started),
        new("能评", "Energy assessment", "ECON", MilestoneKind.Started),
        new("施工许可", "Construction permit", "PLAN", MilestoneKind.Started),
        new("消防验收", "Fire safety acceptance", "PLAN", MilestoneKind.TrialProduction),
        new("排污许可", "Pollutant discharge permit", "ENV", MilestoneKind.TrialProduction),
        new("SC 食品生产许可证", "SC food production licence", "MKT", MilestoneKind.Producing),
    ];

    /// <summary>
    /// The template as a new row: each item keeps its department only where the code exists in this database
    /// (departments are optional on an item; a zone without a 市场监管局 record still gets the item).
    /// </summary>
    public static ApprovalTemplate Build(IReadOnlySet<string> departmentCodes, int sortOrder) => new()
    {
        Name = Name,
        NameEn = NameEn,
        SortOrder = sortOrder,
        Items = [.. Items.Select((item, i) => new ApprovalTemplateItem
        {
            Name = item.Name,
            NameEn = item.NameEn,
            DepartmentCode = departmentCodes.Contains(item.DepartmentCode) ? item.DepartmentCode : null,
            Before = item.Before,
            SortOrder = i + 1,
        })],
    };
}
