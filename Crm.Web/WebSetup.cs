using Crm.Web.Auth;
using Crm.Web.Components.Shared;
using Crm.Web.Documents;
using Crm.Web.Localization;
using Crm.Web.Reviews;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Web;

/// <summary>What the Blazor UI needs beyond Razor components and MudBlazor: languages, the user, scoped domain calls.</summary>
public static class WebSetup
{
    public static IServiceCollection AddCrmWeb(this IServiceCollection services)
    {
        services.AddCrmLocalization();
        // Pages are in Chinese: the encoder writes CJK as it is (3 bytes a character in UTF-8) instead of &#x...;
        // escapes (8), still escaping what HTML needs escaped.
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddCascadingAuthenticationState();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddScoped<CurrentUserAccessor>();
        services.AddSingleton<DomainCalls>();
        services.AddSingleton<Components.Pages.Deals.BoardHandoff>();
        services.AddScoped<Components.Layout.UnreadBadge>();
        services.AddTransient<MudBlazor.MudLocalizer, CrmMudLocalizer>();
        return services;
    }

    public static IEndpointRouteBuilder MapCrmWeb(this IEndpointRouteBuilder app)
    {
        app.MapCultureEndpoint();
        Calendar.CalendarFeedEndpoint.MapCalendarFeed(app);
        app.MapReviewExport();
        app.MapDocumentDownload();
        // Sign-out is a form POST (antiforgery-checked) so a link or an image cannot sign someone out.
        app.MapPost("/account/logout", async (SignInManager<Domain.Users.CrmUser> signIn, [FromForm] string? returnUrl) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
