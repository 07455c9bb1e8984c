using Crm.Tests.Deals;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Server;

// The deal fixtures written for SQLite, every test of them run again through the real host on a real PostgreSQL
// database of its own: the same assertions, so scope, stale versions, writers at once and keyset pages hold on both.

/// <summary>Record scope (a recruiter of one desk gets 404 and sees nothing of another desk's deals), on PostgreSQL.</summary>
[Category("Server")]
public sealed class PostgreSqlDealAuthorizationTests : DealAuthorizationTests
{
    protected override CrmApp NewHost(TimeProvider time) => PostgreSqlDatabase.OwnHost(time);
}

/// <summary>Every deal route, stale versions (409) and 50 updates with one version (1 wins), on PostgreSQL.</summary>
[Category("Server")]
public sealed class PostgreSqlDealApiTests : DealApiTests
{
    protected override CrmApp NewHost(TimeProvider time) => PostgreSqlDatabase.OwnHost(time);
}

/// <summary>Filters, sorts and keyset pages (text sorted by code point, ties by id), on PostgreSQL.</summary>
[Category("Server")]
public sealed class PostgreSqlDealListTests : DealListTests
{
    protected override CrmApp NewHost(TimeProvider time) => PostgreSqlDatabase.OwnHost(time);
}

/// <summary>Search by fragments, codes and phones in the caller's scope, on PostgreSQL (ILIKE over pg_trgm indexes).</summary>
[Category("Server")]
public sealed class PostgreSqlSearchApiTests : Search.SearchApiTests
{
    protected override CrmApp NewHost(TimeProvider time) => PostgreSqlDatabase.OwnHost(time);
}
