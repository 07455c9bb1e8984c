using System.Net;
using Crm.Domain.Localization;
using Scalar.AspNetCore;

namespace Crm.Web.Hosting;

/// <summary>
/// The API reference at <c>/api-reference</c>, served from the zone's own host: no hosted-service buttons (agent, MCP,
/// developer tools, the client's "deploy" and SDK offers), no fonts or telemetry from outside the zone's network, the
/// app's favicon and a link back to the app.
/// </summary>
public static class ApiReference
{
    public const string Path = "/api-reference";
    public const string Favicon = "/favicon.svg";

    /// <summary>The API's name, in the OpenAPI document and on the page: the app's English name.</summary>
    public static string Title => $"{Catalogue.Text("App.Name", Catalogue.EnglishCulture)} API";

    public static IEndpointConventionBuilder MapCrmApiReference(this IEndpointRouteBuilder app) =>
        app.MapScalarApiReference(Path, options =>
        {
            var english = Catalogue.EnglishCulture;
            options.WithTitle(Title)
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .DisableDefaultFonts()
                .HideDeveloperTools()
                .HideClientButton()
                .WithFavicon(Favicon);
            options.ProxyUrl = null;
            options.HeaderContent =
                $"<a class=\"crm-back\" href=\"/\">{WebUtility.HtmlEncode(Catalogue.Text("Api.Reference.Back", english, Catalogue.Text("App.Name", english)))}</a>";
            options.CustomCss = ".crm-back{display:block;padding:8px 16px;font:14px system-ui,sans-serif;color:#1565c0;text-decoration:none}";
        });
}
