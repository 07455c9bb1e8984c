using Crm.Domain.Common;
using Crm.Domain.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Api.Common;

/// <summary>
/// Maps a service outcome to the API's status codes (README: 400, 403, 404, 409, 422). Refusals carry
/// their stable <c>code</c> as an extension member and a <c>detail</c> in the request's language.
/// </summary>
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
            ServiceResult<T>.Invalid invalid => Problem(invalid),
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
            ServiceResult<T>.Invalid invalid => Problem(invalid),
            _ => throw new InvalidOperationException($"Unmapped result {result.GetType().Name}."),
        };

    /// <summary>A 400 naming the field, with the refusal's words and its code.</summary>
    public static ValidationProblem Problem<T>(ServiceResult<T>.Invalid invalid) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [invalid.Field] = [Catalogue.Of(invalid.Reason)] },
        extensions: new Dictionary<string, object?> { ["code"] = invalid.Reason.Code });
}

/// <summary>
/// A ProblemDetails for a refused rule: <c>code</c> is the stable code to branch on (<c>rule</c> is the same
/// code under its first name, kept for existing clients), <c>detail</c> the sentence in the request's language.
/// </summary>
public sealed record ProblemDetailsBody(string Type, string Title, int Status, string Detail, string Code, string Rule)
{
    public static ProblemDetailsBody Of(RuleViolation violation) => new(
        "https://tools.ietf.org/html/rfc4918#section-11.2", Catalogue.Text("Problem.RuleRefused"),
        StatusCodes.Status422UnprocessableEntity, Catalogue.Of(violation), violation.Code, violation.Code);
}
