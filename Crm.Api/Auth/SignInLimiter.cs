using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Crm.Api.Auth;

/// <summary>
/// One count of sign-in attempts for the sign-in page and the API alike: per client address and per account, each
/// <see cref="RateLimitOptions.SignInsPerMinute"/> a minute. Per address alone, one address could try every
/// account; per account alone, many addresses could try one. The account is known only once the body is read, so
/// the count is taken by the handler (the page's form, the endpoint), not by a middleware in front of it.
/// </summary>
public sealed class SignInLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInLimiter(IOptions<RateLimitOptions> options)
    {
        var perMinute = options.Value.SignInsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));
    }

    /// <summary>Counts an attempt from the request's address (and for <paramref name="account"/>, when one is named).</summary>
    /// <returns>Null when it may go ahead; else how long the caller should wait.</returns>
    public TimeSpan? Refuse(HttpContext context, string? account)
    {
        using var byAddress = _limiter.AttemptAcquire("address:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"));
        if (!byAddress.IsAcquired)
        {
            return Wait(byAddress);
        }
        if (string.IsNullOrWhiteSpace(account))
        {
            return null;
        }
        // As Identity looks accounts up: "A@zone.demo " and "a@zone.demo" are one account.
        using var byAccount = _limiter.AttemptAcquire("account:" + account.Trim().ToUpperInvariant());
        return byAccount.IsAcquired ? null : Wait(byAccount);
    }

    /// <summary>Sets <c>Retry-After</c> (whole seconds) for a refused attempt.</summary>
    public static void TellWhenToRetry(HttpResponse response, TimeSpan wait) =>
        response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();

    private static TimeSpan Wait(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
}
