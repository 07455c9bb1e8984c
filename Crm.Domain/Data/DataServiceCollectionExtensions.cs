using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Deals;
using Crm.Domain.Demo;
using Crm.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Crm.Domain.Data;

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Crm";

    /// <summary>The model on the configured provider, and the domain services that work on it.</summary>
    public static IServiceCollection AddCrmDomain(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var options = DatabaseOptions.From(configuration);
        services.AddSingleton(options);
        var connectionString = configuration.GetConnectionString(ConnectionStringName) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException($"Set ConnectionStrings:{ConnectionStringName}: the {options.Provider} database to use.");

        // Pooled: a request takes a context already built and hands it back reset, instead of building one each time.
        // EF's own entries about a unique violation are Debug: the code that meets one handles it (HandledViolationLogging).
        // "Failed executing DbCommand" is Debug too: it names no error, and the exception it precedes is logged with its
        // error where it is not handled (SaveChangesFailed, the host for a request, Hangfire for a job).
        static DbContextOptionsBuilder Logged(IServiceProvider sp, DbContextOptionsBuilder o) => o
            .UseLoggerFactory(new HandledViolationLogging(sp.GetRequiredService<ILoggerFactory>()))
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug))
                // Migrate at start-up would otherwise build the design-time model and diff it with the snapshot (half a
                // second of every start); MigrationTests asserts there are no pending model changes, per provider.
                .Ignore(RelationalEventId.PendingModelChangesWarning));
        switch (options.Provider)
        {
            case DatabaseProvider.SqlServer:
                services.AddDbContextPool<CrmDbContext, SqlServerCrmDbContext>((sp, o) => Logged(sp, o).UseSqlServer(connectionString));
                break;
            case DatabaseProvider.PostgreSql:
                services.AddDbContextPool<CrmDbContext, PostgreSqlCrmDbContext>((sp, o) => Logged(sp, o).UseNpgsql(connectionString));
                break;
            default:
                // The compiled model (build.ps1 regenerates it with each migration): no model building at start-up.
                services.AddDbContextPool<CrmDbContext, SqliteCrmDbContext>((sp, o) => Logged(sp, o)
                    .UseModel(CompiledModels.Sqlite.SqliteCrmDbContextModel.Instance)
                    .UseSqlite(ResolveSqlitePath(connectionString, contentRoot))
                    .AddInterceptors(new SqlitePragmas()));
                break;
        }

        services.AddInputValidatorsFromAssembly(typeof(DealInputValidator).Assembly);
        services.AddScoped<DealService>();
        services.AddScoped<DealFigures>();
        services.AddScoped<BoardQueries>();
        services.AddScoped<CompanyService>();
        services.AddScoped<SavedViews.SavedViewService>();
        services.AddScoped<Calendar.CalendarService>();
        services.AddScoped<ActivityService>();
        services.AddScoped<Care.CareService>();
        services.AddScoped<Duplicates.DuplicateDetector>();
        services.AddScoped<Imports.ImportService>();
        services.AddScoped<Imports.ImportJob>();
        services.TryAddSingleton<Imports.IImportScheduler, Imports.NoImportServer>();
        services.AddScoped<Duplicates.CompanyMergeService>();
        services.AddScoped<Referrals.ReferralService>();
        services.AddScoped<Users.UserService>();
        services.AddScoped<Auditing.AuditLogService>();
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoSeeder>();
        services.AddCrmNotifications(configuration, contentRoot);
        services.AddScoped<Targets.TargetService>();
        services.AddScoped<Organizations.OrganizationService>();
        services.AddScoped<Desks.DeskService>();
        services.AddSingleton<Desks.DeskList>();
        services.AddScoped<Departments.DepartmentService>();
        services.AddScoped<Problems.ProblemService>();
        services.AddScoped<Search.SearchService>();
        services.AddScoped<Reviews.QuarterFigures>();
        services.AddScoped<Reviews.ReviewService>();
        services.AddScoped<Reviews.ReviewTrendsService>();
        services.AddScoped<Reviews.ClosedQuarterService>();
        services.AddScoped<Plans.AnnualPlanService>();
        services.AddScoped<Funds.FundingService>();
        services.AddScoped<Schedules.ScheduleService>();
        services.AddScoped<Approvals.ApprovalService>();
        services.AddScoped<Approvals.ApprovalTemplateService>();
        services.AddScoped<Reviews.FiveRatesService>();
        services.AddOptions<Documents.DocumentOptions>().Bind(configuration.GetSection(Documents.DocumentOptions.Section)).PostConfigure(o =>
        {
            if (!string.IsNullOrWhiteSpace(o.Folder) && !Path.IsPathRooted(o.Folder))
            {
                o.Folder = Path.Combine(contentRoot, o.Folder);
            }
        }).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<Documents.IDocumentStore, Documents.FolderDocumentStore>();
        services.AddScoped<Documents.DocumentService>();
        return services;
    }

    /// <summary>A relative SQLite file is relative to the host's content root, wherever the process was started.</summary>
    private static string ResolveSqlitePath(string connectionString, string contentRoot)
    {
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource is { Length: > 0 } file && file != ":memory:" && !file.StartsWith("file:", StringComparison.Ordinal)
            && !Path.IsPathRooted(file))
        {
            builder.DataSource = Path.Combine(contentRoot, file);
        }
        return builder.ToString();
    }
}
