using Crm.Domain.Activities;
using Crm.Domain.Auditing;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Notifications;
using Crm.Domain.Organizations;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Crm.Domain.Data;

/// <summary>
/// The one model. <see cref="SqliteCrmDbContext"/>, <see cref="SqlServerCrmDbContext"/> and <see cref="PostgreSqlCrmDbContext"/> derive from it
/// only so that each provider keeps its own migrations; services and Identity use this type.
/// </summary>
public abstract class CrmDbContext(DbContextOptions options) : IdentityDbContext<CrmUser>(options), IDataProtectionKeyContext
{
    public DbSet<Desk> Desks => Set<Desk>();
    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<Company> Companies => Set<Company>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Deal> Deals => Set<Deal>();
    public DbSet<StageChange> StageChanges => Set<StageChange>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<Referral> Referrals => Set<Referral>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationOptOut> NotificationOptOuts => Set<NotificationOptOut>();
    public DbSet<JobRun> JobRuns => Set<JobRun>();
    public DbSet<Targets.QuarterTarget> QuarterTargets => Set<Targets.QuarterTarget>();
    public DbSet<SavedViews.SavedView> SavedViews => Set<SavedViews.SavedView>();
    public DbSet<Calendar.CalendarFeed> CalendarFeeds => Set<Calendar.CalendarFeed>();
    public DbSet<Reviews.ClosedQuarter> ClosedQuarters => Set<Reviews.ClosedQuarter>();
    public DbSet<Plans.KeyProjectList> KeyProjectLists => Set<Plans.KeyProjectList>();
    public DbSet<Plans.KeyProjectEntry> KeyProjectEntries => Set<Plans.KeyProjectEntry>();
    public DbSet<Plans.AnnualGoal> AnnualGoals => Set<Plans.AnnualGoal>();
    public DbSet<Documents.Document> Documents => Set<Documents.Document>();
    public DbSet<Imports.LedgerImport> LedgerImports => Set<Imports.LedgerImport>();
    public DbSet<Imports.LedgerImportRow> LedgerImportRows => Set<Imports.LedgerImportRow>();
    public DbSet<Imports.ImportLayout> ImportLayouts => Set<Imports.ImportLayout>();
    public DbSet<Funds.ProjectFunding> ProjectFundings => Set<Funds.ProjectFunding>();
    public DbSet<Departments.Department> Departments => Set<Departments.Department>();
    public DbSet<Problems.Problem> Problems => Set<Problems.Problem>();
    public DbSet<Care.CareAssignment> CareAssignments => Set<Care.CareAssignment>();
    public DbSet<Schedules.ProjectMilestone> ProjectMilestones => Set<Schedules.ProjectMilestone>();
    public DbSet<Schedules.ScheduleRevision> ScheduleRevisions => Set<Schedules.ScheduleRevision>();
    public DbSet<Approvals.ApprovalTemplate> ApprovalTemplates => Set<Approvals.ApprovalTemplate>();
    public DbSet<Approvals.ApprovalTemplateItem> ApprovalTemplateItems => Set<Approvals.ApprovalTemplateItem>();
    public DbSet<Approvals.ProjectApproval> ProjectApprovals => Set<Approvals.ProjectApproval>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CrmDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored as their names: readable in SQL, stable when members are added.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(Common.FieldLengths.EnumText);
        // Instants are UTC; SQLite forgets the kind, so it is restored on read.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    /// <summary>The columns the database computes, in the provider's SQL.</summary>
    protected static void ComputedColumns(ModelBuilder builder, DatabaseProvider provider)
    {
        var (sql, stored) = FollowUpOrderColumn.SqlFor(provider);
        builder.Entity<Deal>().Property(d => d.FollowUpOrder).HasComputedColumnSql(sql, stored);
    }
}

public sealed class SqliteCrmDbContext(DbContextOptions<SqliteCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ComputedColumns(builder, DatabaseProvider.Sqlite);
    }
}

public sealed class SqlServerCrmDbContext(DbContextOptions<SqlServerCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ComputedColumns(builder, DatabaseProvider.SqlServer);
    }
}

public sealed class PostgreSqlCrmDbContext(DbContextOptions<PostgreSqlCrmDbContext> options) : CrmDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        ComputedColumns(builder, DatabaseProvider.PostgreSql);
        // PostgreSQL folds unquoted names to lower case, so the filter names the column as it was created.
        builder.Entity<Company>().HasIndex(c => c.CreditCode).HasFilter("\"CreditCode\" IS NOT NULL");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // Text compares and sorts by code point, as on SQLite, whatever collation the database was created with:
        // the same list order, the same keyset pages, and matching is case-sensitive (the domain normalizes keys).
        configurationBuilder.Properties<string>().UseCollation("C");
    }
}
