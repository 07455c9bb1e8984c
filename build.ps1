#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests, runs and publishes the zone CRM. Stops at the first failing step.
.EXAMPLE
    dotnet tool restore
    dotnet pwsh ./build.ps1 -Target Test
    dotnet pwsh ./build.ps1 -Target AddMigration -Name AddReferrals
    dotnet pwsh ./build.ps1 -Target Bench -Size 100000
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Run', 'AddMigration', 'RemoveMigration', 'SqlServerScript', 'Publish', 'Format', 'CI', 'Bench')]
    [string] $Target = 'Build',
    [string] $Name,
    # Bench: deals in the generated zone, generator seed, short loops at 10k, provider and its connection string, rows to run.
    [ValidateSet(10000, 100000, 1000000)]
    [int] $Size = 100000,
    [int] $Seed = 1,
    [switch] $Quick,
    [ValidateSet('Sqlite', 'PostgreSql')]
    [string] $Provider = 'Sqlite',
    [string] $Connection,
    [string] $Only,
    # Bench: the BenchmarkDotNet micro-benchmark of the list query (DealService vs hand-written ADO.NET) instead of the table.
    [switch] $Micro,
    [string] $Configuration = 'Release',
    # Publish and Bench: the runtime the app is precompiled (ReadyToRun) for; this machine's by default.
    [string] $Runtime = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier,
    [string] $Output = 'artifacts'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Set-Location $PSScriptRoot

function Step([string] $title, [scriptblock] $command) {
    Write-Host "==> $title" -ForegroundColor Cyan
    & $command
    if ($LASTEXITCODE -ne 0) {
        Write-Host "FAILED: $title (exit code $LASTEXITCODE)" -ForegroundColor Red
        exit $LASTEXITCODE
    }
}

# One model, three providers: every migration is added for all of them, under the same name.
$contexts = @(
    @{ Context = 'SqliteCrmDbContext'; Folder = 'Data/Migrations/Sqlite' },
    @{ Context = 'SqlServerCrmDbContext'; Folder = 'Data/Migrations/SqlServer' },
    @{ Context = 'PostgreSqlCrmDbContext'; Folder = 'Data/Migrations/PostgreSql' }
)
$ef = @('ef', '--project', 'Crm.Domain', '--startup-project', 'Crm.Web')

# The SQLite host starts on a compiled model (MigrationTests checks it is the model the code builds).
function CompiledModel {
    Step 'Compiled model (SqliteCrmDbContext)' {
        dotnet @ef dbcontext optimize --context SqliteCrmDbContext --output-dir Data/CompiledModels/Sqlite --namespace Crm.Domain.Data.CompiledModels.Sqlite
    }
}

function Restore { Step 'Restore tools' { dotnet tool restore }; Step 'Restore packages' { dotnet restore Crm.slnx } }
function Build { Step "Build ($Configuration)" { dotnet build Crm.slnx --no-restore -c $Configuration } }
function Test { Step 'Test' { dotnet test Crm.slnx --no-build -c $Configuration --logger 'trx;LogFileName=results.trx' --results-directory "$Output/test-results" } }
# Framework-dependent for one runtime, precompiled (ReadyToRun, set in Crm.Web.csproj): what a server runs.
function Publish([string] $folder) {
    Step "Publish Crm.Web ($Configuration, $Runtime)" { dotnet publish Crm.Web -c $Configuration -r $Runtime --self-contained false -o $folder }
}
function Format { Step 'Check formatting' { dotnet format Crm.slnx --verify-no-changes --no-restore } }

switch ($Target) {
    'Build' { Restore; Build }
    'Test' { Restore; Build; Test }
    'Run' { Step 'Run' { dotnet run --project Crm.Web } }
    'AddMigration' {
        if (-not $Name) { throw 'AddMigration needs -Name.' }
        Step 'Restore tools' { dotnet tool restore }
        foreach ($c in $contexts) {
            Step "Add migration $Name ($($c.Context))" { dotnet @ef migrations add $Name --context $c.Context --output-dir $c.Folder }
        }
        CompiledModel
    }
    'RemoveMigration' {
        # PostgreSQL's first migration is its Initial: remove only a migration that was added to all three.
        Step 'Restore tools' { dotnet tool restore }
        foreach ($c in $contexts) {
            Step "Remove last migration ($($c.Context))" { dotnet @ef migrations remove --force --context $c.Context }
        }
        CompiledModel
    }
    'SqlServerScript' {
        Step 'Restore tools' { dotnet tool restore }
        New-Item -ItemType Directory -Force $Output | Out-Null
        Step 'Idempotent SQL Server script' { dotnet @ef migrations script --idempotent --context SqlServerCrmDbContext --output "$Output/sqlserver-migrations.sql" }
        Write-Host "Written: $Output/sqlserver-migrations.sql"
    }
    'Publish' {
        Restore
        Publish "$Output/publish"
        Write-Host "Published to $Output/publish ($Runtime, ReadyToRun)"
    }
    'Format' { Restore; Format }
    'CI' { Restore; Build; Format; Test }
    'Bench' {
        # Not a test: the benchmark writes docs/performance.md, docs/performance.json and artifacts/bench/results.json.
        Restore
        Step "Build benchmarks ($Configuration)" { dotnet build Crm.Benchmarks --no-restore -c $Configuration }
        # The rows that start a process of their own (cold start, memory) run the app as it is deployed: published.
        Publish "$Output/bench/web"
        $benchArgs = @('--size', $(if ($Quick -and -not $PSBoundParameters.ContainsKey('Size')) { 10000 } else { $Size }), '--seed', $Seed,
            '--provider', $Provider, '--configuration', $Configuration, '--web', "$Output/bench/web")
        if ($Quick) { $benchArgs += '--quick' }
        if ($Connection) { $benchArgs += @('--connection', $Connection) }
        if ($Only) { $benchArgs += @('--only', $Only) }
        $mode = $(if ($Micro) { @('micro') } else { @() })
        Step 'Benchmark' { dotnet "Crm.Benchmarks/bin/$Configuration/net10.0/Crm.Benchmarks.dll" @mode @benchArgs }
    }
}
