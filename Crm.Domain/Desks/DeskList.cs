namespace Crm.Domain.Desks;

/// <summary>
/// The desks as listed, kept in memory: every page and API client asks for them and they change a few times a year
/// (docs/decisions/0028-reference-data-in-memory.md). This instance's own edits drop the copy at once; an edit made on
/// another instance reaches this one within <see cref="Lifetime"/>.
/// </summary>
public sealed class DeskList(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private volatile Entry? _entry;

    private sealed record Entry(IReadOnlyList<DeskResponse> Desks, DateTimeOffset LoadedAt);

    /// <summary>The stored copy while it is fresh, otherwise <paramref name="load"/>'s answer, kept.</summary>
    public async Task<List<DeskResponse>> GetAsync(Func<CancellationToken, Task<List<DeskResponse>>> load, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_entry is { } entry && now - entry.LoadedAt < Lifetime && now >= entry.LoadedAt)
        {
            return [.. entry.Desks];
        }
        var desks = await load(ct);
        _entry = new Entry(desks.ToArray(), now);
        return desks;
    }

    /// <summary>After a desk is added or changed here: the next read loads again.</summary>
    public void Forget() => _entry = null;
}
