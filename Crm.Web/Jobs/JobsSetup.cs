using Crm.Domain.Data;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.SqlServer;

namespace Crm.Web.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire on in-memory storage with SQLite (one process), SQL Server storage with SQL Server (several
    /// instances). <c>Jobs:Enabled=false</c> runs no job server in this instance.
    /// </summary>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.IsSqlServer)
            {
                config.UseSqlServerStorage(configuration.GetConnectionString(DataServiceCollectionExtensions.ConnectionStringName),
                    new SqlServerStorageOptions { PrepareSchemaIfNecessary = true });
            }
            else
            {
                config.UseInMemoryStorage(new InMemoryStorageOptions());
            }
        });
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            services.AddHangfireServer(o => o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}");
            services.AddHostedService<JobCatchUp>();
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
        var configuration = app.ServiceProvider.GetRequiredService<IConfiguration>();
        if (configuration.GetValue("Jobs:Enabled", true))
        {
            RecurringJobs.Register(app.ServiceProvider.GetRequiredService<IRecurringJobManager>(), configuration);
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
