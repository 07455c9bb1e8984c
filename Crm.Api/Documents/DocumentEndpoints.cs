using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Domain.Common;
using Crm.Domain.Documents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Documents;

/// <summary>
/// Documents on deals and companies. Uploads are multipart (<c>file</c>, <c>kind</c>, <c>on</c>, <c>isSignedAgreement</c>);
/// the API takes bearer tokens only, so the form needs no antiforgery token. A record the caller cannot see is a 404.
/// </summary>
public static class DocumentEndpoints
{
    public static RouteGroupBuilder MapDocuments(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("").WithTags("Documents").RequireAuthorization(ApiPolicies.DealWorkers);
        group.MapGet("/deals/{id:int}/documents", ListForDealAsync).WithName("ListDealDocuments").WithSummary("The deal's documents, newest first.");
        group.MapPost("/deals/{id:int}/documents", UploadToDealAsync).WithName("UploadDealDocument").DisableAntiforgery()
            .WithSummary("File a document on a deal (pdf, jpg, png, docx, xlsx; size limit Documents:MaxSizeMegabytes).");
        group.MapGet("/companies/{id:int}/documents", ListForCompanyAsync).WithName("ListCompanyDocuments").WithSummary("The company's own documents, newest first.");
        group.MapPost("/companies/{id:int}/documents", UploadToCompanyAsync).WithName("UploadCompanyDocument").DisableAntiforgery()
            .WithSummary("File a document on a company.");
        group.MapGet("/documents/{id:int}/content", DownloadAsync).WithName("DownloadDocument").WithSummary("The document's bytes (audited).");
        group.MapDelete("/documents/{id:int}", DeleteAsync).WithName("DeleteDocument").WithSummary("Remove a document (audited).");
        return api;
    }

    public static async Task<Results<Ok<IReadOnlyList<DocumentResponse>>, NotFound>> ListForDealAsync(
        int id, ClaimsPrincipal principal, DocumentService documents, CancellationToken ct) =>
        await documents.ForDealAsync(principal.ToCurrentUser(), id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    public static async Task<Results<Ok<IReadOnlyList<DocumentResponse>>, NotFound>> ListForCompanyAsync(
        int id, ClaimsPrincipal principal, DocumentService documents, CancellationToken ct) =>
        await documents.ForCompanyAsync(principal.ToCurrentUser(), id, ct) is { } list ? TypedResults.Ok(list) : TypedResults.NotFound();

    public static async Task<Results<Created<DocumentResponse>, NotFound, ForbidHttpResult, ValidationProblem>> UploadToDealAsync(
        int id, IFormFile file, [FromForm] DocumentKind kind, [FromForm] DateOnly on, [FromForm] bool? isSignedAgreement,
        ClaimsPrincipal principal, DocumentService documents, CancellationToken ct)
    {
        await using var content = file.OpenReadStream();
        return Created(await documents.UploadToDealAsync(principal.ToCurrentUser(), id, Upload(file, kind, on, isSignedAgreement), content, ct));
    }

    public static async Task<Results<Created<DocumentResponse>, NotFound, ForbidHttpResult, ValidationProblem>> UploadToCompanyAsync(
        int id, IFormFile file, [FromForm] DocumentKind kind, [FromForm] DateOnly on, [FromForm] bool? isSignedAgreement,
        ClaimsPrincipal principal, DocumentService documents, CancellationToken ct)
    {
        await using var content = file.OpenReadStream();
        return Created(await documents.UploadToCompanyAsync(principal.ToCurrentUser(), id, Upload(file, kind, on, isSignedAgreement), content, ct));
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(
        int id, ClaimsPrincipal principal, DocumentService documents, CancellationToken ct) =>
        await documents.OpenAsync(principal.ToCurrentUser(), id, ct) is { } found ? ToFile(found) : TypedResults.NotFound();

    public static async Task<Results<Ok<DocumentResponse>, NotFound, ForbidHttpResult>> DeleteAsync(
        int id, ClaimsPrincipal principal, DocumentService documents, CancellationToken ct) =>
        await documents.DeleteAsync(principal.ToCurrentUser(), id, ct) switch
        {
            ServiceResult<DocumentResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<DocumentResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<DocumentResponse>.Forbidden => TypedResults.Forbid(),
            var other => throw ServiceResults.Unexpected(other),
        };

    /// <summary>
    /// The bytes as an attachment, of the type the content check found; the stored display name goes in
    /// Content-Disposition (encoded by the framework as <c>filename*</c>), never near a path.
    /// </summary>
    public static FileStreamHttpResult ToFile(DocumentContent found) =>
        TypedResults.File(found.Content, found.Document.ContentType, found.Document.FileName);

    private static DocumentUpload Upload(IFormFile file, DocumentKind kind, DateOnly on, bool? isSignedAgreement) => new()
    {
        Kind = kind,
        On = on,
        FileName = file.FileName,
        Length = file.Length,
        IsSignedAgreement = isSignedAgreement == true,
    };

    private static Results<Created<DocumentResponse>, NotFound, ForbidHttpResult, ValidationProblem> Created(ServiceResult<DocumentResponse> result) =>
        result switch
        {
            ServiceResult<DocumentResponse>.Ok ok => TypedResults.Created($"/api/v1/documents/{ok.Value.Id}/content", ok.Value),
            ServiceResult<DocumentResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<DocumentResponse>.Forbidden => TypedResults.Forbid(),
            ServiceResult<DocumentResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
}
