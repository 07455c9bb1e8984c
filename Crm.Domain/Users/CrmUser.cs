using Crm.Domain.Common;
using Microsoft.AspNetCore.Identity;

namespace Crm.Domain.Users;

public class CrmUser : IdentityUser
{
    public required string DisplayName { get; set; }

    /// <summary>The resident desk a recruiter works for; null for everyone else.</summary>
    public string? DeskCode { get; set; }

    /// <summary>"zh-CN" or "en"; notifications and exports speak it.</summary>
    public string Language { get; set; } = "zh-CN";

    public DateTime CreatedAt { get; set; }
}

public static class CrmClaimTypes
{
    public const string Desk = "crm:desk";
    public const string DisplayName = "crm:name";
    /// <summary>The user's own language ("zh-CN", "en"): pages and API answers speak it unless the request asks otherwise.</summary>
    public const string Language = "crm:lang";
}

/// <summary>Who is asking: enough to decide what they may see and do.</summary>
public sealed record CurrentUser(string Id, IReadOnlySet<string> Roles, string? DeskCode)
{
    public bool IsAdmin => Roles.Contains(Users.Roles.Admin);
    public bool IsManager => Roles.Contains(Users.Roles.Manager);
    public bool IsRecruiter => Roles.Contains(Users.Roles.Recruiter);
    public bool IsAdvisor => Roles.Contains(Users.Roles.Advisor);

    /// <summary>Admins and managers see and change every deal.</summary>
    public bool IsZoneWide => IsAdmin || IsManager;

    /// <summary>Moves backwards, re-activation and reassignment belong to the zone's managers.</summary>
    public bool MayOverrule => IsManager || IsAdmin;

    public bool WorksOnDeals => IsZoneWide || IsRecruiter;

    public static CurrentUser System { get; } = new("system", new HashSet<string>(), null);
}
