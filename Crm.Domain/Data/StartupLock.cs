using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Data;

/// <summary>
/// One instance at a time brings a server database up (migrations, the roles). EF's own migration lock is released
/// between migrations on PostgreSQL, so two instances starting on an empty database could both apply the same later
/// migration; this session-level lock (<c>pg_advisory_lock</c>, <c>sp_getapplock</c>) is held on the context's connection
/// for the whole start-up. A SQLite file has a single writer and needs none.
/// </summary>
public static class StartupLock
{
    // The advisory lock's key on PostgreSQL is "CRMSTART" in ASCII (0x43524D5354415254); the app lock's resource on SQL Server "crm.startup".
    private const string PostgreSqlLock = "SELECT pg_advisory_lock(4851024768922636884)";
    private const string PostgreSqlUnlock = "SELECT pg_advisory_unlock(4851024768922636884)";
    private const string SqlServerLock =
        "EXEC sp_getapplock @Resource = N'crm.startup', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = -1";
    private const string SqlServerUnlock = "EXEC sp_releaseapplock @Resource = N'crm.startup', @LockOwner = N'Session'";

    public static async Task<IAsyncDisposable> AcquireAsync(CrmDbContext db, DatabaseOptions options, CancellationToken ct)
    {
        if (options.IsSqlite)
        {
            return NoLock.Instance;
        }
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync(options.IsPostgreSql ? PostgreSqlLock : SqlServerLock, ct);
        return new Held(db, options);
    }

    private sealed class Held(CrmDbContext db, DatabaseOptions options) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await db.Database.ExecuteSqlRawAsync(options.IsPostgreSql ? PostgreSqlUnlock : SqlServerUnlock);
            }
            finally
            {
                // Closing the session releases the lock in any case.
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
