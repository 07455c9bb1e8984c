namespace Crm.Domain.Data;

/// <summary>The database the CRM runs on (<c>Database:Provider</c>). Each member has its own context and migrations.</summary>
public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
