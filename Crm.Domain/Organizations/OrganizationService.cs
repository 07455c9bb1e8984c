using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Organizations;

public sealed record OrganizationInput
{
    public required string Name { get; init; }
    public OrganizationKind Kind { get; init; } = OrganizationKind.HometownAssociation;
    public Region Region { get; init; } = Region.Other;
    [MultiLine]
    public string? Notes { get; init; }
}

public sealed record OrganizationResponse(int Id, string Name, OrganizationKind Kind, Region Region, string? Notes);

public sealed class OrganizationInputValidator : AbstractValidator<OrganizationInput>
{
    public OrganizationInputValidator()
    {
        RuleFor(o => o.Name).NotEmpty().MaximumLength(FieldLengths.Name);
        RuleFor(o => o.Kind).IsInEnum();
        RuleFor(o => o.Region).IsInEnum();
        RuleFor(o => o.Notes).MaximumLength(FieldLengths.Note);
    }
}

/// <summary>The associations deals come through. Admins keep the list; there is no delete because deals reference them.</summary>
public sealed class OrganizationService(CrmDbContext db, TimeProvider time)
{
    public Task<List<OrganizationResponse>> ListAsync(CancellationToken ct) =>
        db.Organizations.AsNoTracking().OrderBy(o => o.Name)
            .Select(o => new OrganizationResponse(o.Id, o.Name, o.Kind, o.Region, o.Notes)).ToListAsync(ct);

    public async Task<ServiceResult<OrganizationResponse>> CreateAsync(CurrentUser by, OrganizationInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<OrganizationResponse>.Forbidden();
        }
        var name = input.Name.Trim();
        if (await db.Organizations.AnyAsync(o => o.Name == name, ct))
        {
            return DuplicateName(name);
        }
        var organization = new Organization { Name = name, Kind = input.Kind, Region = input.Region, Notes = Clean(input.Notes) };
        db.Organizations.Add(organization);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            // Another Admin registered the name in between: the answer the check above gives a moment later.
            return DuplicateName(name);
        }
        var created = ToResponse(organization);
        db.AuditLog.Add(AuditEntry.Of<OrganizationResponse>(by.Id, nameof(Organization), organization.Id, AuditActions.Create, null, created, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return created;
    }

    public async Task<ServiceResult<OrganizationResponse>> UpdateAsync(CurrentUser by, int id, OrganizationInput input, CancellationToken ct)
    {
        if (!by.IsAdmin)
        {
            return new ServiceResult<OrganizationResponse>.Forbidden();
        }
        var organization = await db.Organizations.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (organization is null)
        {
            return new ServiceResult<OrganizationResponse>.NotFound();
        }
        var name = input.Name.Trim();
        if (await db.Organizations.AnyAsync(o => o.Name == name && o.Id != id, ct))
        {
            return DuplicateName(name);
        }
        var before = ToResponse(organization);
        organization.Name = name;
        organization.Kind = input.Kind;
        organization.Region = input.Region;
        organization.Notes = Clean(input.Notes);
        var after = ToResponse(organization);
        // The change and its audit row commit together.
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Organization), id, AuditActions.Update, before, after, time.UtcNow()));
        return await db.TrySaveChangesAsync(ct) is null ? after : DuplicateName(name);
    }

    private static ServiceResult<OrganizationResponse> DuplicateName(string name) =>
        new ServiceResult<OrganizationResponse>.Invalid("name", "organization.nameTaken", name);

    private static string? Clean(string? notes) => string.IsNullOrWhiteSpace(notes) ? null : notes.Trim();

    private static OrganizationResponse ToResponse(Organization o) => new(o.Id, o.Name, o.Kind, o.Region, o.Notes);
}
