// Fixtures run two at a time: each CrmApp has its own SQLite file, port and services. A fixture whose host runs
// Hangfire, or that reads process-wide state (Hangfire's JobStorage and log provider, FluentValidation's
// ValidatorOptions.Global, the Playwright browser), is [NonParallelizable] and runs alone.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(2)]
