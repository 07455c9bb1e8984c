using System.ComponentModel.DataAnnotations;

namespace Crm.Web.Auth;

/// <summary>Configuration section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in, refresh and invitation attempts per client address and minute.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimits:SignInsPerMinute must be at least {1}.")]
    public int SignInsPerMinute { get; set; } = 10;
}
