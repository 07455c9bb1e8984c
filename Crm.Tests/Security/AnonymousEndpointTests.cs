using System.Net;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Security;

/// <summary>Deny by default: an endpoint open to anonymous callers must be on this short list.</summary>
public sealed class AnonymousEndpointTests
{
    /// <summary>Route patterns (or prefixes ending in *) that anyone may reach.</summary>
    private static readonly string[] Allowlist =
    [
        "/",
        "/not-found",
        "/health",
        // The feed's secret is its credential (a phone calendar cannot sign in); unknown or revoked secrets are 404.
        "/calendar/feed/{secret}.ics",
        // The language switch works on the sign-in page too; it only sets a cookie and redirects to a local path.
        "/culture/set",
        "/account/login",
        "/account/logout",
        "/account/denied",
        "/openapi/{documentName}.json",
        "/api-reference*",
        "/api/v1/auth/token",
        "/api/v1/auth/refresh",
        // Invited users have no account (and so no token) yet; rate-limited like sign-in, and a wrong token or an
        // unknown email give the same 400, so it tells nobody who has an account.
        "/api/v1/auth/accept-invitation",
        // The Hangfire dashboard: its own filter (Crm.Web/Jobs/AdminDashboardAuthorization) answers 401/403 to anyone
        // but a signed-in Admin; the fallback policy would redirect its XHR calls to the login page instead.
        "/hangfire/{**path}",
    ];

    private CrmApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new CrmApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public void Every_anonymous_endpoint_is_on_the_allowlist()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.That(endpoints, Has.Count.GreaterThan(20), "the host's endpoints were found");
        Assert.That(endpoints.Count(IsStaticAsset), Is.GreaterThan(0), "static assets are recognised by their descriptor");

        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null && !IsStaticAsset(e))
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Distinct()
            .ToList();

        Assert.That(open.Where(route => !Allowlist.Any(allowed => Matches(allowed, route))), Is.Empty,
            "anonymous endpoints not on the allowlist");
    }

    [Test]
    public void Non_anonymous_endpoints_have_the_fallback_or_a_policy()
    {
        // Endpoints without [AllowAnonymous] fall to the fallback policy (authenticated user); prove it on a page route and an API route.
        var options = _app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthorizationOptions>>().Value;
        Assert.That(options.FallbackPolicy, Is.Not.Null);
        Assert.That(options.FallbackPolicy!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement>(),
            Is.Not.Empty);
    }

    [TestCase("/api/v1/deals")]
    [TestCase("/api/v1/me")]
    [TestCase("/api/v1/users")]
    [TestCase("/_blazor/negotiate")]
    public async Task Anonymous_request_to_a_closed_route_is_refused(string path)
    {
        var response = await _app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        Assert.That(response.StatusCode, Is.AnyOf(HttpStatusCode.Unauthorized, HttpStatusCode.Redirect, HttpStatusCode.Found, HttpStatusCode.MethodNotAllowed));
        Assert.That(response.StatusCode, Is.Not.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("/health")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/")]
    public async Task Allowlisted_routes_answer_anonymous_callers(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().FullName == "Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor");

    private static bool Matches(string allowed, string route) =>
        allowed.EndsWith('*') ? route.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed, route, StringComparison.OrdinalIgnoreCase);
}
