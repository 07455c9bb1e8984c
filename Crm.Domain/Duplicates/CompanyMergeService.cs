using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Duplicates;

/// <summary>
/// A Manager folds a duplicate company into the one that stays: its deals (and deals it referred) and its
/// contacts move along, the duplicate is removed, both sides are audited, all in one transaction. Moved deals get
/// a new version, so anyone editing one with the old version is told to reload (409) rather than overwrite.
/// </summary>
public sealed class CompanyMergeService(CrmDbContext db, TimeProvider time)
{
    public const string MergeAction = "Merge";

    public sealed record MergedAway(int MergedIntoId, IReadOnlyList<int> DealsMoved, IReadOnlyList<int> ContactsMoved);

    public async Task<ServiceResult<CompanyResponse>> MergeAsync(CurrentUser user, int id, int targetId, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return new ServiceResult<CompanyResponse>.Forbidden();
        }
        if (id == targetId)
        {
            return new ServiceResult<CompanyResponse>.Invalid("targetId", "company.mergeIntoItself");
        }
        var source = await db.Companies.AsNoTracking().Where(c => c.Id == id).Select(CompanyService.Projection).SingleOrDefaultAsync(ct);
        var target = await db.Companies.SingleOrDefaultAsync(c => c.Id == targetId, ct);
        if (source is null || target is null)
        {
            return new ServiceResult<CompanyResponse>.NotFound();
        }
        var targetBefore = await ProjectAsync(targetId, ct);
        var now = time.UtcNow();

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var dealIds = await db.Deals.Where(d => d.CompanyId == id || d.ReferringCompanyId == id).Select(d => d.Id).ToListAsync(ct);
        var contactIds = await db.Contacts.Where(c => c.CompanyId == id).Select(c => c.Id).ToListAsync(ct);
        await db.Deals.Where(d => d.CompanyId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.CompanyId, targetId).SetProperty(d => d.Version, d => d.Version + 1).SetProperty(d => d.UpdatedAt, now), ct);
        await db.Deals.Where(d => d.ReferringCompanyId == id)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ReferringCompanyId, targetId).SetProperty(d => d.Version, d => d.Version + 1).SetProperty(d => d.UpdatedAt, now), ct);
        await db.Contacts.Where(c => c.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.CompanyId, targetId), ct);
        await db.Documents.Where(d => d.CompanyId == id).ExecuteUpdateAsync(s => s.SetProperty(d => d.CompanyId, targetId), ct);
        await db.Companies.Where(c => c.Id == id).ExecuteDeleteAsync(ct);

        // The credit code is unique: the survivor takes the duplicate's only once the duplicate is gone.
        target.CreditCode ??= source.CreditCode;
        target.Version++;
        target.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        var targetAfter = await ProjectAsync(targetId, ct);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(Company), id, MergeAction, source, new MergedAway(targetId, dealIds, contactIds), now));
        db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(Company), targetId, AuditActions.Update, targetBefore, targetAfter, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return targetAfter!;
    }

    private Task<CompanyResponse?> ProjectAsync(int id, CancellationToken ct) =>
        db.Companies.AsNoTracking().Where(c => c.Id == id).Select(CompanyService.Projection).SingleOrDefaultAsync(ct);
}
