using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Companies;

/// <summary>Companies are the zone's shared register: who sees them is <see cref="CompanyScope"/>; deals carry the desk scope.</summary>
public sealed class CompanyService(CrmDbContext db, TimeProvider time, DuplicateDetector duplicates)
{
    public const int MaxPageSize = 200;

    public Task<IReadOnlyList<CompanyResponse>> SearchAsync(CurrentUser user, string? q, int take, CancellationToken ct) =>
        SearchAsync(user, new CompanyFilter { Q = q, Take = take }, ct);

    public async Task<IReadOnlyList<CompanyResponse>> SearchAsync(CurrentUser user, CompanyFilter filter, CancellationToken ct) =>
        await db.Companies.AsNoTracking().VisibleTo(user)
            .Filter(db.Deals.VisibleTo(user), db.Deals, filter)
            .Sort(filter.Sort)
            .Take(Math.Clamp(filter.Take ?? MaxPageSize, 1, MaxPageSize))
            .Select(Projection)
            .ToListAsync(ct);

    /// <summary>
    /// The desks following each of <paramref name="companyIds"/> (<see cref="CompanyQuery.Following"/>): the codes only,
    /// what the duplicate check tells anyone, never a deal.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> FollowingDesksAsync(
        CurrentUser user, IReadOnlyCollection<int> companyIds, CancellationToken ct)
    {
        if (!user.WorksOnDeals || companyIds.Count == 0)
        {
            return new Dictionary<int, IReadOnlyList<string>>();
        }
        var pairs = await db.Deals.AsNoTracking().Where(CompanyQuery.Following).Where(d => companyIds.Contains(d.CompanyId))
            .Select(d => new { d.CompanyId, d.DeskCode }).Distinct().ToListAsync(ct);
        return pairs.GroupBy(p => p.CompanyId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(p => p.DeskCode).Order(StringComparer.Ordinal).ToList());
    }

    /// <summary>What <paramref name="user"/> may know and do beyond the register; null when the company is not theirs to see.</summary>
    public async Task<CompanyAccess?> AccessAsync(CurrentUser user, int id, CancellationToken ct)
    {
        if (!await db.Companies.VisibleTo(user).AnyAsync(c => c.Id == id, ct))
        {
            return null;
        }
        var all = await db.Deals.CountAsync(d => d.CompanyId == id, ct);
        var seen = await db.Deals.VisibleTo(user).CountAsync(d => d.CompanyId == id, ct);
        return new CompanyAccess(HasHiddenDeals: seen < all, MayEditContacts: MayEditContacts(all, seen));
    }

    /// <summary>
    /// Contacts belong to whoever follows the company: a user who sees one of its deals, or anyone while no desk follows it
    /// yet (a company just registered). A desk cannot wipe another desk's contacts.
    /// </summary>
    private static bool MayEditContacts(int deals, int seen) => deals == 0 || seen > 0;

    private async Task<bool> MayEditContactsAsync(CurrentUser user, int id, CancellationToken ct) =>
        MayEditContacts(await db.Deals.CountAsync(d => d.CompanyId == id, ct), await db.Deals.VisibleTo(user).CountAsync(d => d.CompanyId == id, ct));

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
        if (input.Contacts is not null && !await MayEditContactsAsync(by, id, ct))
        {
            return new ServiceResult<CompanyResponse>.Forbidden();
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

    /// <summary>Records (or clears) the day the company became 规上; whoever may update the company may, audited as an update.</summary>
    public async Task<ServiceResult<CompanyResponse>> SetScaleAsync(CurrentUser by, int id, CompanyScaleInput input, CancellationToken ct)
    {
        var company = await db.Companies.VisibleTo(by).SingleOrDefaultAsync(c => c.Id == id, ct);
        if (company is null)
        {
            return new ServiceResult<CompanyResponse>.NotFound();
        }
        var before = (await StoredAsync(id, ct))!;
        if (company.Version != input.Version)
        {
            return new ServiceResult<CompanyResponse>.Conflict(before);
        }
        company.ScaleSince = input.ScaleSince;
        company.Version++;
        company.UpdatedAt = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
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

    public Task<ServiceResult<CompanyResponse>> AddContactAsync(CurrentUser by, int companyId, ContactInput input, CancellationToken ct) =>
        ChangeContactsAsync(by, companyId, version: null, company =>
        {
            var contact = new Contact { Name = input.Name };
            Fill(contact, input);
            company.Contacts.Add(contact);
            return true;
        }, ct);

    /// <summary>Edits one contact; <see cref="ContactUpdateInput.Version"/> is the company's version, as every contact change moves it.</summary>
    public Task<ServiceResult<CompanyResponse>> UpdateContactAsync(CurrentUser by, int companyId, int contactId, ContactUpdateInput input, CancellationToken ct) =>
        ChangeContactsAsync(by, companyId, input.Version, company =>
        {
            if (company.Contacts.FirstOrDefault(c => c.Id == contactId) is not { } contact)
            {
                return false;
            }
            Fill(contact, input);
            return true;
        }, ct);

    public Task<ServiceResult<CompanyResponse>> RemoveContactAsync(CurrentUser by, int companyId, int contactId, CancellationToken ct) =>
        ChangeContactsAsync(by, companyId, version: null, company => company.Contacts.RemoveAll(c => c.Id == contactId) > 0, ct);

    /// <summary>
    /// One contact change: the company must be visible (else 404), its contacts the caller's to edit (else 403,
    /// <see cref="MayEditContacts"/>), the contact must exist (404); the company's version moves and the change is audited
    /// as an update of the company, before and after, in the same transaction.
    /// </summary>
    private async Task<ServiceResult<CompanyResponse>> ChangeContactsAsync(
        CurrentUser by, int companyId, long? version, Func<Company, bool> change, CancellationToken ct)
    {
        var company = await db.Companies.VisibleTo(by).Include(c => c.Contacts).SingleOrDefaultAsync(c => c.Id == companyId, ct);
        if (company is null)
        {
            return new ServiceResult<CompanyResponse>.NotFound();
        }
        if (!await MayEditContactsAsync(by, companyId, ct))
        {
            return new ServiceResult<CompanyResponse>.Forbidden();
        }
        var before = (await StoredAsync(companyId, ct))!;
        if (version is { } expected && expected != company.Version)
        {
            return new ServiceResult<CompanyResponse>.Conflict(before);
        }
        if (!change(company))
        {
            return new ServiceResult<CompanyResponse>.NotFound();
        }
        company.Version++;
        company.UpdatedAt = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            // A contact removed or the company changed meanwhile: what is stored now.
            return await StoredAsync(companyId, ct) is { } current
                ? new ServiceResult<CompanyResponse>.Conflict(current)
                : new ServiceResult<CompanyResponse>.NotFound();
        }
        var after = (await StoredAsync(companyId, ct))!;
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Company), companyId, AuditActions.Update, before, after, company.UpdatedAt));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    private static void Fill(Contact contact, ContactInput input)
    {
        contact.Name = input.Name.Trim();
        contact.Title = input.Title?.Trim();
        contact.Phone = input.Phone?.Trim();
        contact.Email = input.Email?.Trim();
        contact.WeChat = input.WeChat?.Trim();
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
            Fill(contact, contactInput);
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
        ScaleSince = c.ScaleSince,
        Contacts = c.Contacts.OrderBy(x => x.Id)
            .Select(x => new ContactResponse(x.Id, x.Name, x.Title, x.Phone, x.Email, x.WeChat)).ToList(),
    };
}

public static class CompanyRules
{
    public static RuleViolation DuplicateCreditCode() =>
        new("company.duplicateCreditCode");
}
