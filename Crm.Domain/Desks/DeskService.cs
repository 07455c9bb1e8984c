using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Desks;

/// <summary>A new desk names its code; an edit of an existing desk keeps it (the code is the key users and deals carry).</summary>
public sealed record DeskInput
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string NameEn { get; init; }
    public int SortOrder { get; init; }
}

public sealed record DeskResponse(string Code, string Name, string NameEn, int SortOrder);

public sealed class DeskInputValidator : AbstractValidator<DeskInput>
{
    public DeskInputValidator()
    {
        RuleFor(d => d.Code).NotEmpty().Matches("^[A-Z]{2,8}$")
            .WithMessage("'Code' must be 2 to 8 upper-case letters.");
        RuleFor(d => d.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(d => d.NameEn).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(d => d.SortOrder).InclusiveBetween(0, 9999);
    }
}

/// <summary>The zone's desks. Admins rename and reorder them and add new ones; none is removed (users and deals carry the code).</summary>
public sealed class DeskService(CrmDbContext db, TimeProvider time, DeskList list)
{
    /// <summary>The desks in their order, from the in-memory copy (<see cref="DeskList"/>).</summary>
    public Task<List<DeskResponse>> ListAsync(CancellationToken ct) =>
        list.GetAsync(c => db.Desks.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DeskResponse(d.Code, d.Name, d.NameEn, d.SortOrder)).ToListAsync(c), ct);

    public async Task<ServiceResult<DeskResponse>> CreateAsync(CurrentUser by, DeskInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<DeskResponse>.Forbidden();
        }
        var code = input.Code.Trim();
        if (await db.Desks.AnyAsync(d => d.Code == code, ct))
        {
            return new ServiceResult<DeskResponse>.Invalid("code", "desk.codeTaken", code);
        }
        var desk = new Desk { Code = code, Name = input.Name.Trim(), NameEn = input.NameEn.Trim(), SortOrder = input.SortOrder };
        db.Desks.Add(desk);
        var created = ToResponse(desk);
        db.AuditLog.Add(AuditEntry.Of<DeskResponse>(by.Id, nameof(Desk), code, AuditActions.Create, null, created, time.UtcNow()));
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            // Another Admin created the code in between: the answer the check above gives a moment later.
            return new ServiceResult<DeskResponse>.Invalid("code", "desk.codeTaken", code);
        }
        list.Forget();
        return created;
    }

    /// <summary>Renames and reorders; <paramref name="code"/> picks the desk and <c>input.Code</c> must be the same.</summary>
    public async Task<ServiceResult<DeskResponse>> UpdateAsync(CurrentUser by, string code, DeskInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<DeskResponse>.Forbidden();
        }
        if (input.Code != code)
        {
            return new ServiceResult<DeskResponse>.Invalid("code", "desk.codeFixed");
        }
        var desk = await db.Desks.SingleOrDefaultAsync(d => d.Code == code, ct);
        if (desk is null)
        {
            return new ServiceResult<DeskResponse>.NotFound();
        }
        var before = ToResponse(desk);
        desk.Name = input.Name.Trim();
        desk.NameEn = input.NameEn.Trim();
        desk.SortOrder = input.SortOrder;
        var after = ToResponse(desk);
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Desk), code, AuditActions.Update, before, after, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        list.Forget();
        return after;
    }

    private static DeskResponse ToResponse(Desk d) => new(d.Code, d.Name, d.NameEn, d.SortOrder);
}
