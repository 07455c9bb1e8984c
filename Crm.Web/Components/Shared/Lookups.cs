using Crm.Domain.Desks;
using Crm.Domain.Localization;
using Crm.Domain.Organizations;
using Crm.Domain.Users;

namespace Crm.Web.Components.Shared;

public sealed record DeskOption(string Code, string Name, string NameEn);

public sealed record PersonOption(string Id, string Name);

/// <summary>Small lists for filters and pickers, from the domain services that own them.</summary>
public static class Lookups
{
    private static readonly string[] OwnerRoles = [Roles.Recruiter, Roles.Manager];

    // The token is optional only for the pages not yet on DomainComponent (NewDeal); pass the component's.
    public static async Task<List<DeskOption>> DesksAsync(DomainCalls calls, CancellationToken ct) =>
        (await calls.RunAsync<DeskService, List<DeskResponse>>((s, t) => s.ListAsync(t), ct))
            .Select(d => new DeskOption(d.Code, d.Name, d.NameEn)).ToList();

    /// <summary>People who can own deals (recruiters and managers).</summary>
    public static Task<List<PersonOption>> OwnersAsync(DomainCalls calls, CancellationToken ct) => PeopleAsync(calls, OwnerRoles, ct);

    /// <summary>The desk's name in the reader's language.</summary>
    public static string Name(this DeskOption desk) => Catalogue.NameIn(null, desk.Name, desk.NameEn);

    internal static async Task<List<PersonOption>> PeopleAsync(DomainCalls calls, string[] roles, CancellationToken ct) =>
        (await calls.RunAsync<UserService, List<UserName>>((s, t) => s.NamesInRolesAsync(roles, t), ct))
            .Select(u => new PersonOption(u.Id, u.DisplayName)).ToList();
}

public sealed record OrganizationOption(int Id, string Name, OrganizationKind Kind);

public static class MoreLookups
{
    private static readonly string[] AdvisorRoles = [Roles.Advisor];

    public static async Task<List<OrganizationOption>> OrganizationsAsync(DomainCalls calls, CancellationToken ct) =>
        (await calls.RunAsync<OrganizationService, List<OrganizationResponse>>((s, t) => s.ListAsync(t), ct))
            .OrderBy(o => o.Kind).ThenBy(o => o.Name, StringComparer.Ordinal)
            .Select(o => new OrganizationOption(o.Id, o.Name, o.Kind)).ToList();

    public static Task<List<PersonOption>> AdvisorsAsync(DomainCalls calls, CancellationToken ct) =>
        Lookups.PeopleAsync(calls, AdvisorRoles, ct);
}
