using System.ComponentModel.DataAnnotations;

namespace Crm.Api.Auth;

/// <summary>Configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>
    /// Sign-in attempts (the sign-in page, the API's token, refresh and invitation routes, counted together) per
    /// client address and minute, and sign-in attempts per account and minute.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:SignInsPerMinute must be at least {1}.")]
    public int SignInsPerMinute { get; set; } = 10;
}
