using System.Globalization;
using Crm.Api.Auth;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace Crm.Web.Localization;

public static class LocalizationSetup
{
    public const string Chinese = Catalogue.Chinese;
    public const string English = Catalogue.English;
    public static readonly IReadOnlyList<string> Cultures = Catalogue.Languages;

    public static IServiceCollection AddCrmLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Chinese);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // zh-TW or zh-Hans browsers still get zh-CN rather than the English fallback.
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Order: the user's own language (for the API: Accept-Language first), the browser's remembered
            // choice (cookie, for anonymous pages), then the browser's Accept-Language.
            o.RequestCultureProviders =
            [
                new UserLanguageCultureProvider(),
                new CookieRequestCultureProvider(),
                new AcceptLanguageHeaderRequestCultureProvider(),
            ];
        });
        return services;
    }

    /// <summary>
    /// GET /culture/set?culture=en&amp;redirectUri=/deals: the app bar's and the profile's language switch. A signed-in
    /// user's choice is saved on the user (audited) and their sign-in refreshed, so the language claim follows them
    /// to every browser; the browser also remembers it in a cookie for a year, for the sign-in page. Only local
    /// redirect targets are followed, so the link cannot be used to send someone elsewhere.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", async (HttpContext http, string? culture, string? redirectUri, UserService users,
            SignInManager<CrmUser> signIn) =>
        {
            var chosen = Cultures.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase)) ?? Chinese;
            if (http.User.Identity?.IsAuthenticated == true)
            {
                await users.SetLanguageAsync(http.User.ToCurrentUser(), chosen, http.RequestAborted);
                if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
                {
                    await signIn.RefreshSignInAsync(user);
                }
            }
            RememberInBrowser(http, chosen);
            return TypedResults.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>The culture cookie: the sign-in page speaks the last language chosen or signed in with on this browser.</summary>
    public static void RememberInBrowser(HttpContext http, string language) => http.Response.Cookies.Append(
        CookieRequestCultureProvider.DefaultCookieName,
        CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
        new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });

    internal static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri[0] == '/' && (uri.Length == 1 || (uri[1] != '/' && uri[1] != '\\'));
}
