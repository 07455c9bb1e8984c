namespace Crm.Domain.Imports;

public enum ImportStatus
{
    Queued,
    Running,
    Done,
    Undone,
}

/// <summary>What a ledger row came to: a new deal (on a new or an existing company), a duplicate, or invalid.</summary>
public enum ImportOutcome
{
    New,
    Duplicate,
    Invalid,
}

/// <summary>The company and deal facts a ledger column can fill.</summary>
public enum ImportField
{
    CompanyName,
    CreditCode,
    Title,
    InvestmentWan,
    InvestmentYi,
    SignedOn,
    StartedOn,
    ProducingOn,
    Source,
    Desk,
    Owner,
    Contact,
    Phone,
}

/// <summary>One upload of a project ledger (项目台账): a dry run, or an import run as a background job with its progress.</summary>
public class LedgerImport
{
    public long Id { get; init; }
    public required string FileName { get; init; }
    public required string CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public bool DryRun { get; init; }
    public ImportStatus Status { get; set; }
    /// <summary>The header → field mapping used, as JSON.</summary>
    public required string Mapping { get; init; }
    /// <summary>The uploaded file, kept so the job (on any instance) reads what was uploaded.</summary>
    public required byte[] Content { get; init; }
    public int TotalRows { get; set; }
    public int ProcessedRows { get; set; }
    public int NewRows { get; set; }
    public int DuplicateRows { get; set; }
    public int InvalidRows { get; set; }
    public DateTime? FinishedAt { get; set; }
    public DateTime? UndoneAt { get; set; }
    public string? UndoneById { get; set; }
    public List<LedgerImportRow> Rows { get; init; } = [];
}

/// <summary>
/// One ledger row's result. The ids of what the import created are plain numbers, not keys: undo deletes those records
/// and the row stays as the record of what was done.
/// </summary>
public class LedgerImportRow
{
    public long Id { get; init; }
    public long ImportId { get; init; }
    public int RowNumber { get; init; }
    public ImportOutcome Outcome { get; init; }
    /// <summary>The reason of a duplicate or invalid row, a catalogue code ("Rule.{Code}").</summary>
    public string? Code { get; init; }
    /// <summary>The reason's arguments, as JSON strings.</summary>
    public string? Args { get; init; }
    /// <summary>The cell the reason is about ("C7").</summary>
    public string? Cell { get; init; }
    public string? CompanyName { get; init; }
    public string? Title { get; init; }
    public int? CompanyId { get; set; }
    public bool CreatedCompany { get; set; }
    public int? DealId { get; set; }
    public int? ContactId { get; set; }
}

/// <summary>A ledger layout (its set of headers) and the mapping last used for it.</summary>
public class ImportLayout
{
    public int Id { get; init; }
    public required string HeaderKey { get; init; }
    public required string Mapping { get; set; }
    public DateTime UpdatedAt { get; set; }
}
