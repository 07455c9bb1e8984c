using System.Reflection;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Api.Validation;

/// <summary>
/// Validates, with FluentValidation, every argument of an endpoint whose type has a validator (a body, or the
/// <c>[AsParameters]</c> record of a query string or route), and answers 400 with the errors per field before the
/// handler runs: the messages in the request's language, each field's validator codes in the <c>codes</c>
/// extension member. Only such endpoints get the filter and the 400 in their OpenAPI description. It runs inside
/// the endpoint, so the route's authorization policy has already refused a caller without the role (403).
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var validated = Validated(context.MethodInfo, context.ApplicationServices);
            if (validated.Length == 0)
            {
                return next;
            }

            return async invocation =>
            {
                foreach (var (index, validator) in validated)
                {
                    if (invocation.Arguments[index] is not { } argument)
                    {
                        continue;
                    }
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    if (!result.IsValid)
                    {
                        var fields = result.Errors.GroupBy(e => JsonName(e.PropertyName)).ToList();
                        return TypedResults.ValidationProblem(
                            fields.ToDictionary(f => f.Key, f => f.Select(e => e.ErrorMessage).ToArray()),
                            extensions: new Dictionary<string, object?>
                            {
                                ["codes"] = fields.ToDictionary(f => f.Key, f => f.Select(e => e.ErrorCode).ToArray()),
                            });
                    }
                }
                return await next(invocation);
            };
        });
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is { } method
                && Validated(method, endpoint.ApplicationServices).Length > 0)
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                    StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"]));
            }
        });
        return builder;
    }

    private static (int Index, IValidator Validator)[] Validated(MethodInfo method, IServiceProvider services) =>
        method.GetParameters()
            .Select((p, index) => (index, validator: services.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
            .Where(x => x.validator is not null)
            .Select(x => (x.index, x.validator!))
            .ToArray();

    /// <summary>FluentValidation names properties as in C# ("Contacts[0].Email"); clients see camelCase JSON names.</summary>
    public static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
