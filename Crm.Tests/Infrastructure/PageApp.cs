using System.Data.Common;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// The real host for page tests (server prerender, no browser): one more authentication scheme lets a request
/// name its user in a header, and every SQL command the host sends is counted in <see cref="Commands"/>.
/// </summary>
public class PageApp(TimeProvider? time = null) : CrmApp(time)
{
    public const string Scheme = "PageTest";

    public SqlCommandCounter Commands { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, HeaderUser>(Scheme, _ => { });
            services.PostConfigure<AuthenticationOptions>(o =>
            {
                o.DefaultAuthenticateScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
            });
            services.ConfigureDbContext<SqliteCrmDbContext>(o => o.AddInterceptors(Commands));
        });
    }

    /// <param name="culture">The language the page is asked in (cookie and Accept-Language, as a browser would).</param>
    public async Task<HttpResponseMessage> PageResponseAsync(string path, TestUser user, string culture = "zh-CN")
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(HeaderUser.Header, $"{user.Id}|{user.Role}|{user.Desk}");
        client.DefaultRequestHeaders.Add("Accept-Language", culture);
        client.DefaultRequestHeaders.Add("Cookie",
            $"{CookieRequestCultureProvider.DefaultCookieName}={Uri.EscapeDataString(CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)))}");
        return await client.GetAsync(path);
    }

    /// <summary>The prerendered page, HTML-decoded.</summary>
    public async Task<string> PageAsync(string path, TestUser user, string culture = "zh-CN")
    {
        var response = await PageResponseAsync(path, user, culture);
        await response.EnsureSuccessAsync();
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    /// <summary>A user whose own language setting is <paramref name="language"/>, for a provider that reads it.</summary>
    public async Task<TestUser> CreateUserInLanguageAsync(string role, string language, string? desk = null, string? name = null)
    {
        var user = await CreateUserAsync(role, desk, name);
        await WithDbAsync(db => db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Language, language)));
        return user;
    }

    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Header = "X-Page-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].FirstOrDefault() is not { } value)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var parts = value.Split('|');
            List<Claim> claims = [new(ClaimTypes.NameIdentifier, parts[0]), new(ClaimTypes.Role, parts[1])];
            if (parts.Length > 2 && parts[2].Length > 0)
            {
                claims.Add(new Claim(CrmClaimTypes.Desk, parts[2]));
            }
            var identity = new ClaimsIdentity(claims, PageApp.Scheme);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), PageApp.Scheme)));
        }
    }
}

/// <summary>Counts the SQL commands EF sends (a page must not send one per row) and keeps the last ones, with their parameters.</summary>
public sealed class SqlCommandCounter : DbCommandInterceptor
{
    private const int Kept = 200;
    private readonly System.Collections.Concurrent.ConcurrentQueue<SentCommand> _sent = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>The commands sent since the last <see cref="Reset"/> (at most the last 200).</summary>
    public IReadOnlyList<SentCommand> Sent => [.. _sent];

    public void Reset()
    {
        Interlocked.Exchange(ref _count, 0);
        _sent.Clear();
    }

    private void Record(DbCommand command)
    {
        Interlocked.Increment(ref _count);
        _sent.Enqueue(new SentCommand(command.CommandText,
            command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value)).ToList()));
        while (_sent.Count > Kept && _sent.TryDequeue(out _))
        {
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }
}

/// <summary>One SQL command as it was sent: its text and its parameters' names and values.</summary>
public sealed record SentCommand(string Text, IReadOnlyList<(string Name, object? Value)> Parameters);
