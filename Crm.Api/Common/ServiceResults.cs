using Crm.Domain.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Api.Common;

/// <summary>Maps a service outcome to the API's status codes (README: 400, 403, 404, 409, 422).</summary>
public static class ServiceResults
{
    public static Results<Ok<T>, NotFound, ForbidHttpResult, Conflict<T>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem> ToHttp<T>(
        this ServiceResult<T> result) => result switch
        {
            ServiceResult<T>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<T>.NotFound => TypedResults.NotFound(),
            ServiceResult<T>.Forbidden => TypedResults.Forbid(),
            ServiceResult<T>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<T>.Refused refused => TypedResults.UnprocessableEntity(ProblemDetailsBody.Of(refused.Violation)),
            ServiceResult<T>.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            _ => throw new InvalidOperationException($"Unmapped result {result.GetType().Name}."),
        };

    public static Results<Created<T>, NotFound, ForbidHttpResult, Conflict<T>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem> ToCreated<T>(
        this ServiceResult<T> result, Func<T, string> location) => result switch
        {
            ServiceResult<T>.Ok ok => TypedResults.Created(location(ok.Value), ok.Value),
            ServiceResult<T>.NotFound => TypedResults.NotFound(),
            ServiceResult<T>.Forbidden => TypedResults.Forbid(),
            ServiceResult<T>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<T>.Refused refused => TypedResults.UnprocessableEntity(ProblemDetailsBody.Of(refused.Violation)),
            ServiceResult<T>.Invalid invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [invalid.Field] = [invalid.Message] }),
            _ => throw new InvalidOperationException($"Unmapped result {result.GetType().Name}."),
        };
}

/// <summary>A ProblemDetails for a refused rule: <c>rule</c> is the stable code, <c>detail</c> the sentence.</summary>
public sealed record ProblemDetailsBody(string Type, string Title, int Status, string Detail, string Rule)
{
    public static ProblemDetailsBody Of(RuleViolation violation) => new(
        "https://tools.ietf.org/html/rfc4918#section-11.2", "A pipeline rule refused the change.",
        StatusCodes.Status422UnprocessableEntity, violation.Message, violation.Rule);
}
