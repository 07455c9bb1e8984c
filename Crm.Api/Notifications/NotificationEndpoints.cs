using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Validation;
using Crm.Domain.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Notifications;

public static class NotificationEndpoints
{
    public static RouteGroupBuilder MapNotifications(this RouteGroupBuilder api)
    {
        var inbox = api.MapGroup("/notifications").WithTags("Notifications");
        inbox.MapGet("/", ListAsync).WithName("ListNotifications").WithSummary("The caller's own notifications, newest first (unread=true: only unread).");
        inbox.MapPost("/{id:long}/read", MarkReadAsync).WithName("MarkNotificationRead").WithSummary("Mark one of the caller's notifications read.");
        inbox.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead").WithSummary("Mark all of the caller's notifications read.");

        var settings = api.MapGroup("/me/notification-settings").WithTags("Notifications").WithValidation();
        settings.MapGet("/", GetSettingsAsync).WithName("GetNotificationSettings").WithSummary("Email on or off, per kind of notification.");
        settings.MapPut("/", PutSettingsAsync).WithName("PutNotificationSettings").WithSummary("Turn email on or off per kind; in-app stays on.");

        api.MapGet("/admin/outbox", ListOutboxAsync).WithTags("Admin").RequireAuthorization(ApiPolicies.Admins)
            .WithName("ListOutbox").WithSummary("Notification emails in one state (default Failed), oldest first.");
        return api;
    }

    public static async Task<Ok<List<NotificationResponse>>> ListAsync(bool? unread, ClaimsPrincipal principal, NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(await notifications.ListAsync(principal.ToCurrentUser().Id, unread ?? false, ct));

    public static async Task<Results<NoContent, NotFound>> MarkReadAsync(long id, ClaimsPrincipal principal, NotificationService notifications, CancellationToken ct) =>
        await notifications.MarkReadAsync(principal.ToCurrentUser().Id, id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();

    public static async Task<Ok<ReadAllResponse>> MarkAllReadAsync(ClaimsPrincipal principal, NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(new ReadAllResponse(await notifications.MarkAllReadAsync(principal.ToCurrentUser().Id, ct)));

    public static async Task<Ok<List<NotificationSetting>>> GetSettingsAsync(ClaimsPrincipal principal, NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(await notifications.GetSettingsAsync(principal.ToCurrentUser().Id, ct));

    public static async Task<Ok<List<NotificationSetting>>> PutSettingsAsync(NotificationSettingsInput input, ClaimsPrincipal principal,
        NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(await notifications.SetSettingsAsync(principal.ToCurrentUser().Id, input, ct));

    public static async Task<Ok<List<OutboxEntry>>> ListOutboxAsync(EmailStatus? status, NotificationService notifications, CancellationToken ct) =>
        TypedResults.Ok(await notifications.ListOutboxAsync(status ?? EmailStatus.Failed, ct));
}

public sealed record ReadAllResponse(int Marked);
