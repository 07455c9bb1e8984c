using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Approvals;

/// <summary>An item of a project's checklist as listed, returned and audited.</summary>
public sealed record ApprovalItemResponse
{
    public required int Id { get; init; }
    public required int DealId { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public string? DepartmentCode { get; init; }
    public string? DepartmentName { get; init; }
    public string? DepartmentNameEn { get; init; }
    public required MilestoneKind Before { get; init; }
    public required int SortOrder { get; init; }
    public required ApprovalStatus Status { get; init; }
    public DateOnly? PlannedOn { get; init; }
    public DateOnly? DoneOn { get; init; }
    public int? DocumentId { get; init; }
    public string? DocumentFileName { get; init; }
    public string? Note { get; init; }
    public required long Version { get; init; }
}

/// <summary>
/// A project's checklist (手续办理): every item in order, the next milestone of its schedule and the items that block it
/// (<see cref="ApprovalChecklist.Blocks(ApprovalStatus, MilestoneKind, MilestoneKind?)"/>).
/// </summary>
public sealed record DealApprovals
{
    public required int DealId { get; init; }
    public required IReadOnlyList<ApprovalItemResponse> Items { get; init; }
    /// <summary>The first milestone not reached (<see cref="ProjectSchedule.NextOpen"/>); none before the signing or at capacity.</summary>
    public MilestoneKind? NextMilestone { get; init; }
    public required IReadOnlyList<ApprovalItemResponse> Blocking { get; init; }
    /// <summary>Who reads it may change it (the desk's recruiters, managers, the project's 包保 leader and officer).</summary>
    public required bool MayEdit { get; init; }
}

/// <summary>
/// The approvals checklist of signed projects. Permissions are the deal's: who sees the deal sees its checklist, who may
/// change the deal (with its 包保 leader and officer) changes it. Items are copied from a template or added by hand, each
/// change versioned (a stale one is a conflict) and audited.
/// </summary>
public sealed class ApprovalService(CrmDbContext db, TimeProvider time)
{
    /// <summary>The deal's checklist; null when the deal is not the caller's to see.</summary>
    public async Task<DealApprovals?> GetAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Include(d => d.Care).VisibleTo(user).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        return deal is null ? null : await ReadAsync(user, deal, ct);
    }

    /// <summary>
    /// Copies the template's items onto a signed project's checklist, after the items it has; an item whose name is
    /// already on the checklist is skipped, so applying a template twice adds nothing.
    /// </summary>
    public async Task<ServiceResult<DealApprovals>> ApplyTemplateAsync(CurrentUser by, int dealId, ApplyTemplateInput input, CancellationToken ct)
    {
        var (deal, refused) = await EditableDealAsync(by, dealId, ct);
        if (refused is not null)
        {
            return refused;
        }
        var template = await db.ApprovalTemplates.AsNoTracking().Include(t => t.Items)
            .SingleOrDefaultAsync(t => t.Id == input.TemplateId && t.IsActive, ct);
        if (template is null)
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApplyTemplateInput.TemplateId), "approval.templateUnknown");
        }
        var existing = await db.ProjectApprovals.AsNoTracking().Where(a => a.DealId == dealId).Select(a => new { a.Name, a.SortOrder }).ToListAsync(ct);
        var names = existing.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var order = existing.Count == 0 ? 0 : existing.Max(a => a.SortOrder);
        var now = time.UtcNow();
        var added = template.Items.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Where(i => names.Add(i.Name)).Select(i => new ProjectApproval
        {
            DealId = dealId,
            Name = i.Name,
            NameEn = i.NameEn,
            DepartmentCode = i.DepartmentCode,
            Before = i.Before,
            SortOrder = ++order,
            Status = ApprovalStatus.NotStarted,
            UpdatedAt = now,
        }).ToList();
        if (added.Count > 0)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.ProjectApprovals.AddRange(added);
            await db.SaveChangesAsync(ct);
            var ids = added.Select(a => a.Id).ToList();
            foreach (var item in await ListedAsync(db.ProjectApprovals.AsNoTracking().Where(a => ids.Contains(a.Id)), ct))
            {
                db.AuditLog.Add(AuditEntry.Of<ApprovalItemResponse>(by.Id, nameof(ProjectApproval), item.Id, AuditActions.Create, null, item, now));
            }
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await ReadAsync(by, deal!, ct);
    }

    /// <summary>Adds an item of the caller's own to a signed project's checklist, after the others.</summary>
    public async Task<ServiceResult<DealApprovals>> AddAsync(CurrentUser by, int dealId, ApprovalItemInput input, CancellationToken ct)
    {
        var (deal, refused) = await EditableDealAsync(by, dealId, ct);
        if (refused is not null)
        {
            return refused;
        }
        var name = input.Name.Trim();
        if (await db.ProjectApprovals.AnyAsync(a => a.DealId == dealId && a.Name == name, ct))
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalItemInput.Name), "approval.nameTaken", name);
        }
        var department = Blank(input.DepartmentCode);
        if (department is not null && !await DepartmentUsableAsync(department, ct))
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalItemInput.DepartmentCode), "approval.departmentUnknown", department);
        }
        var now = time.UtcNow();
        var order = await db.ProjectApprovals.Where(a => a.DealId == dealId).MaxAsync(a => (int?)a.SortOrder, ct) ?? 0;
        var item = new ProjectApproval
        {
            DealId = dealId,
            Name = name,
            NameEn = input.NameEn.Trim(),
            DepartmentCode = department,
            Before = input.Before,
            SortOrder = order + 1,
            Status = ApprovalStatus.NotStarted,
            PlannedOn = input.PlannedOn,
            Note = Blank(input.Note),
            UpdatedAt = now,
        };
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ProjectApprovals.Add(item);
            await db.SaveChangesAsync(ct);
            var after = await StoredAsync(item.Id, ct);
            db.AuditLog.Add(AuditEntry.Of<ApprovalItemResponse>(by.Id, nameof(ProjectApproval), item.Id, AuditActions.Create, null, after, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        return await ReadAsync(by, deal!, ct);
    }

    /// <summary>
    /// Sets an item's status, dates, department, proof and note. Done needs the day it was granted (not after today); the
    /// proof is a document of the same deal; a department is an active one (or the one the item has).
    /// </summary>
    public async Task<ServiceResult<DealApprovals>> UpdateAsync(CurrentUser by, int approvalId, ApprovalUpdateInput input, CancellationToken ct)
    {
        var item = await db.ProjectApprovals.SingleOrDefaultAsync(a => a.Id == approvalId, ct);
        var (deal, refused) = item is null ? Missing : await EditableDealAsync(by, item.DealId, ct);
        if (refused is not null)
        {
            return refused;
        }
        if (item!.Version != input.Version)
        {
            return new ServiceResult<DealApprovals>.Conflict(await ReadAsync(by, deal!, ct));
        }
        if (input.Status == ApprovalStatus.Done && input.DoneOn is null)
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalUpdateInput.DoneOn), "approval.doneOnRequired");
        }
        if (input.Status != ApprovalStatus.Done && input.DoneOn is not null)
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalUpdateInput.DoneOn), "approval.doneOnOnlyWhenDone");
        }
        if (input.DoneOn > time.ZoneToday())
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalUpdateInput.DoneOn), "approval.doneInFuture");
        }
        var department = Blank(input.DepartmentCode);
        if (department is not null && department != item.DepartmentCode && !await DepartmentUsableAsync(department, ct))
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalUpdateInput.DepartmentCode), "approval.departmentUnknown", department);
        }
        if (input.DocumentId is { } documentId && !await db.Documents.AnyAsync(d => d.Id == documentId && d.DealId == item.DealId, ct))
        {
            return new ServiceResult<DealApprovals>.Invalid(nameof(ApprovalUpdateInput.DocumentId), "approval.documentNotOnDeal");
        }
        var before = await StoredAsync(approvalId, ct);
        item.Status = input.Status;
        item.PlannedOn = input.PlannedOn;
        item.DoneOn = input.DoneOn;
        item.DepartmentCode = department;
        item.DocumentId = input.DocumentId;
        item.Note = Blank(input.Note);
        item.Version++;
        item.UpdatedAt = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone changed or removed the item between our read and our write: theirs stands.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ServiceResult<DealApprovals>.Conflict(await ReadAsync(by, deal!, ct));
        }
        var after = await StoredAsync(approvalId, ct);
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(ProjectApproval), approvalId, AuditActions.Update, before, after, item.UpdatedAt));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await ReadAsync(by, deal!, ct);
    }

    /// <summary>Removes an item that does not belong on the checklist; audited with what it was.</summary>
    public async Task<ServiceResult<DealApprovals>> DeleteAsync(CurrentUser by, int approvalId, CancellationToken ct)
    {
        var item = await db.ProjectApprovals.SingleOrDefaultAsync(a => a.Id == approvalId, ct);
        var (deal, refused) = item is null ? Missing : await EditableDealAsync(by, item.DealId, ct);
        if (refused is not null)
        {
            return refused;
        }
        var before = await StoredAsync(approvalId, ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ProjectApprovals.Remove(item!);
            db.AuditLog.Add(AuditEntry.Of<ApprovalItemResponse>(by.Id, nameof(ProjectApproval), approvalId, AuditActions.Delete, before, null, time.UtcNow()));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Removed by someone else meanwhile: the checklist as it stands.
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return await ReadAsync(by, deal!, ct);
            }
            await tx.CommitAsync(ct);
        }
        return await ReadAsync(by, deal!, ct);
    }

    /// <summary>The deal, when the caller may change its checklist: seen (else 404), theirs to change (403), signed and not withdrawn (422).</summary>
    private async Task<(Deal? Deal, ServiceResult<DealApprovals>? Refused)> EditableDealAsync(CurrentUser by, int dealId, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Include(d => d.Care).VisibleTo(by).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return (null, new ServiceResult<DealApprovals>.NotFound());
        }
        if (!by.MayEdit(deal))
        {
            return (null, new ServiceResult<DealApprovals>.Forbidden());
        }
        if (deal.SignedOn is null)
        {
            return (null, new RuleViolation("approval.notSigned"));
        }
        if (deal.Status == DealStatus.Withdrawn)
        {
            return (null, PipelineRules.ClosedDealIsReadOnly(deal.Status));
        }
        return (deal, null);
    }

    private static readonly (Deal?, ServiceResult<DealApprovals>?) Missing = (null, new ServiceResult<DealApprovals>.NotFound());

    private Task<bool> DepartmentUsableAsync(string code, CancellationToken ct) => db.Departments.AnyAsync(d => d.Code == code && d.IsActive, ct);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private async Task<DealApprovals> ReadAsync(CurrentUser user, Deal deal, CancellationToken ct)
    {
        var items = await ListedAsync(db.ProjectApprovals.AsNoTracking().Where(a => a.DealId == deal.Id), ct);
        MilestoneKind? next = null;
        if (deal.SignedOn is not null)
        {
            var rows = await db.ProjectMilestones.AsNoTracking().Where(m => m.DealId == deal.Id).ToListAsync(ct);
            next = ProjectSchedule.NextOpen(ProjectSchedule.Lines(deal, rows, time.ZoneToday()));
        }
        return new DealApprovals
        {
            DealId = deal.Id,
            Items = items,
            NextMilestone = next,
            Blocking = [.. items.Where(i => ApprovalChecklist.Blocks(i.Status, i.Before, next))],
            MayEdit = user.MayEdit(deal) && deal.SignedOn is not null && deal.Status != DealStatus.Withdrawn,
        };
    }

    private async Task<ApprovalItemResponse> StoredAsync(int id, CancellationToken ct) =>
        (await ListedAsync(db.ProjectApprovals.AsNoTracking().Where(a => a.Id == id), ct)).Single();

    private Task<List<ApprovalItemResponse>> ListedAsync(IQueryable<ProjectApproval> approvals, CancellationToken ct) => (
        from a in approvals
        join dep in db.Departments on a.DepartmentCode equals dep.Code into deps
        from dep in deps.DefaultIfEmpty()
        join doc in db.Documents on a.DocumentId equals doc.Id into docs
        from doc in docs.DefaultIfEmpty()
        orderby a.SortOrder, a.Id
        select new ApprovalItemResponse
        {
            Id = a.Id,
            DealId = a.DealId,
            Name = a.Name,
            NameEn = a.NameEn,
            DepartmentCode = a.DepartmentCode,
            DepartmentName = dep == null ? null : dep.Name,
            DepartmentNameEn = dep == null ? null : dep.NameEn,
            Before = a.Before,
            SortOrder = a.SortOrder,
            Status = a.Status,
            PlannedOn = a.PlannedOn,
            DoneOn = a.DoneOn,
            DocumentId = a.DocumentId,
            DocumentFileName = doc == null ? null : doc.FileName,
            Note = a.Note,
            Version = a.Version,
        }).ToListAsync(ct);
}
