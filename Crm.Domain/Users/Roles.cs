namespace Crm.Domain.Users;

public static class Roles
{
    public const string Admin = "Admin";
    public const string Manager = "Manager";
    public const string Recruiter = "Recruiter";
    public const string Advisor = "Advisor";

    public static readonly IReadOnlyList<string> All = [Admin, Manager, Recruiter, Advisor];

    /// <summary>Roles that see and change every deal of the zone.</summary>
    public const string ZoneWide = Admin + "," + Manager;
    /// <summary>Roles that work on deals at all.</summary>
    public const string DealWorkers = Admin + "," + Manager + "," + Recruiter;
}
