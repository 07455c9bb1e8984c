using System.ComponentModel.DataAnnotations;

namespace Crm.Domain.Documents;

/// <summary>
/// Configuration section <c>Documents</c>. Several instances must share <see cref="Folder"/> (an NFS or SMB mount):
/// docs/decisions/0020-documents-in-a-shared-folder.md.
/// </summary>
public sealed class DocumentOptions
{
    public const string Section = "Documents";

    /// <summary>Relative to the host's content root (beside the SQLite file's <c>data</c>); default <c>data/documents</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Documents:Folder must name a folder.")]
    public string Folder { get; set; } = Path.Combine("data", "documents");

    [Range(1, 200, ErrorMessage = "Documents:MaxSizeMegabytes must be between {1} and {2}.")]
    public int MaxSizeMegabytes { get; set; } = 20;

    public long MaxSizeBytes => MaxSizeMegabytes * 1024L * 1024L;
}
