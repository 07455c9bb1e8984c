using System.Security.Cryptography;
using System.Text;
using Crm.Domain.Data;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Duplicates;

/// <summary>
/// Makes "no other desk follows this company" and the insert that relies on it one step (decision 0012). Taken inside the
/// transaction that registers a company or creates a deal, before its duplicate check, it holds every other registration of
/// a name that could match (the same normalised name — Strong — or the same core — Likely) until that transaction ends, so
/// the second of two desks sees the first one's deal and gets the duplicate answer.
/// <list type="bullet">
/// <item>PostgreSQL: <c>pg_advisory_xact_lock</c>, released at commit or rollback.</item>
/// <item>SQL Server: <c>sp_getapplock</c> owned by the transaction.</item>
/// <item>SQLite: nothing more to take. EF begins its transactions as <c>BEGIN IMMEDIATE</c>, which takes the database's one
/// write lock at once, so writers already run one at a time from the start of the transaction, check included.</item>
/// </list>
/// A lock is per key hash: two names that collide only wait for each other. Keys are taken in one order, so two
/// registrations that share one key and not the other cannot deadlock.
/// </summary>
public static class RegistrationLock
{
    /// <summary>The advisory-lock class of PostgreSQL's two-key form, so these locks never meet another use of advisory locks.</summary>
    private const int PostgreSqlClass = 0x43524D01;
    private const int SqlServerTimeoutMs = 30_000;

    public static Task TakeAsync(CrmDbContext db, string companyName, CancellationToken ct) => TakeAsync(db, [companyName], ct);

    /// <summary>The locks of several names at once (a referral's name and the company a Manager chose), in the one order.</summary>
    public static async Task TakeAsync(CrmDbContext db, IReadOnlyCollection<string> companyNames, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("The registration lock is held by a transaction: begin one first.");
        }
        if (db is not PostgreSqlCrmDbContext and not SqlServerCrmDbContext)
        {
            return;
        }
        var keys = companyNames.Select(CompanyNameNormalizer.Normalize).SelectMany(n => new[] { n.Name, n.Core })
            .Where(k => k.Length > 0).Select(Hash).Distinct().Order();
        foreach (var key in keys)
        {
            if (db is PostgreSqlCrmDbContext)
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgreSqlClass}, {key})", ct);
            }
            else
            {
                var resource = $"crm.registration.{key:x8}";
                await db.Database.ExecuteSqlAsync($"""
                    DECLARE @result int;
                    EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = {SqlServerTimeoutMs};
                    IF @result < 0 THROW 51000, 'The registration lock was not granted.', 1;
                    """, ct);
            }
        }
    }

    /// <summary>Stable across processes and instances (string.GetHashCode is not).</summary>
    private static int Hash(string key) => BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);
}
