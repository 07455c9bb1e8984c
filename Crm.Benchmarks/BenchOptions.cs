using System.Globalization;
using Crm.Domain.Data;

namespace Crm.Benchmarks;

/// <summary>The command line: <c>--size 100000 --seed 1 --quick --provider PostgreSql --connection "..." --only list</c>.</summary>
public sealed record BenchOptions
{
    public int Size { get; init; } = 100_000;
    public int Seed { get; init; } = 1;
    public bool Quick { get; init; }
    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public string? Connection { get; init; }
    /// <summary>Run only the rows whose id starts with one of these.</summary>
    public IReadOnlyList<string> Only { get; init; } = [];
    public required string Root { get; init; }
    public string Configuration { get; init; } = "Release";
    /// <summary>
    /// The published Crm.Web (build.ps1 publishes it, ReadyToRun) that the rows with a process of their own start; without
    /// it they start the build output.
    /// </summary>
    public string? WebFolder { get; init; }

    public string ArtifactsFolder => Path.Combine(Root, "artifacts", "bench");
    public string DocsFolder => Path.Combine(Root, "docs");

    /// <summary>Load loops: concurrent clients and how long each loop runs.</summary>
    public int Clients { get; init; } = 16;
    public TimeSpan LoopDuration => Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(10);
    public TimeSpan Warmup => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(2);
    public int Repeats => Quick ? 3 : 5;

    public bool Runs(string rowId) => Only.Count == 0 || Only.Any(o => rowId.StartsWith(o, StringComparison.OrdinalIgnoreCase));

    public static BenchOptions Parse(string[] args, string root)
    {
        var options = new BenchOptions { Root = root };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i].ToLowerInvariant() switch
            {
                "--size" => options with { Size = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quick" => options with { Quick = true },
                "--provider" => options with { Provider = Enum.Parse<DatabaseProvider>(Next(), ignoreCase: true) },
                "--connection" => options with { Connection = Next() },
                "--only" => options with { Only = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--configuration" => options with { Configuration = Next() },
                "--web" => options with { WebFolder = Path.GetFullPath(Next(), root) },
                var other => throw new ArgumentException($"Unknown option {other}."),
            };
        }
        if (options.Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(options.Connection))
        {
            throw new ArgumentException("--provider PostgreSql needs --connection \"Host=...;Database=...\".");
        }
        if (options.Provider == DatabaseProvider.SqlServer)
        {
            throw new ArgumentException("No SQL Server runs here: benchmark on Sqlite or PostgreSql.");
        }
        return options;
    }
}
