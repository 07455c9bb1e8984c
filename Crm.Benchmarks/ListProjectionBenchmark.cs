using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Benchmarks;

/// <summary>
/// Micro-benchmark (BenchmarkDotNet, in process): the list query through <see cref="DealService.ListAsync"/> against the same
/// page read by hand with ADO.NET, on the cached zone. <c>Crm.Benchmarks micro --size 100000</c>; not part of the main run.
/// </summary>
[MemoryDiagnoser]
public class ListProjectionBenchmark
{
    private ServiceProvider _services = default!;
    private SqlBaselines _sql = default!;
    private readonly CurrentUser _manager = new("bench", new HashSet<string> { Roles.Manager }, null);

    public static string ConnectionString { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        // The domain as the host composes it (AddCrmDomain), without the web host around it.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Crm"] = ConnectionString,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging();
        services.AddCrmDomain(configuration, AppContext.BaseDirectory);
        _services = services.BuildServiceProvider();
        _sql = new SqlBaselines(DatabaseProvider.Sqlite, ConnectionString);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public async Task<int> HandWritten()
    {
        await using var connection = _sql.Open();
        await using var command = SqlBaselines.Command(connection, SqlBaselines.ListSql("page1"), []);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                _ = reader.GetValue(i);
            }
            rows++;
        }
        return rows;
    }

    [Benchmark]
    public async Task<int> DealServiceList()
    {
        await using var scope = _services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<DealService>().ListAsync(_manager, new DealFilter { PageSize = 50 }, CancellationToken.None);
        return result is Domain.Common.ServiceResult<DealPage>.Ok ok ? ok.Value.Items.Count : -1;
    }

    public static void Run(string connectionString, string artifacts)
    {
        ConnectionString = connectionString;
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithArtifactsPath(Path.Combine(artifacts, "micro"));
        BenchmarkRunner.Run<ListProjectionBenchmark>(config);
    }
}
