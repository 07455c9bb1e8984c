namespace Crm.Web.Components.Layout;

/// <summary>
/// Per circuit: the inbox page tells the app bar's bell that the unread count changed (mark read), so the badge
/// does not wait for the next navigation.
/// </summary>
public sealed class UnreadBadge
{
    public event Func<Task>? Changed;

    public Task NotifyChangedAsync() => Changed?.Invoke() ?? Task.CompletedTask;
}
