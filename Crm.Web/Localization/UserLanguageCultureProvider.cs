using System.Security.Claims;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Net.Http.Headers;

namespace Crm.Web.Localization;

/// <summary>
/// The language of a request. Pages: the signed-in user's own language (a claim of the sign-in), so it follows
/// them to any browser; anonymous pages fall through to the culture cookie, then Accept-Language. The API: the
/// request's Accept-Language when it names a language we speak, else the caller's own language. The API's
/// callers carry bearer tokens, which the default (cookie) authentication does not read, so this provider
/// authenticates the bearer scheme itself; the result is cached for the request, authorization reuses it.
/// Must run after <c>UseAuthentication</c>.
/// </summary>
public sealed class UserLanguageCultureProvider : RequestCultureProvider
{
    public override async Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext)
    {
        if (!httpContext.Request.Path.StartsWithSegments(Crm.Api.ApiEndpoints.Prefix))
        {
            return Result(httpContext.User);
        }
        if (Requested(httpContext.Request) is { } requested)
        {
            return new ProviderCultureResult(requested);
        }
        var bearer = await httpContext.AuthenticateAsync(IdentityConstants.BearerScheme);
        return bearer.Succeeded ? Result(bearer.Principal) : null;
    }

    /// <summary>The first language of Accept-Language, by quality, that we speak ("en-GB" reads "en").</summary>
    public static string? Requested(HttpRequest request) =>
        StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptLanguage, out var languages)
            ? languages.OrderByDescending(l => l.Quality ?? 1).Select(l => Catalogue.Normalize(l.Value.Value)).FirstOrDefault(l => l is not null)
            : null;

    private static ProviderCultureResult? Result(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && Catalogue.Normalize(user.FindFirstValue(CrmClaimTypes.Language)) is { } language
            ? new ProviderCultureResult(language)
            : null;
}
