using System.Security.Claims;
using System.Text.Json;
using Crm.Api.Auth;
using Crm.Api.Common;
using Crm.Domain.Common;
using Crm.Domain.Imports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Imports;

public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImports(this RouteGroupBuilder api)
    {
        var imports = api.MapGroup("/imports").WithTags("Imports").RequireAuthorization(ApiPolicies.Managers);
        // Bearer callers only (no cookie reaches /api), so a form post carries no antiforgery token.
        imports.MapPost("/", StartAsync).WithName("StartImport").DisableAntiforgery()
            .WithSummary("Upload an .xlsx or .csv ledger (multipart 'file', optional 'mapping' {header: field}); dryRun=true (default) answers per row at once, dryRun=false queues the import.");
        imports.MapGet("/{id:long}", GetAsync).WithName("GetImport").WithSummary("An import's status, progress and per-row results.");
        imports.MapPost("/{id:long}/undo", UndoAsync).WithName("UndoImport").RequireAuthorization(ApiPolicies.Admins)
            .WithSummary("Delete exactly what the import created (Admins).");
        return api;
    }

    public static async Task<Results<Ok<ImportResponse>, Accepted<ImportResponse>, ValidationProblem>> StartAsync(
        HttpRequest request, [FromQuery] bool? dryRun, ClaimsPrincipal principal, ImportService imports, CancellationToken ct)
    {
        // The form is read here, not bound: a bound form would make the route ask for a content type before the role.
        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
        var file = form?.Files.GetFile("file");
        var mapping = form?["mapping"].ToString();
        if (file is null)
        {
            return new ServiceResult<ImportResponse>.Invalid("file", "import.fileRequired").ToProblem();
        }
        Dictionary<string, ImportField>? columns = null;
        if (!string.IsNullOrWhiteSpace(mapping))
        {
            try
            {
                columns = JsonSerializer.Deserialize<Dictionary<string, ImportField>>(mapping, MappingJson);
            }
            catch (JsonException)
            {
                return new ServiceResult<ImportResponse>.Invalid("mapping", "import.mappingUnreadable").ToProblem();
            }
        }
        if (file.Length > ImportService.MaxBytes)
        {
            return new ServiceResult<ImportResponse>.Invalid("file", "import.fileTooLarge", ImportService.MaxBytes / 1024 / 1024).ToProblem();
        }
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, ct);
        var dry = dryRun ?? true;
        return await imports.StartAsync(principal.ToCurrentUser(), buffer.ToArray(), file.FileName, columns, dry, ct) switch
        {
            ServiceResult<ImportResponse>.Ok ok when dry => TypedResults.Ok(ok.Value),
            ServiceResult<ImportResponse>.Ok ok => TypedResults.Accepted($"{ApiEndpoints.Prefix}/imports/{ok.Value.Id}", ok.Value),
            ServiceResult<ImportResponse>.Invalid invalid => invalid.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };
    }

    public static async Task<Results<Ok<ImportResponse>, NotFound>> GetAsync(long id, ClaimsPrincipal principal, ImportService imports, CancellationToken ct) =>
        await imports.GetAsync(principal.ToCurrentUser(), id, ct) is { } import ? TypedResults.Ok(import) : TypedResults.NotFound();

    public static async Task<Results<Ok<ImportResponse>, NotFound, UnprocessableEntity<ProblemDetailsBody>>> UndoAsync(
        long id, ClaimsPrincipal principal, ImportService imports, CancellationToken ct) =>
        await imports.UndoAsync(principal.ToCurrentUser(), id, ct) switch
        {
            ServiceResult<ImportResponse>.Ok ok => TypedResults.Ok(ok.Value),
            ServiceResult<ImportResponse>.NotFound => TypedResults.NotFound(),
            ServiceResult<ImportResponse>.Refused refused => refused.ToProblem(),
            var other => throw ServiceResults.Unexpected(other),
        };

    private static readonly JsonSerializerOptions MappingJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
