using Crm.Domain.Imports;
using Hangfire;

namespace Crm.Web.Jobs;

/// <summary>Queues an import's job (fire-and-forget): any instance's job server takes it, the import record keeps its progress.</summary>
public sealed class HangfireImportScheduler(IBackgroundJobClient client) : IImportScheduler
{
    // CancellationToken.None is Hangfire's placeholder for the server's shutdown token.
    public void Enqueue(long importId) => client.Enqueue<ImportJob>(j => j.RunAsync(importId, CancellationToken.None));
}
