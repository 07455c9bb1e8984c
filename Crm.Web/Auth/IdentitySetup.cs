using Crm.Api.Auth;
using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Auth;

public static class IdentitySetup
{
    public const int MinPasswordLength = 12;
    public const int MaxFailedSignIns = 5;

    /// <summary>
    /// Identity on EF Core: a cookie for the UI, bearer tokens for the API, no self-registration.
    /// Data-protection keys live in the database so every instance reads every cookie and token.
    /// </summary>
    public static IServiceCollection AddCrmIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddBearerToken(IdentityConstants.BearerScheme, o =>
            {
                o.BearerTokenExpiration = TimeSpan.FromMinutes(30);
                o.Events.OnMessageReceived = SecurityStampRecheck.OnBearerMessageAsync;
            })
            .AddIdentityCookies(cookies => cookies.ApplicationCookie?.Configure(o =>
            {
                o.LoginPath = "/account/login";
                o.LogoutPath = "/account/logout";
                o.AccessDeniedPath = "/account/denied";
                o.Cookie.Name = "zone-crm";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(10);
                o.SlidingExpiration = true;
                // Under /api nobody is sent to a sign-in page: a missing or refused sign-in is a plain 401/403.
                o.Events.OnRedirectToLogin = context => ApiStatusOrRedirect(context, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = context => ApiStatusOrRedirect(context, StatusCodes.Status403Forbidden);
            }));

        services.AddIdentityCore<CrmUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = MinPasswordLength;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Password.RequiredUniqueChars = 4;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedSignIns;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<CrmDbContext>()
            .AddUserManager<CrmUserManager>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<CrmClaimsPrincipalFactory>()
            .AddPasswordValidator<CommonPasswordValidator>();

        // Role removal and lockout reach open cookie sign-ins within a minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        // ... and open bearer tokens too, which Identity never re-validates on its own.
        services.AddSingleton<SecurityStampRecheck.Checks>();
        services.AddScoped<SecurityStampRecheck>();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddApiPolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, DeniedAccessAudit>();

        services.AddDataProtection().PersistKeysToDbContext<CrmDbContext>().SetApplicationName("zone-crm");

        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInLimiter>();
        services.AddScoped<PasswordSignIn>();
        return services;
    }

    private static Task ApiStatusOrRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(Crm.Api.ApiEndpoints.Root))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }
        return Task.CompletedTask;
    }
}
