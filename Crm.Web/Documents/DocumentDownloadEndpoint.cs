using Crm.Api.Auth;
using Crm.Api.Documents;
using Crm.Domain.Documents;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Crm.Web.Documents;

/// <summary>
/// The pages' download link: the same answer as <c>GET /api/v1/documents/{id}/content</c>, for the browser's cookie sign-in
/// (the API takes bearer tokens only). Scoped and audited by the same service; a document the user cannot see is a 404.
/// A GET that only reads: another site can make the browser download it, never read it.
/// </summary>
public static class DocumentDownloadEndpoint
{
    public static string Url(int id) => $"/documents/{id}/content";

    public static IEndpointRouteBuilder MapDocumentDownload(this IEndpointRouteBuilder app)
    {
        app.MapGet("/documents/{id:int}/content", DownloadAsync)
            .RequireAuthorization(new AuthorizeAttribute { Roles = Roles.DealWorkers, AuthenticationSchemes = IdentityConstants.ApplicationScheme })
            .WithName("DownloadDocumentFromPage")
            .ExcludeFromDescription();
        return app;
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(int id, HttpContext http, DocumentService documents, CancellationToken ct) =>
        await documents.OpenAsync(http.User.ToCurrentUser(), id, ct) is { } found ? DocumentEndpoints.ToFile(found) : TypedResults.NotFound();
}
