using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace Crm.Web.Localization;

public static class LocalizationSetup
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly IReadOnlyList<string> Cultures = [Chinese, English];

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
            // Order: the remembered choice (cookie), then the browser's Accept-Language.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>
    /// GET /culture/set?culture=en&amp;redirectUri=/deals: remembers the language in a cookie for a year and goes back.
    /// Only local redirect targets are followed, so the link cannot be used to send someone elsewhere.
    /// </summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", (HttpContext http, string? culture, string? redirectUri) =>
        {
            var chosen = Cultures.FirstOrDefault(c => string.Equals(c, culture, StringComparison.OrdinalIgnoreCase)) ?? Chinese;
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            return TypedResults.LocalRedirect(IsLocal(redirectUri) ? redirectUri! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal static bool IsLocal(string? uri) =>
        !string.IsNullOrEmpty(uri) && uri[0] == '/' && (uri.Length == 1 || (uri[1] != '/' && uri[1] != '\\'));
}
