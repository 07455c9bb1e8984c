using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Validation;
using Crm.Domain.Calendar;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Calendar;

public static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendar(this RouteGroupBuilder api)
    {
        api.MapGet("/calendar", EntriesAsync).WithTags("Calendar").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation()
            .WithName("ListCalendarEntries").WithSummary("Follow-ups and planned milestones of the caller's active deals, from..to (at most 62 days).");
        var feed = api.MapGroup("/me/calendar-feed").WithTags("Calendar").RequireAuthorization(ApiPolicies.DealWorkers);
        feed.MapPost("/", RotateAsync).WithName("RotateCalendarFeed")
            .WithSummary("A new secret address of the caller's iCalendar feed (the old one stops); shown only now.");
        feed.MapDelete("/", RevokeAsync).WithName("RevokeCalendarFeed").WithSummary("Revoke the caller's feed: its address answers 404.");
        return api;
    }

    public static async Task<Ok<IReadOnlyList<CalendarEntry>>> EntriesAsync(
        [AsParameters] CalendarQuery query, ClaimsPrincipal principal, CalendarService calendar, CancellationToken ct) =>
        TypedResults.Ok(await calendar.EntriesAsync(principal.ToCurrentUser(), query.From, query.To, ct));

    public static async Task<Ok<CalendarFeedResponse>> RotateAsync(HttpContext http, ClaimsPrincipal principal, CalendarService calendar, CancellationToken ct)
    {
        var secret = await calendar.RotateFeedAsync(principal.ToCurrentUser(), ct);
        return TypedResults.Ok(new CalendarFeedResponse($"{http.Request.Scheme}://{http.Request.Host}{CalendarService.FeedPath(secret)}"));
    }

    public static async Task<NoContent> RevokeAsync(ClaimsPrincipal principal, CalendarService calendar, CancellationToken ct)
    {
        await calendar.RevokeFeedAsync(principal.ToCurrentUser(), ct);
        return TypedResults.NoContent();
    }
}

public sealed record CalendarFeedResponse(string Url);

public sealed record CalendarQuery([FromQuery] DateOnly From, [FromQuery] DateOnly To);

public sealed class CalendarQueryValidator : AbstractValidator<CalendarQuery>
{
    public CalendarQueryValidator()
    {
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From)
            .Must((q, to) => to.DayNumber - q.From.DayNumber < CalendarService.MaxDays)
            .WithCode("calendar.rangeTooLong", CalendarService.MaxDays);
    }
}
