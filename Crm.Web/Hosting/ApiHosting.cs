using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
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
        services.AddValidatorsFromAssemblyContaining<Crm.Api.Auth.TokenRequestValidator>(ServiceLifetime.Singleton);
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
            var errors = new Dictionary<string, string[]>();
            switch (bad.InnerException)
            {
                case JsonException { Path: { } path } json when MissingRequired().Match(json.Message) is { Success: true } missing:
                    foreach (var name in missing.Groups[1].Value.Split(", ").Select(n => n.Trim('\'')))
                    {
                        errors[Field(path, name)] = [$"'{name}' is required."];
                    }
                    break;
                case JsonException { Path: { Length: > 1 } path }:
                    errors[Field(path, null)] = ["The value is not valid for this field (wrong type, unknown name or malformed)."];
                    break;
                case JsonException:
                    errors["body"] = ["The request body is not valid JSON for this request."];
                    break;
                default:
                    // A query or route value the binder could not read names its parameter ("Failed to bind parameter \"int? PageSize\" ...").
                    var parameter = Parameter().Match(bad.Message);
                    var field = bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase) ? "body"
                        : parameter.Success ? char.ToLowerInvariant(parameter.Groups[1].Value[0]) + parameter.Groups[1].Value[1..]
                        : "request";
                    errors[field] = [bad.Message];
                    break;
            }
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new HttpValidationProblemDetails(errors) { Status = 400, Title = "The request is not valid." },
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
