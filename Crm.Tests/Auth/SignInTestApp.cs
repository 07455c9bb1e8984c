using System.Net;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Crm.Tests.Auth;

/// <summary>
/// The real host, with two seams for sign-in tests: the client address comes from an <c>X-Test-Client</c> header
/// (the test server has no remote address), and the Identity password hasher counts its verifications.
/// </summary>
public sealed class SignInTestApp(IDictionary<string, string?>? settings = null) : CrmApp(settings: settings)
{
    public const string ClientHeader = "X-Test-Client";

    private int _verifications;

    /// <summary>How many passwords the hasher has checked against a stored (or stand-in) hash.</summary>
    public int Verifications => Volatile.Read(ref _verifications);

    /// <summary>A cookie-keeping client from <paramref name="address"/> that shows redirects (a page sign-in's success) as they are.</summary>
    public HttpClient ClientFrom(string address)
    {
        var client = CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<IStartupFilter>(new ClientAddressFromHeader());
            // Registered after Identity's own, so this one is resolved.
            services.AddScoped<IPasswordHasher<CrmUser>>(sp => new CountingHasher(
                new PasswordHasher<CrmUser>(sp.GetService<IOptions<PasswordHasherOptions>>()), () => Interlocked.Increment(ref _verifications)));
        });
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientHeader], out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    private sealed class CountingHasher(IPasswordHasher<CrmUser> inner, Action verified) : IPasswordHasher<CrmUser>
    {
        public string HashPassword(CrmUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(CrmUser user, string hashedPassword, string providedPassword)
        {
            verified();
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
