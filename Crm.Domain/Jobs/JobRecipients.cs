using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Jobs;

public sealed record Recipient(string Id, string DisplayName, string Language);

public sealed record DeskRecipient(string Id, string Language, string DeskCode);

/// <summary>Who receives what the jobs produce, by role, in one query each.</summary>
public sealed class JobRecipients(CrmDbContext db)
{
    public Task<List<Recipient>> InRoleAsync(string role, CancellationToken ct) =>
        (from u in db.Users.AsNoTracking()
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == role
         orderby u.Id
         select new Recipient(u.Id, u.DisplayName, u.Language)).ToListAsync(ct);

    public Task<List<Recipient>> ManagersAsync(CancellationToken ct) => InRoleAsync(Roles.Manager, ct);

    /// <summary>Recruiters with a desk, with it: the figures they receive are their desk's.</summary>
    public Task<List<DeskRecipient>> RecruitersWithDeskAsync(CancellationToken ct) =>
        (from u in db.Users.AsNoTracking()
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == Roles.Recruiter && u.DeskCode != null
         orderby u.Id
         select new DeskRecipient(u.Id, u.Language, u.DeskCode!)).ToListAsync(ct);
}
