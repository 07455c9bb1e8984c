using Crm.Domain.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Web.Calendar;

public static class CalendarFeedEndpoint
{
    /// <summary>
    /// A phone's calendar cannot sign in: the feed is anonymous, and the unguessable secret in its address (only its
    /// hash is stored) is the credential. An unknown, rotated or revoked secret is 404.
    /// </summary>
    public static IEndpointRouteBuilder MapCalendarFeed(this IEndpointRouteBuilder app)
    {
        app.MapGet(CalendarService.FeedRoute, FeedAsync).AllowAnonymous().ExcludeFromDescription().WithName("CalendarFeed");
        return app;
    }

    public static async Task<Results<ContentHttpResult, NotFound>> FeedAsync(
        string secret, HttpContext http, CalendarService calendar, CancellationToken ct)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        if (await calendar.FeedAsync(secret, id => $"{origin}/deals/{id}", ct) is not { } ics)
        {
            return TypedResults.NotFound();
        }
        http.Response.Headers.CacheControl = "no-store";
        // The secret is in the address: keep it out of any page the calendar app might open from here.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        return TypedResults.Text(ics, ICalendarWriter.ContentType);
    }
}
