namespace Crm.Domain.Documents;

/// <summary>
/// Where a document's bytes live, outside the database. Keys are made by <see cref="DocumentKeys.New"/>, never from a
/// user's file name. The default is <see cref="FolderDocumentStore"/>; a test or another backend implements this.
/// </summary>
public interface IDocumentStore
{
    Task SaveAsync(string key, Stream content, CancellationToken ct);

    /// <summary>The bytes under <paramref name="key"/>, or null when there are none.</summary>
    Task<Stream?> OpenAsync(string key, CancellationToken ct);

    /// <summary>Removes the bytes; a key already gone is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>The opaque keys the product files bytes under: a GUID, in a folder named by its first two digits.</summary>
public static partial class DocumentKeys
{
    public static string New()
    {
        var id = Guid.NewGuid().ToString("N");
        return $"{id[..2]}/{id}";
    }

    public static bool IsKey(string key) => Shape().IsMatch(key);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$")]
    private static partial System.Text.RegularExpressions.Regex Shape();
}

/// <summary>
/// Files each document in <see cref="DocumentOptions.Folder"/>. A file is written under a temporary name and moved into
/// place, so a reader on another instance never opens half a file.
/// </summary>
public sealed class FolderDocumentStore(Microsoft.Extensions.Options.IOptions<DocumentOptions> options) : IDocumentStore
{
    public async Task SaveAsync(string key, Stream content, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".part";
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await content.CopyToAsync(file, ct);
        }
        File.Move(temporary, path);
    }

    public Task<Stream?> OpenAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        return Task.FromResult<Stream?>(File.Exists(path)
            ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true)
            : null);
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    // The key is checked again here: whatever reaches the store, no path outside the folder is ever built.
    private string PathOf(string key) => DocumentKeys.IsKey(key)
        ? Path.Combine(options.Value.Folder, key.Replace('/', Path.DirectorySeparatorChar))
        : throw new ArgumentException("Not a document key.", nameof(key));
}
