using Crm.Domain.Common;
using Crm.Domain.Localization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Crm.Api.Common;

/// <summary>
/// Maps service outcomes to the API's status codes (README: 400, 403, 404, 409, 422). Each handler maps exactly
/// the outcomes its service can reach, so its <c>Results&lt;...&gt;</c> is its whole HTTP contract; a case it
/// does not list is a broken contract (<see cref="Unexpected{T}"/>, a 500), never a silent answer. Refusals
/// carry their stable <c>code</c> as an extension member and a <c>detail</c> in the request's language.
/// </summary>
public static class ServiceResults
{
    /// <summary>For a versioned change that can meet every outcome: missing, not theirs, stale, refused, invalid.</summary>
    public static Results<Ok<T>, NotFound, ForbidHttpResult, Conflict<T>, UnprocessableEntity<ProblemDetailsBody>, ValidationProblem> ToHttp<T>(
        this ServiceResult<T> result) => result switch
        {
            ServiceResult<T>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<T>.NotFound => TypedResults.NotFound(),
            ServiceResult<T>.Forbidden => TypedResults.Forbid(),
            ServiceResult<T>.Conflict conflict => TypedResults.Conflict(conflict.Current),
            ServiceResult<T>.Refused refused => refused.ToProblem(),
            ServiceResult<T>.Invalid invalid => invalid.ToProblem(),
            _ => throw Unexpected(result),
        };

    /// <summary>A 422 for a refused rule.</summary>
    public static UnprocessableEntity<ProblemDetailsBody> ToProblem<T>(this ServiceResult<T>.Refused refused) =>
        TypedResults.UnprocessableEntity(ProblemDetailsBody.Of(refused.Violation));

    /// <summary>A 400 naming the field, with the refusal's words and its code (as the validation filter's <c>codes</c>).</summary>
    public static ValidationProblem ToProblem<T>(this ServiceResult<T>.Invalid invalid) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { [invalid.Field] = [Catalogue.Of(invalid.Reason)] },
        extensions: new Dictionary<string, object?>
        {
            ["code"] = invalid.Reason.Code,
            ["codes"] = new Dictionary<string, string[]> { [invalid.Field] = [invalid.Reason.Code] },
        });

    /// <summary>An outcome the handler does not list: the service's contract changed without the endpoint's.</summary>
    public static InvalidOperationException Unexpected<T>(ServiceResult<T> result) =>
        new($"The service answered {result.GetType().Name}, which this endpoint does not map.");
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
