using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Duplicates;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Companies;

/// <summary>Companies are the zone's shared register: who sees them is <see cref="CompanyScope"/>; deals carry the desk scope.</summary>
public sealed class CompanyService(CrmDbContext db, TimeProvider time, DuplicateDetector duplicates)
{
    public const int MaxPageSize = 200;

    public async Task<IReadOnlyList<CompanyResponse>> SearchAsync(CurrentUser user, string? q, int take, CancellationToken ct)
    {
        var query = db.Companies.AsNoTracking().VisibleTo(user);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = q.Trim();
            var code = term.ToUpperInvariant();
            query = query.Where(c => c.Name.Contains(term) || c.CreditCode == code);
        }
        return await query.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(Projection)
            .ToListAsync(ct);
    }

    public Task<CompanyResponse?> GetAsync(CurrentUser user, int id, CancellationToken ct) =>
        db.Companies.AsNoTracking().VisibleTo(user).Where(c => c.Id == id).Select(Projection).SingleOrDefaultAsync(ct);

    /// <summary>
    /// Registers a company. The same credit code, or the same or likely the same name, anywhere in the zone is
    /// refused as <see cref="ServiceResult{T}.Unconfirmed"/> unless <paramref name="confirmed"/> (the user saw the
    /// notice and chose to register it anyway); one credit code is never registered twice. The check and the insert are
    /// one step (<see cref="RegistrationLock"/>); a registration of the same code at the same instant is refused as if
    /// it came a moment later.
    /// </summary>
    public async Task<ServiceResult<CompanyResponse>> CreateAsync(CurrentUser by, CompanyInput input, bool confirmed, CancellationToken ct)
    {
        // Joins a caller's transaction (accepting a referral registers the company and creates the deal in one).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (!confirmed)
        {
            await RegistrationLock.TakeAsync(db, input.Name, ct);
            if (PossibleDuplicates.Unconfirmed<CompanyResponse>(by, await duplicates.ForNewCompanyAsync(input, ct)) is { } unconfirmed)
            {
                return unconfirmed;
            }
        }
        var code = NormalizeCode(input.CreditCode);
        if (code is not null && await db.Companies.AnyAsync(c => c.CreditCode == code, ct))
        {
            return CompanyRules.DuplicateCreditCode();
        }

        var now = time.UtcNow();
        var company = new Company { Name = input.Name.Trim(), CreatedAt = now, UpdatedAt = now };
        Apply(company, input, code);
        db.Companies.Add(company);
        if (await db.TrySaveChangesAsync(ct) is { } taken)
        {
            return Refusal(taken);
        }
        var created = (await StoredAsync(company.Id, ct))!;
        db.AuditLog.Add(AuditEntry.Of<CompanyResponse>(by.Id, nameof(Company), company.Id, AuditActions.Create, null, created, now));
        await db.SaveChangesAsync(ct);
        await (tx?.CommitAsync(ct) ?? Task.CompletedTask);
        return created;
    }

    public async Task<ServiceResult<CompanyResponse>> UpdateAsync(CurrentUser by, int id, CompanyUpdateInput input, CancellationToken ct)
    {
        var company = await db.Companies.VisibleTo(by).Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null)
        {
            return new ServiceResult<CompanyResponse>.NotFound();
        }
        var before = (await StoredAsync(id, ct))!;
        if (company.Version != input.Version)
        {
            return new ServiceResult<CompanyResponse>.Conflict(before);
        }
        var code = NormalizeCode(input.CreditCode);
        if (code is not null && code != company.CreditCode && await db.Companies.AnyAsync(c => c.CreditCode == code && c.Id != id, ct))
        {
            return CompanyRules.DuplicateCreditCode();
        }

        company.Name = input.Name.Trim();
        Apply(company, input, code);
        company.Version++;
        company.UpdatedAt = time.UtcNow();
        // The change and its audit row commit together, as for deals.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            if (await db.TrySaveChangesAsync(ct) is { } taken)
            {
                return Refusal(taken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ServiceResult<CompanyResponse>.Conflict((await StoredAsync(id, ct))!);
        }

        var after = (await StoredAsync(id, ct))!;
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Company), id, AuditActions.Update, before, after, company.UpdatedAt));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    /// <summary>A unique key another request took between our check and our write: the answer the check gives a moment later.</summary>
    private static ServiceResult<CompanyResponse> Refusal(UniqueKeyViolation taken) =>
        taken.Is<Company>(nameof(Company.CreditCode))
            ? CompanyRules.DuplicateCreditCode()
            : throw new InvalidOperationException($"Unique key {taken.Name} of a company has no refusal.");

    /// <summary>The stored company, for the service's own audit rows and answers (the caller's scope was checked).</summary>
    private Task<CompanyResponse?> StoredAsync(int id, CancellationToken ct) =>
        db.Companies.AsNoTracking().Where(c => c.Id == id).Select(Projection).SingleOrDefaultAsync(ct);

    private static string? NormalizeCode(string? code) =>
        string.IsNullOrWhiteSpace(code) ? null : CreditCode.Normalize(code);

    private static void Apply(Company company, CompanyInput input, string? code)
    {
        company.CreditCode = code;
        company.Tier = input.Tier;
        company.Website = input.Website?.Trim();
        company.Notes = input.Notes?.Trim();
        if (input.Contacts is null)
        {
            return;
        }

        company.Contacts.RemoveAll(c => !input.Contacts.Any(i => i.Id == c.Id));
        foreach (var contactInput in input.Contacts)
        {
            var contact = company.Contacts.FirstOrDefault(c => contactInput.Id is { } cid && c.Id == cid);
            if (contact is null)
            {
                contact = new Contact { Name = contactInput.Name };
                company.Contacts.Add(contact);
            }
            contact.Name = contactInput.Name.Trim();
            contact.Title = contactInput.Title?.Trim();
            contact.Phone = contactInput.Phone?.Trim();
            contact.Email = contactInput.Email?.Trim();
            contact.WeChat = contactInput.WeChat?.Trim();
        }
    }

    internal static readonly System.Linq.Expressions.Expression<Func<Company, CompanyResponse>> Projection = c => new CompanyResponse
    {
        Id = c.Id,
        Version = c.Version,
        Name = c.Name,
        CreditCode = c.CreditCode,
        Tier = c.Tier,
        Website = c.Website,
        Notes = c.Notes,
        Contacts = c.Contacts.OrderBy(x => x.Id)
            .Select(x => new ContactResponse(x.Id, x.Name, x.Title, x.Phone, x.Email, x.WeChat)).ToList(),
    };
}

public static class CompanyRules
{
    public static RuleViolation DuplicateCreditCode() =>
        new("company.duplicateCreditCode");
}
