using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Api.Validation;

/// <summary>
/// Validates, with FluentValidation, every argument of an endpoint whose type has a validator, and answers
/// 400 with the errors per field before the handler runs. Endpoints without such arguments get no filter.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var services = context.ApplicationServices;
            var validated = context.MethodInfo.GetParameters()
                .Select((p, index) => (index, validator: services.GetService(typeof(IValidator<>).MakeGenericType(p.ParameterType)) as IValidator))
                .Where(x => x.validator is not null)
                .ToArray();
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
                    var result = await validator!.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    if (!result.IsValid)
                    {
                        return TypedResults.ValidationProblem(result.ToDictionary().ToDictionary(
                            e => JsonName(e.Key), e => e.Value));
                    }
                }
                return await next(invocation);
            };
        });
        builder.Add(endpoint => endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), ["application/problem+json"])));
        return builder;
    }

    /// <summary>FluentValidation names properties as in C# ("Contacts[0].Email"); clients see camelCase JSON names.</summary>
    public static string JsonName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.').Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
