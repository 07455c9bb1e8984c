using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Auth;

/// <summary>Sign-in attempts are limited per client address and per account, on the API and on the sign-in page alike.</summary>
public sealed class SignInRateLimitTests
{
    private static Dictionary<string, string?> Limit(int perMinute) =>
        new() { ["RateLimits:SignInsPerMinute"] = perMinute.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Test]
    public async Task Sign_ins_beyond_the_limit_are_429_with_retry_after()
    {
        using var app = new CrmApp(settings: Limit(3));
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

    [Test]
    public async Task Api_sign_ins_of_one_account_from_many_addresses_are_limited_per_account()
    {
        using var app = new SignInTestApp(Limit(3));
        var user = await app.CreateUserAsync(Roles.Recruiter, "GD");
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            var answer = await app.ClientFrom($"10.0.0.{i}").PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "Wrong-Password-123" });
            statuses.Add(answer.StatusCode);
        }
        var other = await app.CreateUserAsync(Roles.Recruiter, "GD");
        var otherAccount = await app.ClientFrom("10.0.0.9").PostAsJsonAsync("/api/v1/auth/token", new { email = other.Email, password = CrmApp.Password });

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests }));
        Assert.That(otherAccount.StatusCode, Is.EqualTo(HttpStatusCode.OK), "another account is not held back");
    }

    [Test]
    public async Task Api_sign_ins_of_many_accounts_from_one_address_are_limited_per_address()
    {
        using var app = new SignInTestApp(Limit(3));
        var client = app.ClientFrom("10.0.1.1");
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 4; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/auth/token", new { email = $"nobody{i}@zone.test", password = "Wrong-Password-123" })).StatusCode);
        }
        var elsewhere = await app.ClientFrom("10.0.1.2").PostAsJsonAsync("/api/v1/auth/token", new { email = "nobody9@zone.test", password = "Wrong-Password-123" });

        Assert.That(statuses[..3], Has.All.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(statuses[3], Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(elsewhere.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "another address is not held back");
    }

    [TestCase("zh-CN")]
    [TestCase("en")]
    public async Task Page_sign_ins_beyond_the_limit_are_429_with_the_words_in_the_visitors_language(string language)
    {
        using var app = new SignInTestApp(Limit(3));
        var client = app.ClientFrom("10.0.2.1");
        var answers = new List<HttpResponseMessage>();
        for (var i = 1; i <= 4; i++)
        {
            answers.Add(await client.PostSignInFormAsync($"nobody{i}@zone.test", "Wrong-Password-123", language));
        }

        var page = WebUtility.HtmlDecode(await answers[3].Content.ReadAsStringAsync());
        Assert.Multiple(() =>
        {
            Assert.That(answers.Take(3).Select(a => a.StatusCode), Has.All.EqualTo(HttpStatusCode.OK), "a wrong password shows the form again");
            Assert.That(answers[3].StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(answers[3].Headers.RetryAfter, Is.Not.Null);
            Assert.That(page, Does.Contain(Catalogue.Text("Login.TooManyAttempts", Catalogue.CultureOf(language))));
            Assert.That(page, Does.Not.Contain(Catalogue.Text("Login.Failed", Catalogue.CultureOf(language))));
        });
    }

    [Test]
    public async Task Page_sign_ins_of_one_account_from_many_addresses_are_limited_and_count_with_the_api()
    {
        using var app = new SignInTestApp(Limit(3));
        var user = await app.CreateUserAsync(Roles.Manager);

        var api = await app.ClientFrom("10.0.3.1").PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = "Wrong-Password-123" });
        var first = await app.ClientFrom("10.0.3.2").PostSignInFormAsync(user.Email, "Wrong-Password-123");
        var second = await app.ClientFrom("10.0.3.3").PostSignInFormAsync(user.Email, "Wrong-Password-123");
        var fourth = await app.ClientFrom("10.0.3.4").PostSignInFormAsync(user.Email, CrmApp.Password);

        Assert.That(new[] { api.StatusCode, first.StatusCode, second.StatusCode, fourth.StatusCode },
            Is.EqualTo(new[] { HttpStatusCode.Unauthorized, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        Assert.That(fourth.Headers.Contains("Set-Cookie") && fourth.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("zone-crm=", StringComparison.Ordinal)),
            Is.False, "no sign-in beyond the limit, even with the right password");
    }

    [Test]
    public async Task Loading_the_sign_in_page_is_not_an_attempt()
    {
        using var app = new SignInTestApp(Limit(2));
        var client = app.ClientFrom("10.0.4.1");
        for (var i = 0; i < 5; i++)
        {
            Assert.That((await client.GetAsync("/account/login")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        var user = await app.CreateUserAsync(Roles.Manager);
        await client.SignInWithFormAsync(user);
    }
}
