using System.Net;
using System.Text.RegularExpressions;

namespace Crm.Tests.Infrastructure;

/// <summary>Signs a browser-like client (cookies kept) in through the real sign-in form, antiforgery and all.</summary>
public static partial class CookieSignIn
{
    /// <summary>Posts the sign-in form of /account/login; the client then carries the sign-in cookie.</summary>
    public static async Task<HttpResponseMessage> SignInWithFormAsync(this HttpClient client, TestUser user, string acceptLanguage = "zh-CN")
    {
        var response = await client.PostSignInFormAsync(user.Email, CrmApp.Password, acceptLanguage);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.OK)
            || !response.Headers.TryGetValues("Set-Cookie", out var cookies) || !cookies.Any(c => c.StartsWith("zone-crm=", StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"Sign-in of {user.Email} failed: {(int)response.StatusCode}.");
        }
        return response;
    }

    /// <summary>Loads the sign-in page and posts its form (antiforgery token and all) with these credentials, whatever the answer.</summary>
    public static async Task<HttpResponseMessage> PostSignInFormAsync(this HttpClient client, string email, string password, string acceptLanguage = "zh-CN")
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        get.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var form = await (await client.SendAsync(get)).Content.ReadAsStringAsync();

        var fields = new Dictionary<string, string>();
        foreach (Match input in Input().Matches(form))
        {
            var tag = input.Value;
            var name = Attribute(tag, "name");
            if (name is null)
            {
                continue;
            }
            fields[name] = Attribute(tag, "id") switch
            {
                "email" => email,
                "password" => password,
                _ => WebUtility.HtmlDecode(Attribute(tag, "value") ?? ""),
            };
        }
        using var post = new HttpRequestMessage(HttpMethod.Post, "/account/login") { Content = new FormUrlEncodedContent(fields) };
        post.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return await client.SendAsync(post);
    }

    /// <summary>A client that sends the sign-in cookie the real form issued with every request, as a browser would.</summary>
    public static async Task<HttpClient> BrowserSignedInAsync(this CrmApp app, TestUser user, string acceptLanguage = "zh-CN")
    {
        using var form = app.CreateClient(new() { AllowAutoRedirect = false });
        var signIn = await form.SignInWithFormAsync(user, acceptLanguage);
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        browser.DefaultRequestHeaders.Add("Cookie", string.Join("; ", signIn.Headers.GetValues("Set-Cookie")
            .Where(c => c.StartsWith("zone-crm", StringComparison.Ordinal)).Select(c => c.Split(';')[0])));
        return browser;
    }

    /// <summary>A page as a browser in <paramref name="acceptLanguage"/> gets it, HTML-decoded.</summary>
    public static async Task<string> PageAsync(this HttpClient client, string path, string acceptLanguage = "zh-CN")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await client.SendAsync(request);
        return WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private static string? Attribute(string tag, string name) =>
        Regex.Match(tag, $"\\s{name}=\"([^\"]*)\"") is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex Input();
}
