namespace Crm.Web.Hosting;

public static class SecurityHeaders
{
    // MudBlazor sets inline styles; Blazor and the API reference page run their own scripts from this origin.
    private const string ContentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        // API answers are a user's records (or their tokens): no browser or proxy keeps a copy.
        if (context.Request.Path.StartsWithSegments(Crm.Api.ApiEndpoints.Root))
        {
            headers.CacheControl = "no-store";
        }
        await next();
    });
}
