namespace Crm.Domain.Documents;

/// <summary>What a filed document is; the deal's signed agreement is an <see cref="InvestmentAgreement"/>.</summary>
public enum DocumentKind
{
    InvestmentAgreement,
    SupplementaryAgreement,
    LandContract,
    FeasibilityStudy,
    EiaApproval,
    SitePlan,
    SiteVisitPhoto,
    /// <summary>批复、许可证: an approval or permit that proves an item of the project's checklist.</summary>
    Permit,
    Other,
}

/// <summary>
/// A file filed on a deal or on a company (exactly one of the two). The bytes are in <see cref="IDocumentStore"/> under
/// <see cref="StorageKey"/>, a key the product made; <see cref="FileName"/> is the sender's name, for display only.
/// </summary>
public class Document
{
    public int Id { get; init; }
    public int? DealId { get; init; }
    public int? CompanyId { get; set; }
    public DocumentKind Kind { get; init; }
    /// <summary>The date the document bears (signed, issued, taken).</summary>
    public DateOnly On { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long SizeBytes { get; init; }
    public required string StorageKey { get; init; }
    /// <summary>The deal's signed investment agreement, as filed.</summary>
    public bool IsSignedAgreement { get; init; }
    public DateTime UploadedAt { get; init; }
    public required string UploadedById { get; init; }
}
