namespace Crm.Web.Components.Shared;

/// <summary>
/// Runs one domain call in a DI scope of its own. A Blazor circuit lives for hours; its scoped
/// DbContext would pile up tracked entities (and serve stale versions to the next edit) and cannot
/// run two queries at once, so each call gets a fresh context, as an API request would.
/// </summary>
public sealed class DomainCalls(IServiceScopeFactory scopes)
{
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, Task<TResult>> call) where TService : notnull
    {
        await using var scope = scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
