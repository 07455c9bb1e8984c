using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;

namespace Crm.Web.Hosting;

public static partial class ApiHosting
{
    /// <summary>JSON, ProblemDetails for every error, the OpenAPI document.</summary>
    public static IServiceCollection AddCrmApiHosting(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o =>
        {
            // Enums travel as their names; a number where a name is expected is refused.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // The API's own validators (sign-in requests); the domain's are registered by AddCrmDomain.
        services.AddInputValidatorsFromAssembly(typeof(Crm.Api.Auth.TokenRequestValidator).Assembly);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        return services;
    }

    /// <summary>
    /// Turns a request the binder could not read (malformed JSON, wrong type, unknown enum name, missing
    /// required member, empty body) into 400 ValidationProblem naming the field. Anything else falls
    /// through to the default handler: 500 ProblemDetails without a stack trace.
    /// </summary>
    private sealed partial class BadRequestHandler(IProblemDetailsService problems) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
        {
            if (exception is not BadHttpRequestException bad)
            {
                return false;
            }
            // This handler runs outside the localization middleware's scope: the request's culture is on its feature.
            var culture = context.Features.Get<Microsoft.AspNetCore.Localization.IRequestCultureFeature>()?.RequestCulture.UICulture;
            var errors = new Dictionary<string, string[]>();
            var codes = new Dictionary<string, string[]>();
            void Add(string field, string code, params object?[] args)
            {
                errors[field] = [Catalogue.Text($"Rule.{code}", culture, args)];
                codes[field] = [code];
            }
            switch (bad.InnerException)
            {
                case JsonException { Path: { } path } json when MissingRequired().Match(json.Message) is { Success: true } missing:
                    foreach (var name in missing.Groups[1].Value.Split(", ").Select(n => n.Trim('\'')))
                    {
                        Add(Field(path, name), "input.required", name);
                    }
                    break;
                case JsonException { Path: { Length: > 1 } path }:
                    Add(Field(path, null), "input.invalidValue");
                    break;
                case JsonException:
                    Add("body", "input.invalidJson");
                    break;
                default:
                    // A query or route value the binder could not read names its parameter ("Failed to bind parameter \"int? PageSize\" ...").
                    var parameter = Parameter().Match(bad.Message);
                    var field = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "body"
                        : parameter.Success ? char.ToLowerInvariant(parameter.Groups[1].Value[0]) + parameter.Groups[1].Value[1..]
                        : "request";
                    Add(field, "input.unreadable", field);
                    break;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(errors) { Status = 400, Title = Catalogue.Text("Problem.InvalidRequest", culture), Extensions = { ["codes"] = codes } },
                Exception = exception,
            });
        }

        private static string Field(string jsonPath, string? member)
        {
            var path = jsonPath.TrimStart('$').TrimStart('.');
            return string.IsNullOrEmpty(member) ? (path.Length == 0 ? "body" : path) : (path.Length == 0 ? member : $"{path}.{member}");
        }

        [GeneratedRegex("parameter \"(?:[^\"]* )?(\\w+)\" (?:from|was not provided)")]
        private static partial Regex Parameter();

        [GeneratedRegex("missing required properties including: (.+)\\.$")]
        private static partial Regex MissingRequired();
    }
}
