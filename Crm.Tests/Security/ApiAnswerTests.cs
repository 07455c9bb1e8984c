using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Security;

/// <summary>What every API answer carries whatever the route: a 404 for a path no route serves, no caching.</summary>
public sealed class ApiAnswerTests
{
    private CrmApp _app = null!;
    private HttpClient _signedIn = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_, _signedIn) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    [TestCase("GET", "/api/v1/nothing-here")]
    [TestCase("GET", "/api/v1/deals/1/nothing-here")]
    [TestCase("POST", "/api/v1/nothing-here")]
    [TestCase("GET", "/api/v2/deals")]
    [TestCase("GET", "/api")]
    public async Task An_unmatched_api_route_is_404_problem_for_a_signed_in_caller(string method, string path)
    {
        var response = await _signedIn.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), await response.Content.ReadAsStringAsync());
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That(body["status"]?.GetValue<int>(), Is.EqualTo(404));
    }

    [TestCase("/api/v1/nothing-here")]
    [TestCase("/api/v2/deals")]
    public async Task An_unmatched_api_route_is_401_for_an_anonymous_caller(string path)
    {
        var response = await _app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_route_called_with_another_method_is_not_401_for_a_signed_in_caller()
    {
        var response = await _signedIn.DeleteAsync("/api/v1/deals");
        Assert.That((int)response.StatusCode, Is.AnyOf(404, 405), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Every_api_answer_to_a_signed_in_caller_is_not_stored()
    {
        var deal = await _signedIn.CreateDealAsync();
        var answers = new Dictionary<string, HttpResponseMessage>
        {
            ["list"] = await _signedIn.GetAsync("/api/v1/deals"),
            ["one"] = await _signedIn.GetAsync($"/api/v1/deals/{deal.Id}"),
            ["me"] = await _signedIn.GetAsync("/api/v1/me"),
            ["not found"] = await _signedIn.GetAsync("/api/v1/deals/424242"),
            ["unmatched"] = await _signedIn.GetAsync("/api/v1/nothing-here"),
            ["bad input"] = await _signedIn.PostAsync("/api/v1/deals", new StringContent("{", Encoding.UTF8, "application/json")),
            ["export"] = await _signedIn.GetAsync($"/api/v1/reviews/2026/Q1.xlsx"),
        };
        var user = await _app.CreateUserAsync(Roles.Manager);
        answers["token"] = await _app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = CrmApp.Password });

        Assert.Multiple(() =>
        {
            foreach (var (name, answer) in answers)
            {
                Assert.That(answer.Headers.CacheControl?.NoStore, Is.True, $"{name}: {(int)answer.StatusCode} {answer.Headers.CacheControl}");
            }
        });
    }
}
