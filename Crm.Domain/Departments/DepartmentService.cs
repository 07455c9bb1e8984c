using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Departments;

/// <summary>A new department names its code; an edit keeps it (the code is the key the problems carry).</summary>
public sealed record DepartmentInput
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public int SortOrder { get; init; }
    public bool IsActive { get; init; } = true;
}

public sealed record DepartmentResponse(string Code, string Name, string NameEn, int SortOrder, bool IsActive);

public sealed class DepartmentInputValidator : AbstractValidator<DepartmentInput>
{
    public DepartmentInputValidator()
    {
        RuleFor(d => d.Code).NotEmpty().Matches("^[A-Z]{2,8}$")
            .WithMessage("'Code' must be 2 to 8 upper-case letters.");
        RuleFor(d => d.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(d => d.NameEn).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(d => d.SortOrder).InclusiveBetween(0, 9999);
    }
}

/// <summary>
/// The departments problems are referred to (分类归口). Admins add, rename, reorder and deactivate them; none is
/// deleted, since problems carry the code.
/// </summary>
public sealed class DepartmentService(CrmDbContext db, TimeProvider time)
{
    /// <summary>Every department, active or not, in sort order.</summary>
    public Task<List<DepartmentResponse>> ListAsync(CancellationToken ct) =>
        db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DepartmentResponse(d.Code, d.Name, d.NameEn, d.SortOrder, d.IsActive)).ToListAsync(ct);

    public async Task<ServiceResult<DepartmentResponse>> CreateAsync(CurrentUser by, DepartmentInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<DepartmentResponse>.Forbidden();
        }
        var code = input.Code.Trim();
        if (await db.Departments.AnyAsync(d => d.Code == code, ct))
        {
            return new ServiceResult<DepartmentResponse>.Invalid("code", "department.codeTaken", code);
        }
        var department = new Department
        {
            Code = code,
            Name = input.Name.Trim(),
            NameEn = input.NameEn.Trim(),
            SortOrder = input.SortOrder,
            IsActive = input.IsActive,
        };
        db.Departments.Add(department);
        var created = ToResponse(department);
        db.AuditLog.Add(AuditEntry.Of<DepartmentResponse>(by.Id, nameof(Department), code, AuditActions.Create, null, created, time.UtcNow()));
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            // Another Admin created the code in between: the answer the check above gives a moment later.
            return new ServiceResult<DepartmentResponse>.Invalid("code", "department.codeTaken", code);
        }
        return created;
    }

    /// <summary>Renames, reorders, deactivates or reactivates; <paramref name="code"/> picks it and <c>input.Code</c> must be the same.</summary>
    public async Task<ServiceResult<DepartmentResponse>> UpdateAsync(CurrentUser by, string code, DepartmentInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<DepartmentResponse>.Forbidden();
        }
        if (input.Code != code)
        {
            return new ServiceResult<DepartmentResponse>.Invalid("code", "department.codeFixed");
        }
        var department = await db.Departments.SingleOrDefaultAsync(d => d.Code == code, ct);
        if (department is null)
        {
            return new ServiceResult<DepartmentResponse>.NotFound();
        }
        var before = ToResponse(department);
        department.Name = input.Name.Trim();
        department.NameEn = input.NameEn.Trim();
        department.SortOrder = input.SortOrder;
        department.IsActive = input.IsActive;
        var after = ToResponse(department);
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Department), code, AuditActions.Update, before, after, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return after;
    }

    private static DepartmentResponse ToResponse(Department d) => new(d.Code, d.Name, d.NameEn, d.SortOrder, d.IsActive);
}
