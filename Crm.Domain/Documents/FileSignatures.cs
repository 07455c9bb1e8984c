namespace Crm.Domain.Documents;

/// <summary>One type of file the product accepts: its extensions, the content type it is served as, its leading bytes.</summary>
public sealed record FileType(string Name, IReadOnlyList<string> Extensions, string ContentType, byte[] Signature);

/// <summary>
/// The types a document may be, and the check that a file's leading bytes are what its extension claims: a .pdf starts
/// <c>%PDF</c>, a .png with the PNG signature, a .jpg with FF D8 FF, a .docx/.xlsx is a ZIP (<c>PK\x03\x04</c>). The
/// content type sent is never trusted: a download is served as the type found here.
/// </summary>
public static class FileSignatures
{
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];

    public static readonly IReadOnlyList<FileType> Allowed =
    [
        new("pdf", [".pdf"], "application/pdf", "%PDF"u8.ToArray()),
        new("jpg", [".jpg", ".jpeg"], "image/jpeg", [0xFF, 0xD8, 0xFF]),
        new("png", [".png"], "image/png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        new("docx", [".docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Zip),
        new("xlsx", [".xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Zip),
    ];

    /// <summary>The longest signature: how many leading bytes <see cref="Matches"/> needs.</summary>
    public static readonly int HeadLength = Allowed.Max(t => t.Signature.Length);

    /// <summary>The type a file name's extension claims, or null when it is not one we accept.</summary>
    public static FileType? ForName(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return Allowed.FirstOrDefault(t => t.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Whether <paramref name="head"/>, the file's first bytes, starts as <paramref name="type"/> does.</summary>
    public static bool Matches(FileType type, ReadOnlySpan<byte> head) => head.StartsWith(type.Signature);

    /// <summary>"pdf, jpg, png, docx, xlsx" — for the refusal and the page's hint.</summary>
    public static string Names => string.Join(", ", Allowed.Select(t => t.Name));

    /// <summary>The file picker's accept list.</summary>
    public static string Accept => string.Join(",", Allowed.SelectMany(t => t.Extensions));
}
