using Microsoft.AspNetCore.Components;

namespace Crm.Web.Components.Shared;

/// <summary>
/// A page or component that calls the domain: through <see cref="Calls"/>, with <see cref="Aborted"/>, which is
/// cancelled when the component goes away (the user navigates on, the dialog closes, the circuit ends), so a
/// query nobody will read stops rather than runs on. Blazor ignores the cancelled lifecycle task that follows.
/// </summary>
public abstract class DomainComponent : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _aborted = new();

    [Inject] protected DomainCalls Calls { get; set; } = default!;

    protected CancellationToken Aborted => _aborted.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Cancels; the source is not disposed, because a call still in flight may read <see cref="Aborted"/> after
    /// this, and it must then see a cancelled token rather than an <see cref="ObjectDisposedException"/>.
    /// </summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aborted.Cancel();
        }
    }
}
