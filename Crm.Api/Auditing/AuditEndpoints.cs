using System.Globalization;
using Crm.Api.Auth;
using Crm.Api.Validation;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Localization;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Auditing;

/// <summary>The audit search of the Admin page, for scripts and inspectors' tools. <c>format</c> of the export: xlsx (default) or csv.</summary>
public sealed record AuditQuery(string? UserId, string? EntityType, string? EntityId, string? Action, DateOnly? From, DateOnly? To, int? Skip, int? Take, string? Format)
{
    public AuditFilter Filter => new() { UserId = UserId, EntityType = EntityType, EntityId = EntityId, Action = Action, From = From, To = To };
}

public static class AuditEndpoints
{
    /// <summary>Read routes only: nothing in the audit log can be changed or removed through the product.</summary>
    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/admin/audit").WithTags("Admin").RequireAuthorization(ApiPolicies.Admins).WithValidation();
        audit.MapGet("/", SearchAsync).WithName("SearchAuditLog")
            .WithSummary("The audit log, newest first, by user, record (entityType, entityId), kind of change (action) and zone dates from/to.");
        audit.MapGet("/export", ExportAsync).WithName("ExportAuditLog")
            .WithSummary("The same search as a spreadsheet in the caller's language: ?format=xlsx (default) or csv.")
            .Produces(StatusCodes.Status200OK, contentType: AuditExport.XlsxType);
        return api;
    }

    public static async Task<Ok<AuditPage>> SearchAsync([AsParameters] AuditQuery query, AuditLogService audit, CancellationToken ct) =>
        TypedResults.Ok(await audit.SearchAsync(query.Filter, query.Skip ?? 0, query.Take ?? 50, ct));

    public static async Task<FileStreamHttpResult> ExportAsync([AsParameters] AuditQuery query, AuditLogService audit, CancellationToken ct)
    {
        var culture = CultureInfo.CurrentUICulture;
        var csv = string.Equals(query.Format, "csv", StringComparison.OrdinalIgnoreCase);
        var lines = await audit.LinesAsync(query.Filter, culture, ct);
        var stream = await AuditExport.WriteAsync(lines, culture, csv, ct);
        return TypedResults.File(stream, csv ? AuditExport.CsvType : AuditExport.XlsxType, csv ? "audit.csv" : "audit.xlsx");
    }
}

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        RuleFor(q => q.UserId).MaximumLength(FieldLengths.UserId);
        RuleFor(q => q.EntityType).MaximumLength(64);
        RuleFor(q => q.EntityId).MaximumLength(FieldLengths.UserId);
        RuleFor(q => q.Action).MaximumLength(64);
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, AuditLogService.MaxPageSize);
        RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null);
        RuleFor(q => q.Format).Must(f => f is null || f.Equals("xlsx", StringComparison.OrdinalIgnoreCase) || f.Equals("csv", StringComparison.OrdinalIgnoreCase))
            .WithCode("audit.formatUnknown");
    }
}
