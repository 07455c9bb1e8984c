using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Crm.Tests.Infrastructure;

/// <summary>
/// The real Crm.Web host on a fresh SQLite file of its own. Jobs, the demo seed and the sign-in rate
/// limit are off unless a test turns them on through <see cref="Settings"/>.
/// </summary>
public class CrmApp : WebApplicationFactory<Program>
{
    public const string Password = "Zone-Test-Password-2026";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crm-tests", Guid.NewGuid().ToString("N"));
    private int _users;

    public CrmApp(TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        Time = time;
        Directory.CreateDirectory(_folder);
        Settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Crm"] = $"Data Source={DatabasePath}",
            ["Demo:Seed"] = "false",
            ["Jobs:Enabled"] = "false",
            ["Documents:Folder"] = Path.Combine(_folder, "documents"),
            ["RateLimits:SignInsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    public TimeProvider? Time { get; }
    /// <summary>The host environment; "Development" is what <c>dotnet run --project Crm.Web</c> gets.</summary>
    public string EnvironmentName { get; init; } = "Testing";
    public Dictionary<string, string?> Settings { get; }
    public string DatabasePath => Path.Combine(_folder, "crm.db");
    /// <summary>When set, the host also logs here (at the levels its settings enable).</summary>
    public CapturedLog? Log { get; init; }
    public string DataFolder => _folder;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseStaticWebAssets();
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            HangfireQuietLog.Keep(services);
            if (Log is not null)
            {
                services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Log);
            }
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(Time);
            }
        });
    }

    /// <summary>Runs <paramref name="work"/> with a database context of its own scope.</summary>
    public async Task<T> WithDbAsync<T>(Func<CrmDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    public async Task WithDbAsync(Func<CrmDbContext, Task> work)
    {
        await using var scope = Services.CreateAsyncScope();
        await work(scope.ServiceProvider.GetRequiredService<CrmDbContext>());
    }

    /// <summary>A user with one role (and a desk, for a recruiter) and the shared test password.</summary>
    public async Task<TestUser> CreateUserAsync(string role, string? desk = null, string? name = null)
    {
        var n = Interlocked.Increment(ref _users);
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CrmUser>>();
        var email = $"{role.ToLowerInvariant()}{n}@zone.test";
        var user = new CrmUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name ?? $"{role} {n}",
            DeskCode = desk,
            CreatedAt = DateTime.UtcNow,
        };
        Check(await users.CreateAsync(user, Password));
        Check(await users.AddToRoleAsync(user, role));
        return new TestUser(user.Id, email, role, desk);
    }

    /// <summary>An HTTP client that carries a bearer token of <paramref name="user"/>.</summary>
    public async Task<HttpClient> ClientForAsync(TestUser user)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = user.Email, password = Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>(Json);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public async Task<(TestUser User, HttpClient Client)> SignedInAsync(string role, string? desk = null)
    {
        var user = await CreateUserAsync(role, desk);
        return (user, await ClientForAsync(user));
    }

    /// <summary>Whether this host runs Hangfire; its fixture must then be <c>[NonParallelizable]</c>.</summary>
    public bool RunsJobs => string.Equals(Settings["Jobs:Enabled"], "true", StringComparison.OrdinalIgnoreCase);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a finishing request; the temp folder is cleaned by the OS.
            }
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }

    private sealed record TokenResponse(string AccessToken, string RefreshToken, long ExpiresIn);
}

public sealed record TestUser(string Id, string Email, string Role, string? Desk);
