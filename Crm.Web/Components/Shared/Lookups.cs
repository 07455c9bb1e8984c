using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Web.Components.Shared;

public sealed record DeskOption(string Code, string Name, string NameEn);

public sealed record PersonOption(string Id, string Name);

/// <summary>Small lists for filters and pickers.</summary>
public static class Lookups
{
    public static Task<List<DeskOption>> DesksAsync(DomainCalls calls) =>
        calls.RunAsync<CrmDbContext, List<DeskOption>>(db => db.Desks.AsNoTracking().OrderBy(d => d.SortOrder)
            .Select(d => new DeskOption(d.Code, d.Name, d.NameEn)).ToListAsync());

    /// <summary>People who can own deals (recruiters and managers).</summary>
    public static Task<List<PersonOption>> OwnersAsync(DomainCalls calls) =>
        calls.RunAsync<CrmDbContext, List<PersonOption>>(db => db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id
                && db.Roles.Any(x => x.Id == r.RoleId && (x.Name == Roles.Recruiter || x.Name == Roles.Manager))))
            .OrderBy(u => u.DisplayName).Select(u => new PersonOption(u.Id, u.DisplayName)).ToListAsync());

    public static string Name(this DeskOption desk) =>
        System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal) ? desk.Name : desk.NameEn;
}

public sealed record OrganizationOption(int Id, string Name, Crm.Domain.Organizations.OrganizationKind Kind);

public static class MoreLookups
{
    public static Task<List<OrganizationOption>> OrganizationsAsync(DomainCalls calls) =>
        calls.RunAsync<CrmDbContext, List<OrganizationOption>>(db => db.Organizations.AsNoTracking().OrderBy(o => o.Kind).ThenBy(o => o.Name)
            .Select(o => new OrganizationOption(o.Id, o.Name, o.Kind)).ToListAsync());

    public static Task<List<PersonOption>> AdvisorsAsync(DomainCalls calls) =>
        calls.RunAsync<CrmDbContext, List<PersonOption>>(db => db.Users.AsNoTracking()
            .Where(u => db.UserRoles.Any(r => r.UserId == u.Id && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Advisor)))
            .OrderBy(u => u.DisplayName).Select(u => new PersonOption(u.Id, u.DisplayName)).ToListAsync());
}
