using System.Globalization;
using System.Text.Json;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Imports;

/// <summary>
/// Ledger imports (docs/decisions/0019-ledger-import.md): a dry run says per row what an import would do; the import
/// runs as a job in batches of <see cref="BatchSize"/>, each batch and its progress in one transaction; an Admin undoes
/// an import whole. Duplicates are the product's own <see cref="DuplicateDetector"/>, across every desk; the stage
/// history is built by the deal's own rules (<see cref="Deal.CheckMove"/>), so a row the pipeline would refuse is
/// invalid with the pipeline's reason.
/// </summary>
public sealed class ImportService(CrmDbContext db, TimeProvider time, DuplicateDetector duplicates, IImportScheduler scheduler)
{
    public const int BatchSize = 200;
    public const int MaxBytes = 10 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The file's headers, each with the field remembered for this layout or suggested by its words.</summary>
    public async Task<ServiceResult<ImportPreview>> PreviewAsync(CurrentUser user, byte[] content, string fileName, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return new ServiceResult<ImportPreview>.Forbidden();
        }
        if (CheckFile(content, fileName) is { } invalid)
        {
            return new ServiceResult<ImportPreview>.Invalid(invalid.Field, invalid.Reason);
        }
        var sheet = LedgerReader.Read(content, fileName);
        if (sheet is null || sheet.Headers.Count == 0)
        {
            return new ServiceResult<ImportPreview>.Invalid("file", "import.fileUnreadable");
        }
        var remembered = await db.ImportLayouts.AsNoTracking().Where(l => l.HeaderKey == sheet.LayoutKey).Select(l => l.Mapping).SingleOrDefaultAsync(ct);
        var mapping = remembered is null ? null : JsonSerializer.Deserialize<Dictionary<string, ImportField>>(remembered, Json);
        var columns = sheet.Headers
            .Select(h => new ImportColumn(h.Column, h.Text, mapping is null ? ImportFields.Suggest(h.Text)
                : mapping.TryGetValue(h.Text, out var field) ? field : null))
            .ToList();
        return new ImportPreview(sheet.HeaderRow, sheet.Rows.Count, remembered is not null, columns);
    }

    /// <summary>
    /// A dry run (answered at once, stored) or an import (stored, queued as a job). Without a mapping the preview's is
    /// used; the mapping is remembered for the layout.
    /// </summary>
    public async Task<ServiceResult<ImportResponse>> StartAsync(
        CurrentUser user, byte[] content, string fileName, IReadOnlyDictionary<string, ImportField>? mapping, bool dryRun, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return new ServiceResult<ImportResponse>.Forbidden();
        }
        if (CheckFile(content, fileName) is { } badFile)
        {
            return badFile;
        }
        var sheet = LedgerReader.Read(content, fileName);
        if (sheet is null || sheet.Headers.Count == 0)
        {
            return new ServiceResult<ImportResponse>.Invalid("file", "import.fileUnreadable");
        }
        if (mapping is null)
        {
            var preview = (ServiceResult<ImportPreview>.Ok)await PreviewAsync(user, content, fileName, ct);
            mapping = preview.Value.Columns.Where(c => c.Field is not null).ToDictionary(c => c.Header, c => c.Field!.Value);
        }
        if (mapping.Keys.FirstOrDefault(h => sheet.Headers.All(x => x.Text != h)) is { } unknown)
        {
            return new ServiceResult<ImportResponse>.Invalid("mapping", "import.mappingUnknownHeader", unknown);
        }
        if (!mapping.Values.Contains(ImportField.CompanyName))
        {
            return new ServiceResult<ImportResponse>.Invalid("mapping", "import.companyNameColumnRequired");
        }
        if (mapping.Values.GroupBy(f => f).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return new ServiceResult<ImportResponse>.Invalid("mapping", "import.fieldMappedTwice", $"ImportField.{twice.Key}");
        }

        var now = time.UtcNow();
        var mappingJson = JsonSerializer.Serialize(mapping, Json);
        var import = new LedgerImport
        {
            FileName = Path.GetFileName(fileName),
            CreatedById = user.Id,
            CreatedAt = now,
            DryRun = dryRun,
            Status = dryRun ? ImportStatus.Done : ImportStatus.Queued,
            Mapping = mappingJson,
            Content = content,
            TotalRows = sheet.Rows.Count,
        };
        if (dryRun)
        {
            var columns = Columns(sheet, mapping);
            var context = await ContextAsync(ct);
            foreach (var batch in sheet.Rows.Chunk(BatchSize))
            {
                foreach (var planned in await PlanAsync(user, sheet, columns, context, batch, ct))
                {
                    import.Rows.Add(planned.ToRow());
                }
            }
            Count(import);
            import.ProcessedRows = import.TotalRows;
            import.FinishedAt = now;
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.LedgerImports.Add(import);
        await RememberAsync(sheet.LayoutKey, mappingJson, now, ct);
        await db.SaveChangesAsync(ct);
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(LedgerImport), import.Id, AuditActions.Create, null,
            new { import.FileName, import.DryRun, Mapping = mapping, import.TotalRows, import.NewRows, import.DuplicateRows, import.InvalidRows }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (!dryRun)
        {
            scheduler.Enqueue(import.Id);
        }
        return (await GetAsync(user, import.Id, ct))!;
    }

    public async Task<ImportResponse?> GetAsync(CurrentUser user, long id, CancellationToken ct, CultureInfo? culture = null)
    {
        if (!user.IsZoneWide)
        {
            return null;
        }
        var import = await db.LedgerImports.AsNoTracking().Where(i => i.Id == id)
            .Select(i => new { i.Id, i.FileName, i.DryRun, i.Status, i.TotalRows, i.ProcessedRows, i.NewRows, i.DuplicateRows, i.InvalidRows, i.CreatedAt, i.FinishedAt, i.UndoneAt })
            .SingleOrDefaultAsync(ct);
        if (import is null)
        {
            return null;
        }
        var rows = await db.LedgerImportRows.AsNoTracking().Where(r => r.ImportId == id).OrderBy(r => r.RowNumber).ToListAsync(ct);
        return new ImportResponse
        {
            Id = import.Id,
            FileName = import.FileName,
            DryRun = import.DryRun,
            Status = import.Status,
            TotalRows = import.TotalRows,
            ProcessedRows = import.ProcessedRows,
            NewRows = import.NewRows,
            DuplicateRows = import.DuplicateRows,
            InvalidRows = import.InvalidRows,
            CreatedAt = import.CreatedAt,
            FinishedAt = import.FinishedAt,
            UndoneAt = import.UndoneAt,
            Rows = rows.Select(r => ImportRowResponse.Of(r, culture)).ToList(),
        };
    }

    /// <summary>The latest imports (not dry runs), newest first: where a user who left an import finds it again.</summary>
    public async Task<IReadOnlyList<ImportSummary>> RecentAsync(CurrentUser user, int take, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return [];
        }
        return await db.LedgerImports.AsNoTracking().Where(i => !i.DryRun).OrderByDescending(i => i.Id).Take(take)
            .Select(i => new ImportSummary(i.Id, i.FileName, i.Status, i.TotalRows, i.ProcessedRows, i.NewRows, i.DuplicateRows, i.InvalidRows, i.CreatedAt))
            .ToListAsync(ct);
    }

    /// <summary>The job's work: the rows not yet done, batch by batch; a batch that fails leaves nothing and is retried.</summary>
    public async Task RunAsync(long id, CancellationToken ct)
    {
        var import = await db.LedgerImports.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (import is null || import.DryRun || import.Status is ImportStatus.Done or ImportStatus.Undone)
        {
            return;
        }
        import.Status = ImportStatus.Running;
        await db.SaveChangesAsync(ct);

        var sheet = LedgerReader.Read(import.Content, import.FileName)!;
        var mapping = JsonSerializer.Deserialize<Dictionary<string, ImportField>>(import.Mapping, Json)!;
        var user = await UserAsync(import.CreatedById, ct);
        var columns = Columns(sheet, mapping);
        var context = await ContextAsync(ct);
        foreach (var batch in sheet.Rows.Skip(import.ProcessedRows).Chunk(BatchSize))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var now = time.UtcNow();
            foreach (var planned in await PlanAsync(user, sheet, columns, context, batch, ct))
            {
                var row = planned.ToRow();
                if (planned.Outcome == ImportOutcome.New)
                {
                    await CreateAsync(user, planned, row, import.Id, now, ct);
                }
                import.Rows.Add(row);
            }
            import.ProcessedRows += batch.Length;
            Count(import);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        import.Status = ImportStatus.Done;
        import.FinishedAt = time.UtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Deletes exactly what the import created — its contacts, deals with their history, companies — in one transaction,
    /// audited; refused when any of it was changed since (the change would be lost silently).
    /// </summary>
    public async Task<ServiceResult<ImportResponse>> UndoAsync(CurrentUser user, long id, CancellationToken ct)
    {
        if (!user.IsAdmin)
        {
            return new ServiceResult<ImportResponse>.Forbidden();
        }
        var import = await db.LedgerImports.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (import is null)
        {
            return new ServiceResult<ImportResponse>.NotFound();
        }
        if (import.DryRun || import.Status != ImportStatus.Done)
        {
            return new RuleViolation("import.notUndoable", $"ImportStatus.{import.Status}");
        }
        var rows = await db.LedgerImportRows.Where(r => r.ImportId == id && r.Outcome == ImportOutcome.New).ToListAsync(ct);
        var dealIds = rows.Where(r => r.DealId is not null).Select(r => r.DealId!.Value).ToList();
        var companyIds = rows.Where(r => r.CreatedCompany && r.CompanyId is not null).Select(r => r.CompanyId!.Value).ToList();
        var contactIds = rows.Where(r => r.ContactId is not null).Select(r => r.ContactId!.Value).ToList();

        var changed = await db.Deals.AnyAsync(d => dealIds.Contains(d.Id) && d.Version != 1, ct)
            || await db.Activities.AnyAsync(a => dealIds.Contains(a.DealId), ct)
            || await db.Companies.AnyAsync(c => companyIds.Contains(c.Id) && c.Version != 1, ct)
            || await db.Deals.AnyAsync(d => companyIds.Contains(d.CompanyId) && !dealIds.Contains(d.Id), ct);
        if (changed)
        {
            return new RuleViolation("import.changedSince");
        }

        var now = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Contacts.Where(c => contactIds.Contains(c.Id)).ExecuteDeleteAsync(ct);
        await db.StageChanges.Where(s => dealIds.Contains(s.DealId)).ExecuteDeleteAsync(ct);
        await db.Deals.Where(d => dealIds.Contains(d.Id)).ExecuteDeleteAsync(ct);
        await db.Contacts.Where(c => companyIds.Contains(c.CompanyId)).ExecuteDeleteAsync(ct);
        await db.Companies.Where(c => companyIds.Contains(c.Id)).ExecuteDeleteAsync(ct);
        foreach (var dealId in dealIds)
        {
            db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(Deal), dealId, AuditActions.Delete, new { ImportId = id }, null, now));
        }
        foreach (var companyId in companyIds)
        {
            db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(Company), companyId, AuditActions.Delete, new { ImportId = id }, null, now));
        }
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(LedgerImport), id, AuditActions.Undo,
            new { Status = import.Status }, new { Status = ImportStatus.Undone, Deals = dealIds, Companies = companyIds, Contacts = contactIds }, now));
        import.Status = ImportStatus.Undone;
        import.UndoneAt = now;
        import.UndoneById = user.Id;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (await GetAsync(user, id, ct))!;
    }

    private static ServiceResult<ImportResponse>.Invalid? CheckFile(byte[] content, string fileName) =>
        !LedgerReader.IsSupported(fileName) ? new("file", "import.fileType")
        : content.Length == 0 ? new("file", "import.fileUnreadable")
        : content.Length > MaxBytes ? new("file", "import.fileTooLarge", MaxBytes / 1024 / 1024)
        : null;

    private async Task RememberAsync(string layoutKey, string mapping, DateTime now, CancellationToken ct)
    {
        var layout = await db.ImportLayouts.SingleOrDefaultAsync(l => l.HeaderKey == layoutKey, ct);
        if (layout is null)
        {
            db.ImportLayouts.Add(new ImportLayout { HeaderKey = layoutKey, Mapping = mapping, UpdatedAt = now });
        }
        else
        {
            layout.Mapping = mapping;
            layout.UpdatedAt = now;
        }
    }

    private static void Count(LedgerImport import)
    {
        import.NewRows = import.Rows.Count(r => r.Outcome == ImportOutcome.New);
        import.DuplicateRows = import.Rows.Count(r => r.Outcome == ImportOutcome.Duplicate);
        import.InvalidRows = import.Rows.Count(r => r.Outcome == ImportOutcome.Invalid);
    }

    private async Task<CurrentUser> UserAsync(string id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new { u.Id, u.DeskCode }).SingleAsync(ct);
        var roles = await db.UserRoles.Where(r => r.UserId == id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct);
        return new CurrentUser(user.Id, roles.ToHashSet(), user.DeskCode);
    }

    private static Dictionary<ImportField, string> Columns(LedgerSheet sheet, IReadOnlyDictionary<string, ImportField> mapping) =>
        mapping.Where(m => sheet.Headers.Any(h => h.Text == m.Key))
            .ToDictionary(m => m.Value, m => sheet.Headers.First(h => h.Text == m.Key).Column);

    // ---- planning: what each row would become

    private sealed record Context(
        IReadOnlyList<(string Code, string Name, string NameEn)> Desks,
        IReadOnlyList<(string Id, string Name)> Owners,
        IReadOnlyList<(int Id, string Name, Organizations.OrganizationKind Kind)> Organizations);

    private async Task<Context> ContextAsync(CancellationToken ct)
    {
        var desks = (await db.Desks.AsNoTracking().Select(d => new { d.Code, d.Name, d.NameEn }).ToListAsync(ct)).Select(d => (d.Code, d.Name, d.NameEn)).ToList();
        var owners = (await db.UserRoles.Join(db.Roles, r => r.RoleId, r => r.Id, (u, r) => new { u.UserId, r.Name })
                .Where(x => x.Name == Roles.Recruiter || x.Name == Roles.Manager)
                .Join(db.Users, x => x.UserId, u => u.Id, (_, u) => new { u.Id, u.DisplayName })
                .Distinct().ToListAsync(ct))
            .Select(u => (u.Id, u.DisplayName)).ToList();
        var organizations = (await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name, o.Kind }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name, o.Kind)).ToList();
        return new Context(desks, owners, organizations);
    }

    private sealed record Candidate
    {
        public required string CompanyName { get; init; }
        public string? CreditCode { get; init; }
        public required string Title { get; init; }
        public long? Yuan { get; init; }
        public DateOnly? SignedOn { get; init; }
        public DateOnly? StartedOn { get; init; }
        public DateOnly? ProducingOn { get; init; }
        public DealSource Source { get; init; }
        public int? OrganizationId { get; init; }
        public required string Desk { get; init; }
        public required string OwnerId { get; init; }
        public string? Contact { get; init; }
        public string? Phone { get; init; }
    }

    private sealed record Planned(LedgerRow Row, ImportOutcome Outcome, RuleViolation? Reason, string? Cell, Candidate? Candidate, string? CompanyName, string? Title)
    {
        public int? ExistingCompanyId { get; init; }

        public LedgerImportRow ToRow() => new()
        {
            RowNumber = Row.Number,
            Outcome = Outcome,
            Code = Reason?.Code,
            Args = Reason is null ? null : JsonSerializer.Serialize(Reason.Args.Select(ArgText).ToList()),
            Cell = Cell,
            CompanyName = Truncate(CompanyName),
            Title = Truncate(Title),
            CompanyId = ExistingCompanyId,
        };

        private static string? Truncate(string? text) => text is { Length: > FieldLengths.Name } ? text[..FieldLengths.Name] : text;

        /// <summary>An argument as stored: an enum as its catalogue key, so the row reads in the reader's language later.</summary>
        private static string? ArgText(object? arg) => arg switch
        {
            null => null,
            Enum e => $"{e.GetType().Name}.{e}",
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => arg.ToString(),
        };
    }

    private async Task<List<Planned>> PlanAsync(
        CurrentUser user, LedgerSheet sheet, Dictionary<ImportField, string> columns, Context context, IReadOnlyList<LedgerRow> batch, CancellationToken ct)
    {
        var today = time.ZoneToday();
        var now = time.UtcNow();
        var plans = batch.Select(row => Read(user, columns, context, row, today, now)).ToList();
        var firstRows = FirstRowOfEachCompany(sheet, columns);

        var candidates = plans.Where(p => p.Candidate is not null).ToList();
        var matches = await duplicates.FindManyAsync(candidates.Select(p => new DuplicateCheck(p.Candidate!.CompanyName, p.Candidate.CreditCode)).ToList(), ct);
        var found = candidates.Select((p, i) => (p, matches[i])).ToDictionary(x => x.p.Row.Number, x => x.Item2);

        return plans.Select(p =>
        {
            if (p.Candidate is not { } candidate)
            {
                return p;
            }
            var companyCell = p.Row.Cell(columns[ImportField.CompanyName]).Ref;
            if (firstRows.TryGetValue(CompanyKey(candidate.CompanyName), out var first) && first < p.Row.Number)
            {
                return p with { Outcome = ImportOutcome.Duplicate, Reason = new RuleViolation("import.sameCompanyAsRow", first), Cell = companyCell, Candidate = null };
            }
            var surest = found[p.Row.Number].Where(m => m.Level >= DuplicateLevel.Likely).ToList();
            if (surest.FirstOrDefault(m => m.Kind == DuplicateKind.Deal && m.IsFollowed) is { } deal)
            {
                return p with { Outcome = ImportOutcome.Duplicate, Reason = new RuleViolation("import.duplicateDeal", deal.Desk, deal.Since), Cell = companyCell, Candidate = null };
            }
            if (surest.FirstOrDefault(m => m.Level >= DuplicateLevel.Strong && m.Kind != DuplicateKind.Referral) is { CompanyId: { } companyId })
            {
                return p with { ExistingCompanyId = companyId };
            }
            if (surest.FirstOrDefault() is { } other)
            {
                return p with
                {
                    Outcome = ImportOutcome.Duplicate,
                    Reason = new RuleViolation(other.Kind == DuplicateKind.Referral ? "import.duplicateReferral" : "import.duplicateCompany", other.CompanyName, other.Since),
                    Cell = companyCell,
                    Candidate = null,
                };
            }
            return p;
        }).ToList();
    }

    private static string CompanyKey(string name) => CompanyNameNormalizer.Normalize(name).Name;

    /// <summary>The first row of each company in the file: a later row of the same company is reported, not imported twice.</summary>
    private static Dictionary<string, int> FirstRowOfEachCompany(LedgerSheet sheet, Dictionary<ImportField, string> columns)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            if (row.Cell(columns[ImportField.CompanyName]).Text is { } name && CompanyKey(name) is { Length: > 0 } key)
            {
                first.TryAdd(key, row.Number);
            }
        }
        return first;
    }

    private static Planned Invalid(LedgerRow row, string? cell, RuleViolation reason, string? company, string? title) =>
        new(row, ImportOutcome.Invalid, reason, cell, null, company, title);

    private static Planned Read(CurrentUser user, Dictionary<ImportField, string> columns, Context context, LedgerRow row, DateOnly today, DateTime now)
    {
        LedgerCell? Cell(ImportField field) => columns.TryGetValue(field, out var column) ? row.Cell(column) : null;
        string? Text(ImportField field) => Cell(field)?.Text;

        var companyCell = Cell(ImportField.CompanyName)!;
        var name = companyCell.Text;
        var title = Text(ImportField.Title) ?? name;
        if (name is null)
        {
            return Invalid(row, companyCell.Ref, new RuleViolation("import.companyNameRequired"), null, title);
        }
        title ??= name;
        var company = new CompanyInput
        {
            Name = name,
            CreditCode = Text(ImportField.CreditCode),
            Contacts = Text(ImportField.Contact) is { } contactName ? [new ContactInput { Name = contactName, Phone = Text(ImportField.Phone) }] : null,
        };
        var companyFailure = new CompanyInputValidator().Validate(company).Errors.FirstOrDefault();
        if (companyFailure is not null)
        {
            var field = companyFailure.PropertyName switch
            {
                nameof(CompanyInput.CreditCode) => ImportField.CreditCode,
                var p when p.EndsWith(nameof(ContactInput.Phone), StringComparison.Ordinal) => ImportField.Phone,
                var p when p.StartsWith(nameof(CompanyInput.Contacts), StringComparison.Ordinal) => ImportField.Contact,
                _ => ImportField.CompanyName,
            };
            var code = companyFailure.ErrorCode.Contains('.', StringComparison.Ordinal) ? companyFailure.ErrorCode : "import.valueInvalid";
            return Invalid(row, Cell(field)?.Ref, new RuleViolation(code), name, title);
        }
        if (title.Length > FieldLengths.Name)
        {
            return Invalid(row, Cell(ImportField.Title)?.Ref, new RuleViolation("import.valueInvalid"), name, title);
        }

        long? yuan = null;
        foreach (var (field, unit) in new[] { (ImportField.InvestmentWan, ImportFields.YuanPerWan), (ImportField.InvestmentYi, ImportFields.YuanPerYi) })
        {
            if (Cell(field) is not { } cell)
            {
                continue;
            }
            var (ok, amount) = LedgerReader.ReadAmount(cell, unit);
            if (!ok)
            {
                return Invalid(row, cell.Ref, new RuleViolation("import.amountUnreadable", cell.Text), name, title);
            }
            if (amount is null)
            {
                continue;
            }
            if (amount < 1 || amount > FigureLimits.MaxInvestmentYuan)
            {
                return Invalid(row, cell.Ref, new RuleViolation("import.amountOutOfRange", cell.Text), name, title);
            }
            if (yuan is not null)
            {
                return Invalid(row, cell.Ref, new RuleViolation("import.twoAmounts"), name, title);
            }
            yuan = (long)amount;
        }

        var dates = new Dictionary<ImportField, DateOnly?>();
        foreach (var field in new[] { ImportField.SignedOn, ImportField.StartedOn, ImportField.ProducingOn })
        {
            if (Cell(field) is not { } cell)
            {
                dates[field] = null;
                continue;
            }
            var (ok, date) = LedgerReader.ReadDate(cell);
            if (!ok || date < FigureLimits.EarliestDate)
            {
                return Invalid(row, cell.Ref, new RuleViolation("import.dateUnreadable", cell.Text), name, title);
            }
            dates[field] = date;
        }

        var deskCell = Cell(ImportField.Desk);
        var deskText = deskCell?.Text;
        if (deskText is null)
        {
            return Invalid(row, deskCell?.Ref, new RuleViolation("import.deskRequired"), name, title);
        }
        var desk = context.Desks.FirstOrDefault(d => Same(d.Code, deskText) || Same(d.Name, deskText) || Same(d.NameEn, deskText)).Code;
        if (desk is null)
        {
            return Invalid(row, deskCell!.Ref, new RuleViolation("import.unknownDesk", deskText), name, title);
        }

        var ownerCell = Cell(ImportField.Owner);
        string? owner;
        if (ownerCell?.Text is { } ownerText)
        {
            owner = context.Owners.FirstOrDefault(o => Same(o.Name, ownerText)).Id;
            if (owner is null)
            {
                return Invalid(row, ownerCell.Ref, new RuleViolation("import.unknownOwner", ownerText), name, title);
            }
        }
        else if (user.IsManager)
        {
            owner = user.Id;
        }
        else
        {
            return Invalid(row, ownerCell?.Ref, new RuleViolation("import.ownerRequired"), name, title);
        }

        var sourceCell = Cell(ImportField.Source);
        var source = DealSource.Desk;
        int? organization = null;
        if (sourceCell?.Text is { } sourceText)
        {
            var org = context.Organizations.FirstOrDefault(o => Same(o.Name, sourceText));
            if (org.Name is not null)
            {
                organization = org.Id;
                source = org.Kind == Organizations.OrganizationKind.HometownAssociation ? DealSource.HometownAssociation : DealSource.BusinessAssociation;
            }
            else if (Enum.GetValues<DealSource>().Cast<DealSource?>().FirstOrDefault(s =>
                         Same(Catalogue.Text($"DealSource.{s}", Catalogue.ChineseCulture), sourceText)
                         || Same(Catalogue.Text($"DealSource.{s}", Catalogue.EnglishCulture), sourceText)) is { } named)
            {
                source = named;
                var missing = named switch
                {
                    DealSource.HometownAssociation or DealSource.BusinessAssociation => "deal.organizationRequired",
                    DealSource.Advisor => "deal.advisorRequired",
                    DealSource.EnterpriseReferral => "deal.referringCompanyRequired",
                    _ => null,
                };
                if (missing is not null)
                {
                    return Invalid(row, sourceCell.Ref, new RuleViolation(missing), name, title);
                }
            }
            else
            {
                return Invalid(row, sourceCell.Ref, new RuleViolation("import.unknownSource", sourceText), name, title);
            }
        }

        var candidate = new Candidate
        {
            CompanyName = name.Trim(),
            CreditCode = string.IsNullOrWhiteSpace(company.CreditCode) ? null : CreditCode.Normalize(company.CreditCode),
            Title = title.Trim(),
            Yuan = yuan,
            SignedOn = dates[ImportField.SignedOn],
            StartedOn = dates[ImportField.StartedOn],
            ProducingOn = dates[ImportField.ProducingOn],
            Source = source,
            OrganizationId = organization,
            Desk = desk,
            OwnerId = owner,
            Contact = company.Contacts?[0].Name.Trim(),
            Phone = company.Contacts?[0].Phone?.Trim(),
        };
        // The pipeline's own rules decide whether the milestones can be recorded; its refusal names the date's cell.
        var (_, _, violation, field2) = Build(candidate, 0, user, today, now);
        return violation is not null
            ? Invalid(row, Cell(field2!.Value)?.Ref ?? Cell(ImportField.SignedOn)?.Ref, violation, name, title)
            : new Planned(row, ImportOutcome.New, null, null, candidate, candidate.CompanyName, candidate.Title);
    }

    private static bool Same(string a, string b) => string.Equals(LedgerReader.NormalizeHeader(a), LedgerReader.NormalizeHeader(b), StringComparison.Ordinal);

    /// <summary>
    /// The deal and its history as the pipeline would have recorded them: created at Lead on the first milestone date
    /// (today without one), then a move into each milestone reached by today, on its date. A date still ahead is the
    /// plan. Null deal and the refusal (with the field whose date it concerns) when the pipeline refuses a move.
    /// </summary>
    private static (Deal? Deal, List<StageChange> History, RuleViolation? Violation, ImportField? Field) Build(
        Candidate c, int companyId, CurrentUser by, DateOnly today, DateTime now)
    {
        var reached = new List<(ImportField Field, DealStage Stage, DateOnly On)>();
        foreach (var (field, stage, on) in new[] { (ImportField.SignedOn, DealStage.Signed, c.SignedOn), (ImportField.StartedOn, DealStage.Started, c.StartedOn), (ImportField.ProducingOn, DealStage.Producing, c.ProducingOn) })
        {
            if (on is { } date && (date <= today || stage == DealStage.Signed))
            {
                reached.Add((field, stage, date));
            }
        }
        var leadOn = reached.Count == 0 ? today : reached.Min(r => r.On) is var first && first <= today ? first : today;
        var (deal, created) = Deal.Create(c.Title, companyId, c.Desk, c.OwnerId, leadOn, by.Id, now);
        deal.Source = c.Source;
        deal.OrganizationId = c.OrganizationId;
        deal.Region = Region.Other;
        deal.Segment = Segment.Other;
        if (reached.Count == 0 || reached[0].Stage != DealStage.Signed)
        {
            deal.EstimatedInvestmentYuan = c.Yuan;
        }
        var history = new List<StageChange> { created };
        foreach (var (field, stage, on) in reached)
        {
            var move = new StageMove
            {
                Stage = stage,
                EffectiveOn = on,
                AgreedInvestmentYuan = stage == DealStage.Signed ? c.Yuan : null,
                PlannedStartOn = stage == DealStage.Signed ? c.StartedOn : null,
                PlannedProductionOn = stage == DealStage.Signed ? c.ProducingOn : null,
            };
            if (deal.CheckMove(move, by, today) is { } violation)
            {
                var cell = violation.Code == PipelineRules.AgreementRequired().Code
                    ? (c.Yuan is null ? ImportField.InvestmentWan : c.StartedOn is null ? ImportField.StartedOn : ImportField.ProducingOn)
                    : field;
                return (null, history, violation, cell);
            }
            history.Add(deal.MoveTo(move, by, today, now));
        }
        deal.Touch(now);
        return (deal, history, null, null);
    }

    private async Task CreateAsync(CurrentUser user, Planned planned, LedgerImportRow row, long importId, DateTime now, CancellationToken ct)
    {
        var c = planned.Candidate!;
        var companyId = planned.ExistingCompanyId;
        if (companyId is null)
        {
            var company = new Company { Name = c.CompanyName, CreditCode = c.CreditCode, CreatedAt = now, UpdatedAt = now };
            db.Companies.Add(company);
            await db.SaveChangesAsync(ct);
            companyId = company.Id;
            row.CreatedCompany = true;
            db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(Company), company.Id, AuditActions.Create, null,
                new { company.Id, company.Name, company.CreditCode, ImportId = importId }, now));
        }
        row.CompanyId = companyId;
        if (c.Contact is not null && !await db.Contacts.AnyAsync(x => x.CompanyId == companyId && x.Name == c.Contact, ct))
        {
            var contact = new Contact { CompanyId = companyId.Value, Name = c.Contact, Phone = c.Phone };
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(ct);
            row.ContactId = contact.Id;
        }
        var (deal, history, _, _) = Build(c, companyId.Value, user, time.ZoneToday(), now);
        db.Deals.Add(deal!);
        db.StageChanges.AddRange(history);
        await db.SaveChangesAsync(ct);
        row.DealId = deal!.Id;
        db.AuditLog.Add(AuditEntry.Of<object>(user.Id, nameof(Deal), deal.Id, AuditActions.Create, null,
            new { deal.Id, deal.Title, deal.CompanyId, Desk = deal.DeskCode, deal.OwnerId, deal.Stage, deal.InvestmentYuan, deal.SignedOn, deal.StartedOn, deal.ProducingOn, ImportId = importId }, now));
    }
}

/// <summary>Queues an import's job. The host with a job server queues it in Hangfire (Crm.Web/Jobs).</summary>
public interface IImportScheduler
{
    void Enqueue(long importId);
}

/// <summary>No job server in this instance and no shared storage: the import waits, queued, for an instance that runs jobs.</summary>
public sealed class NoImportServer : IImportScheduler
{
    public void Enqueue(long importId)
    {
    }
}

/// <summary>The background job of an import: the id in, idempotent (a finished import is left alone, a batch done is not redone).</summary>
public sealed class ImportJob(ImportService imports)
{
    public Task RunAsync(long importId, CancellationToken ct) => imports.RunAsync(importId, ct);
}

public sealed record ImportColumn(string Column, string Header, ImportField? Field);

public sealed record ImportSummary(
    long Id, string FileName, ImportStatus Status, int TotalRows, int ProcessedRows, int NewRows, int DuplicateRows, int InvalidRows, DateTime CreatedAt);

public sealed record ImportPreview(int HeaderRow, int Rows, bool Remembered, IReadOnlyList<ImportColumn> Columns);

public sealed record ImportResponse
{
    public required long Id { get; init; }
    public required string FileName { get; init; }
    public required bool DryRun { get; init; }
    public required ImportStatus Status { get; init; }
    public required int TotalRows { get; init; }
    public required int ProcessedRows { get; init; }
    public required int NewRows { get; init; }
    public required int DuplicateRows { get; init; }
    public required int InvalidRows { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public DateTime? UndoneAt { get; init; }
    public required IReadOnlyList<ImportRowResponse> Rows { get; init; }
}

public sealed record ImportRowResponse(
    int Row, ImportOutcome Outcome, string? Code, IReadOnlyList<string?> Args, string? Cell, string? Message,
    string? CompanyName, string? Title, int? CompanyId, bool CreatedCompany, int? DealId)
{
    public static ImportRowResponse Of(LedgerImportRow r, CultureInfo? culture)
    {
        var args = r.Args is null ? [] : JsonSerializer.Deserialize<List<string?>>(r.Args) ?? [];
        var message = r.Code is null ? null
            : Catalogue.Text($"Rule.{r.Code}", culture, args.Select(a => a is null ? null : (object?)(Catalogue.Find(a, culture) ?? a)).ToArray());
        return new(r.RowNumber, r.Outcome, r.Code, args, r.Cell, message, r.CompanyName, r.Title, r.CompanyId, r.CreatedCompany, r.DealId);
    }
}
