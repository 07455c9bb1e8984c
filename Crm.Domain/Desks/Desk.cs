namespace Crm.Domain.Desks;

/// <summary>A resident investment desk (驻点招商小组) or the zone office itself.</summary>
public class Desk
{
    public required string Code { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int SortOrder { get; set; }
}

public static class DeskCodes
{
    public const string Guangdong = "GD";
    public const string Fujian = "FJ";
    public const string Beijing = "BJ";
    public const string ZoneOffice = "HQ";
}
