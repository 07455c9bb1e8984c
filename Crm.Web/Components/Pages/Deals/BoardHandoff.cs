using Crm.Domain.Deals;
using Crm.Web.Components.Shared;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Web.Components.Pages.Deals;

/// <summary>What the board's prerender read, for the interactive render of the same page.</summary>
public sealed record BoardSnapshot(BoardView View, List<DeskOption> Desks, List<PersonOption> Owners);

/// <summary>
/// Hands the board the prerender read to the interactive render that follows, so the board is queried once per page
/// load. Only a key travels in the page's persisted state: the snapshot itself (a screenful of cards per column, the
/// owners) would pass SignalR's 32 KB limit on the message that starts the circuit, and the circuit would not start.
/// A key is good once, for its user, for a short while; a missing one (another instance, a late start) means the
/// interactive render reads the board again.
/// </summary>
public sealed class BoardHandoff : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    // Bounded: pages prerendered and never started (a bot, a closed tab) cannot pile up; past the limit nothing is kept.
    private readonly MemoryCache _snapshots = new(new MemoryCacheOptions { SizeLimit = 500 });

    public string Put(string userId, BoardSnapshot snapshot)
    {
        var key = Guid.NewGuid().ToString("N");
        _snapshots.Set(key, (userId, snapshot), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        return key;
    }

    public BoardSnapshot? Take(string? key, string userId)
    {
        if (key is null || !_snapshots.TryGetValue(key, out (string UserId, BoardSnapshot Snapshot) entry))
        {
            return null;
        }
        _snapshots.Remove(key);
        return entry.UserId == userId ? entry.Snapshot : null;
    }

    public void Dispose() => _snapshots.Dispose();
}
