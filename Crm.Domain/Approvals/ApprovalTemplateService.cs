using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Approvals;

public sealed record ApprovalTemplateItemResponse
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public string? DepartmentCode { get; init; }
    public required MilestoneKind Before { get; init; }
    public required int SortOrder { get; init; }
}

public sealed record ApprovalTemplateResponse
{
    public required int Id { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public required int SortOrder { get; init; }
    public required bool IsActive { get; init; }
    public required long Version { get; init; }
    public required IReadOnlyList<ApprovalTemplateItemResponse> Items { get; init; }
}

/// <summary>
/// The approval checklists per kind of project, which Admins keep (create, edit with their items replaced as a list,
/// deactivate; never delete: a checklist applied to a project was copied, so a template's edits never move a project's).
/// Everyone who works on deals reads them. Audited.
/// </summary>
public sealed class ApprovalTemplateService(CrmDbContext db, TimeProvider time)
{
    /// <summary>Every template, active or not, in sort order, with its items in order.</summary>
    public async Task<List<ApprovalTemplateResponse>> ListAsync(CancellationToken ct)
    {
        var templates = await db.ApprovalTemplates.AsNoTracking().Include(t => t.Items)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Id).ToListAsync(ct);
        return templates.Select(ToResponse).ToList();
    }

    public async Task<ServiceResult<ApprovalTemplateResponse>> CreateAsync(CurrentUser by, ApprovalTemplateInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<ApprovalTemplateResponse>.Forbidden();
        }
        if (await RefusalAsync(input, null, ct) is { } invalid)
        {
            return invalid;
        }
        var template = new ApprovalTemplate
        {
            Name = input.Name.Trim(),
            NameEn = input.NameEn.Trim(),
            SortOrder = input.SortOrder,
            IsActive = input.IsActive,
            Items = Items(input),
        };
        return await StoreNewAsync(by, template, ct);
    }

    /// <summary>Renames, reorders, deactivates or reactivates a template and replaces its items; send the version you read.</summary>
    public async Task<ServiceResult<ApprovalTemplateResponse>> UpdateAsync(CurrentUser by, int id, ApprovalTemplateInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<ApprovalTemplateResponse>.Forbidden();
        }
        var template = await db.ApprovalTemplates.Include(t => t.Items).SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return new ServiceResult<ApprovalTemplateResponse>.NotFound();
        }
        var before = ToResponse(template);
        if (template.Version != input.Version)
        {
            return new ServiceResult<ApprovalTemplateResponse>.Conflict(before);
        }
        if (await RefusalAsync(input, id, ct) is { } invalid)
        {
            return invalid;
        }
        template.Name = input.Name.Trim();
        template.NameEn = input.NameEn.Trim();
        template.SortOrder = input.SortOrder;
        template.IsActive = input.IsActive;
        template.Version++;
        db.ApprovalTemplateItems.RemoveRange(template.Items);
        template.Items.Clear();
        template.Items.AddRange(Items(input));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            var current = await db.ApprovalTemplates.AsNoTracking().Include(t => t.Items).SingleOrDefaultAsync(t => t.Id == id, ct);
            return current is null ? new ServiceResult<ApprovalTemplateResponse>.NotFound() : new ServiceResult<ApprovalTemplateResponse>.Conflict(ToResponse(current));
        }
        var after = ToResponse(template);
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(ApprovalTemplate), id, AuditActions.Update, before, after, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    /// <summary>
    /// Adds the built-in food-processing plant template (<see cref="FoodPlantTemplate"/>), its items keeping their
    /// department where the code exists here; once: a second time is refused while a template has its name.
    /// </summary>
    public async Task<ServiceResult<ApprovalTemplateResponse>> AddFoodPlantAsync(CurrentUser by, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<ApprovalTemplateResponse>.Forbidden();
        }
        if (await db.ApprovalTemplates.AnyAsync(t => t.Name == FoodPlantTemplate.Name, ct))
        {
            return new RuleViolation("approvalTemplate.builtInExists");
        }
        var codes = (await db.Departments.Select(d => d.Code).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var order = await db.ApprovalTemplates.MaxAsync(t => (int?)t.SortOrder, ct) ?? 0;
        return await StoreNewAsync(by, FoodPlantTemplate.Build(codes, order + 1), ct);
    }

    private async Task<ServiceResult<ApprovalTemplateResponse>> StoreNewAsync(CurrentUser by, ApprovalTemplate template, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.ApprovalTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        var created = ToResponse(template);
        db.AuditLog.Add(AuditEntry.Of<ApprovalTemplateResponse>(by.Id, nameof(ApprovalTemplate), template.Id, AuditActions.Create, null, created, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return created;
    }

    /// <summary>The name is not another template's; each item's department, when named, exists (an inactive one may stay).</summary>
    private async Task<ServiceResult<ApprovalTemplateResponse>.Invalid?> RefusalAsync(ApprovalTemplateInput input, int? id, CancellationToken ct)
    {
        var name = input.Name.Trim();
        if (await db.ApprovalTemplates.AnyAsync(t => t.Name == name && t.Id != id, ct))
        {
            return new(nameof(ApprovalTemplateInput.Name), "approvalTemplate.nameTaken", name);
        }
        var named = input.Items.Select(i => i.DepartmentCode?.Trim()).Where(c => !string.IsNullOrEmpty(c)).Distinct().ToList();
        var known = await db.Departments.Where(d => named.Contains(d.Code)).Select(d => d.Code).ToListAsync(ct);
        for (var i = 0; i < input.Items.Count; i++)
        {
            if (input.Items[i].DepartmentCode?.Trim() is { Length: > 0 } code && !known.Contains(code))
            {
                return new($"{nameof(ApprovalTemplateInput.Items)}[{i}].departmentCode", "approval.departmentUnknown", code);
            }
        }
        return null;
    }

    private static List<ApprovalTemplateItem> Items(ApprovalTemplateInput input) =>
        [.. input.Items.Select((i, n) => new ApprovalTemplateItem
        {
            Name = i.Name.Trim(),
            NameEn = i.NameEn.Trim(),
            DepartmentCode = string.IsNullOrWhiteSpace(i.DepartmentCode) ? null : i.DepartmentCode.Trim(),
            Before = i.Before,
            SortOrder = n + 1,
        })];

    private static ApprovalTemplateResponse ToResponse(ApprovalTemplate t) => new()
    {
        Id = t.Id,
        Name = t.Name,
        NameEn = t.NameEn,
        SortOrder = t.SortOrder,
        IsActive = t.IsActive,
        Version = t.Version,
        Items = [.. t.Items.OrderBy(i => i.SortOrder).ThenBy(i => i.Id).Select(i => new ApprovalTemplateItemResponse
        {
            Id = i.Id,
            Name = i.Name,
            NameEn = i.NameEn,
            DepartmentCode = i.DepartmentCode,
            Before = i.Before,
            SortOrder = i.SortOrder,
        })],
    };
}
