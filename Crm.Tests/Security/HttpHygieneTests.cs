using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Security;

/// <summary>Error bodies, security headers and the OpenAPI document, for the whole API.</summary>
public sealed partial class HttpHygieneTests
{
    private CrmApp _app = null!;

    [OneTimeSetUp]
    public void Start() => _app = new CrmApp();

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [Test]
    public async Task Denials_are_problem_details_without_data()
    {
        var (_, advisor) = await _app.SignedInAsync(Roles.Advisor);
        var (_, recruiter) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        var answers = new[]
        {
            await _app.CreateClient().GetAsync("/api/v1/deals"),
            await advisor.GetAsync("/api/v1/deals"),
            await recruiter.GetAsync("/api/v1/deals/424242"),
        };
        Assert.That(answers.Select(a => (int)a.StatusCode), Is.EqualTo(new[] { 401, 403, 404 }));
        await Assert.MultipleAsync(async () =>
        {
            foreach (var answer in answers)
            {
                Assert.That(answer.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), answer.StatusCode.ToString());
                var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!.AsObject();
                Assert.That(body["status"]?.GetValue<int>(), Is.EqualTo((int)answer.StatusCode));
            }
        });
    }

    [TestCase("/api/v1/deals")]
    [TestCase("/health")]
    [TestCase("/")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        var response = await _app.CreateClient().GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Multiple(() =>
        {
            Assert.That(csp, Does.Contain("object-src 'none'").And.Contain("frame-ancestors 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
            Assert.That(response.Headers.Contains("Referrer-Policy"), Is.True);
        });
    }

    [Test]
    public async Task OpenApi_document_describes_every_api_route()
    {
        var document = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        var described = paths.SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key.TrimEnd('/')}")).ToHashSet();
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])
                .Select(m => $"{m} {WithoutConstraints(e.RoutePattern.RawText!.TrimEnd('/'))}"))
            .ToHashSet();

        Assert.That(mapped.Except(described), Is.Empty, "routes missing from /openapi/v1.json");
        Assert.That(document["components"]?["securitySchemes"]?["Bearer"], Is.Not.Null);
    }

    [TestCase("/api/v1/deals", "get", "400", true)]
    [TestCase("/api/v1/deals", "get", "409", false)]
    [TestCase("/api/v1/deals/{id}", "get", "400", false)]
    [TestCase("/api/v1/deals/{id}/stage", "post", "400", true)]
    [TestCase("/api/v1/deals/{id}/stage", "post", "422", true)]
    [TestCase("/api/v1/notifications", "get", "400", false)]
    [TestCase("/api/v1/me/notification-settings", "get", "400", false)]
    [TestCase("/api/v1/me/notification-settings", "put", "400", true)]
    [TestCase("/api/v1/referrals", "get", "409", false)]
    [TestCase("/api/v1/users/{id}/lock", "post", "400", false)]
    public async Task OpenApi_lists_exactly_the_answers_an_endpoint_can_give(string path, string method, string status, bool listed)
    {
        var document = JsonNode.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        var operation = (paths[path] ?? paths[path + "/"])![method]!;

        Assert.That(operation["responses"]![status] is not null, Is.EqualTo(listed), $"{method.ToUpperInvariant()} {path} {status}");
    }

    /// <summary>
    /// The document names a parameter without its route constraint: <c>{id:int}</c> and <c>{id:long}</c> are both
    /// <c>{id}</c> there (the type goes to the parameter's schema).
    /// </summary>
    private static string WithoutConstraints(string route) => RouteConstraint().Replace(route, "{$1}");

    [GeneratedRegex(@"\{(\w+)(?::[^}]+)\}")]
    private static partial Regex RouteConstraint();

    [Test]
    public async Task Api_reference_page_is_served()
    {
        var response = await _app.CreateClient().GetAsync("/api-reference");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }
}
