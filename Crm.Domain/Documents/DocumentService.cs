using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Domain.Documents;

/// <summary>A document as listed, downloaded and audited.</summary>
public sealed record DocumentResponse
{
    public required int Id { get; init; }
    public int? DealId { get; init; }
    public int? CompanyId { get; init; }
    public required DocumentKind Kind { get; init; }
    public required DateOnly On { get; init; }
    /// <summary>The sender's file name, for display only.</summary>
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required long SizeBytes { get; init; }
    public required bool IsSignedAgreement { get; init; }
    public required DateTime UploadedAt { get; init; }
    public required string UploadedBy { get; init; }
}

/// <summary>What comes with a file: its kind and date, the name and length the sender gave, and the agreement mark.</summary>
public sealed record DocumentUpload
{
    public required DocumentKind Kind { get; init; }
    public required DateOnly On { get; init; }
    public required string FileName { get; init; }
    public required long Length { get; init; }
    public bool IsSignedAgreement { get; init; }
}

/// <summary>A download: what it is and its bytes (the caller disposes them).</summary>
public sealed record DocumentContent(DocumentResponse Document, Stream Content);

/// <summary>
/// Documents filed on deals and companies. Who may see one is who may see its record (<see cref="DealScope"/>,
/// <see cref="CompanyScope"/>); anyone else is told it does not exist. Every upload, download and deletion is audited.
/// </summary>
public sealed class DocumentService(CrmDbContext db, TimeProvider time, IDocumentStore store, IOptions<DocumentOptions> options)
{
    /// <summary>The field every refusal of the file itself names (the form's and the API's multipart field).</summary>
    public const string FileField = "file";

    /// <summary>The deal's signed investment agreement: the latest-dated document marked so, if any.</summary>
    public static DocumentResponse? SignedAgreement(IEnumerable<DocumentResponse> documents) =>
        documents.Where(d => d.IsSignedAgreement).OrderByDescending(d => d.On).ThenByDescending(d => d.Id).FirstOrDefault();

    public long MaxSizeBytes => options.Value.MaxSizeBytes;

    /// <summary>The deal's documents, newest first; null when the deal is not the caller's to see.</summary>
    public async Task<IReadOnlyList<DocumentResponse>?> ForDealAsync(CurrentUser user, int dealId, CancellationToken ct) =>
        await db.Deals.VisibleTo(user).AnyAsync(d => d.Id == dealId, ct)
            ? await Listed(db.Documents.AsNoTracking().Where(d => d.DealId == dealId)).ToListAsync(ct)
            : null;

    /// <summary>The company's own documents (not its deals'), newest first; null when the company is not the caller's to see.</summary>
    public async Task<IReadOnlyList<DocumentResponse>?> ForCompanyAsync(CurrentUser user, int companyId, CancellationToken ct) =>
        await db.Companies.VisibleTo(user).AnyAsync(c => c.Id == companyId, ct)
            ? await Listed(db.Documents.AsNoTracking().Where(d => d.CompanyId == companyId)).ToListAsync(ct)
            : null;

    /// <summary>Files a document on a deal: who may change the deal may file on it (<see cref="DealScope.MayEdit"/>).</summary>
    public async Task<ServiceResult<DocumentResponse>> UploadToDealAsync(CurrentUser by, int dealId, DocumentUpload upload, Stream content, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Include(d => d.Care).VisibleTo(by).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return new ServiceResult<DocumentResponse>.NotFound();
        }
        return by.MayEdit(deal) ? await UploadAsync(by, dealId, null, upload, content, ct) : new ServiceResult<DocumentResponse>.Forbidden();
    }

    /// <summary>Files a document on a company; the signed agreement belongs to a deal.</summary>
    public async Task<ServiceResult<DocumentResponse>> UploadToCompanyAsync(CurrentUser by, int companyId, DocumentUpload upload, Stream content, CancellationToken ct)
    {
        if (!await db.Companies.VisibleTo(by).AnyAsync(c => c.Id == companyId, ct))
        {
            return new ServiceResult<DocumentResponse>.NotFound();
        }
        return upload.IsSignedAgreement
            ? new ServiceResult<DocumentResponse>.Invalid(nameof(DocumentUpload.IsSignedAgreement), "document.agreementOnDealOnly")
            : await UploadAsync(by, null, companyId, upload, content, ct);
    }

    /// <summary>The bytes of a document the caller may see (audited), or null — the same for one that does not exist.</summary>
    public async Task<DocumentContent?> OpenAsync(CurrentUser user, int id, CancellationToken ct)
    {
        var document = await Visible(user).Where(d => d.Id == id).Select(d => new { d.StorageKey }).SingleOrDefaultAsync(ct);
        if (document is null || await store.OpenAsync(document.StorageKey, ct) is not { } content)
        {
            return null;
        }
        var shown = await Listed(db.Documents.AsNoTracking().Where(d => d.Id == id)).SingleAsync(ct);
        db.AuditLog.Add(AuditEntry.Of<DocumentResponse>(user.Id, nameof(Document), id, AuditActions.Download, null, shown, time.UtcNow()));
        await db.SaveChangesAsync(ct);
        return new DocumentContent(shown, content);
    }

    /// <summary>
    /// Removes a document: on a deal, whoever may change the deal; on a company, its uploader or a manager. The row and its
    /// audit go in one transaction, the bytes after it.
    /// </summary>
    public async Task<ServiceResult<DocumentResponse>> DeleteAsync(CurrentUser by, int id, CancellationToken ct)
    {
        var document = await Visible(by).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (document is null)
        {
            return new ServiceResult<DocumentResponse>.NotFound();
        }
        var mayDelete = document.DealId is { } dealId
            ? by.MayEdit(await db.Deals.AsNoTracking().Include(d => d.Care).SingleAsync(d => d.Id == dealId, ct))
            : by.IsZoneWide || document.UploadedById == by.Id;
        if (!mayDelete)
        {
            return new ServiceResult<DocumentResponse>.Forbidden();
        }
        var before = await Listed(db.Documents.AsNoTracking().Where(d => d.Id == id)).SingleAsync(ct);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Documents.Remove(document);
            db.AuditLog.Add(AuditEntry.Of<DocumentResponse>(by.Id, nameof(Document), id, AuditActions.Delete, before, null, time.UtcNow()));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        await store.DeleteAsync(document.StorageKey, CancellationToken.None);
        return before;
    }

    private async Task<ServiceResult<DocumentResponse>> UploadAsync(CurrentUser by, int? dealId, int? companyId, DocumentUpload upload, Stream content,
        CancellationToken ct)
    {
        if (Refusal(upload) is { } refused)
        {
            return refused;
        }
        var name = DocumentNames.Display(upload.FileName);
        var type = FileSignatures.ForName(name);
        if (type is null)
        {
            return new ServiceResult<DocumentResponse>.Invalid(FileField, "document.typeNotAllowed", FileSignatures.Names);
        }
        var max = options.Value.MaxSizeBytes;
        if (upload.Length > max)
        {
            return TooLarge();
        }
        // Read whole (at most the limit and one byte more) so the size and the leading bytes are what is stored.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > max)
            {
                return TooLarge();
            }
        }
        if (buffer.Length == 0)
        {
            return new ServiceResult<DocumentResponse>.Invalid(FileField, "document.empty");
        }
        if (!FileSignatures.Matches(type, buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, FileSignatures.HeadLength))))
        {
            return new ServiceResult<DocumentResponse>.Invalid(FileField, "document.contentMismatch", type.Name);
        }

        var key = DocumentKeys.New();
        buffer.Position = 0;
        await store.SaveAsync(key, buffer, ct);
        try
        {
            var document = new Document
            {
                DealId = dealId,
                CompanyId = companyId,
                Kind = upload.Kind,
                On = upload.On,
                FileName = name,
                ContentType = type.ContentType,
                SizeBytes = buffer.Length,
                StorageKey = key,
                IsSignedAgreement = upload.IsSignedAgreement,
                UploadedAt = time.UtcNow(),
                UploadedById = by.Id,
            };
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Documents.Add(document);
            await db.SaveChangesAsync(ct);
            var after = await Listed(db.Documents.AsNoTracking().Where(d => d.Id == document.Id)).SingleAsync(ct);
            db.AuditLog.Add(AuditEntry.Of<DocumentResponse>(by.Id, nameof(Document), document.Id, AuditActions.Upload, null, after, document.UploadedAt));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return after;
        }
        catch
        {
            // No row names the bytes: they go too.
            await store.DeleteAsync(key, CancellationToken.None);
            throw;
        }

        ServiceResult<DocumentResponse> TooLarge() =>
            new ServiceResult<DocumentResponse>.Invalid(FileField, "document.tooLarge", options.Value.MaxSizeMegabytes);
    }

    private ServiceResult<DocumentResponse>? Refusal(DocumentUpload upload)
    {
        if (!Enum.IsDefined(upload.Kind))
        {
            return new ServiceResult<DocumentResponse>.Invalid(nameof(DocumentUpload.Kind), "document.kindRequired");
        }
        var today = time.ZoneToday();
        if (upload.On < FigureLimits.EarliestDate || upload.On > today)
        {
            return new ServiceResult<DocumentResponse>.Invalid(nameof(DocumentUpload.On), "document.dateOutOfRange", FigureLimits.EarliestDate, today);
        }
        if (upload.IsSignedAgreement && upload.Kind != DocumentKind.InvestmentAgreement)
        {
            return new ServiceResult<DocumentResponse>.Invalid(nameof(DocumentUpload.IsSignedAgreement), "document.agreementKind");
        }
        return null;
    }


    private IQueryable<Document> Visible(CurrentUser user) => db.Documents.VisibleTo(db, user);

    private IQueryable<DocumentResponse> Listed(IQueryable<Document> documents) =>
        from d in documents
        join u in db.Users on d.UploadedById equals u.Id
        orderby d.On descending, d.Id descending
        select new DocumentResponse
        {
            Id = d.Id,
            DealId = d.DealId,
            CompanyId = d.CompanyId,
            Kind = d.Kind,
            On = d.On,
            FileName = d.FileName,
            ContentType = d.ContentType,
            SizeBytes = d.SizeBytes,
            IsSignedAgreement = d.IsSignedAgreement,
            UploadedAt = d.UploadedAt,
            UploadedBy = u.DisplayName,
        };
}

/// <summary>A sender's file name made fit to show and to name a download: its last segment, no control characters, not too long.</summary>
public static class DocumentNames
{
    public static string Display(string? sent)
    {
        var name = (sent ?? "").Replace('\\', '/');
        name = new string(name[(name.LastIndexOf('/') + 1)..].Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (name.Length <= FieldLengths.Name)
        {
            return name;
        }
        var extension = Path.GetExtension(name);
        return extension.Length < 16 ? name[..(FieldLengths.Name - extension.Length)] + extension : name[..FieldLengths.Name];
    }
}
