using Crm.Domain.Data;
using Crm.Domain.Notifications;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.SqlServer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Web.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on in-memory storage with SQLite (one process), SQL Server storage with SQL Server and PostgreSQL
    /// storage with PostgreSQL (several instances). <c>Jobs:Enabled=false</c> runs no job server in this instance.
    /// Every schedule is checked at start, on every instance: an override that is no schedule, or names no job, stops
    /// the host.
    /// </summary>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        var database = DatabaseOptions.From(configuration);
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            var connectionString = configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName);
            if (database.IsSqlServer)
            {
                config.UseSqlServerStorage(connectionString, new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else if (database.IsPostgreSql)
            {
                config.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(connectionString),
                    new PostgreSqlStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });
        var runsJobs = configuration.GetValue(JobsOptions.Section + ":" + nameof(JobsOptions.Enabled), true);
        if (runsJobs)
        {
            services.AddHangfireServer(o => o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}");
            services.AddHostedService<JobCatchUp>();
        }
        if (runsJobs || !database.IsSqlite)
        {
            // Stored emails leave at once, not at the next minute. A web-only instance queues into the shared storage,
            // where another instance's server takes the job; in-memory storage without a server would only pile jobs up.
            services.Replace(ServiceDescriptor.Singleton<IOutboxTrigger, HangfireOutboxTrigger>());
            services.Replace(ServiceDescriptor.Singleton<Crm.Domain.Imports.IImportScheduler, HangfireImportScheduler>());
        }
        services.AddSingleton<JobCatchUp>();
        services.AddScoped<JobAdmin>();
        return services;
    }

    /// <summary>
    /// The dashboard (Admins, see <see cref="AdminDashboardAuthorization"/>), the Admin jobs API, and, on an
    /// instance that runs a job server, the recurring schedules of <see cref="RecurringJobs"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapCrmJobs(this IEndpointRouteBuilder app)
    {
        var jobs = app.ServiceProvider.GetRequiredService<IOptions<JobsOptions>>().Value;
        if (jobs.Enabled)
        {
            RecurringJobs.Register(app.ServiceProvider.GetRequiredService<IRecurringJobManager>(), jobs);
        }
        // The filter answers 401/403 itself; the fallback policy would redirect to the login page instead.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            AsyncAuthorization = [new AdminDashboardAuthorization()],
            DisplayStorageConnectionString = false,
            AppPath = "/",
        }).AllowAnonymous();
        app.MapJobAdmin();
        return app;
    }
}
