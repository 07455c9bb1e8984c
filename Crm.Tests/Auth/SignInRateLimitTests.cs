using System.Net;
using System.Net.Http.Json;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Auth;

public sealed class SignInRateLimitTests
{
    [Test]
    public async Task Sign_ins_beyond_the_limit_are_429_with_retry_after()
    {
        using var app = new CrmApp(settings: new Dictionary<string, string?> { ["RateLimits:SignInsPerMinute"] = "3" });
        var client = app.CreateClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add(await client.PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody@zone.test", password = "Wrong-Password-123" }));
        }

        Assert.That(answers.Take(3).Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(answers[3].StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(answers[3].Headers.RetryAfter, Is.Not.Null);
        var refresh = await client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "x" });
        Assert.That(refresh.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "refresh shares the sign-in limit");
    }
}
