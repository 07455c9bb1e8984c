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
        }
        return services;
    }

    public static IEndpointRouteBuilder MapCrmJobs(this IEndpointRouteBuilder app) => app;
}
