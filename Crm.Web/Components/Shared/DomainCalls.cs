namespace Crm.Web.Components.Shared;

/// <summary>
/// The one way a page or component reaches the domain: one service call in a DI scope of its own. A Blazor
/// circuit lives for hours; its scoped DbContext would pile up tracked entities (and serve stale versions to the
/// next edit) and cannot run two queries at once, so each call gets a fresh context, as an API request would.
/// The token is the component's own (<see cref="DomainComponent.Aborted"/>): leaving the page stops its queries.
/// </summary>
public sealed class DomainCalls(IServiceScopeFactory scopes)
{
    public async Task<TResult> RunAsync<TService, TResult>(Func<TService, CancellationToken, Task<TResult>> call, CancellationToken ct)
        where TService : notnull
    {
        ct.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<TService>(), ct);
    }

    public async Task RunAsync<TService>(Func<TService, CancellationToken, Task> call, CancellationToken ct) where TService : notnull
    {
        ct.ThrowIfCancellationRequested();
        await using var scope = scopes.CreateAsyncScope();
        await call(scope.ServiceProvider.GetRequiredService<TService>(), ct);
    }

}
