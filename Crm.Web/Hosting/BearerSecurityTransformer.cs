using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Crm.Web.Hosting;

/// <summary>Tells the OpenAPI document (and the API reference page) that /api takes a bearer token.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = ApiReference.Title;
        document.Info.Description = "Investment-attraction pipeline of the development zone. Get a token at POST /api/v1/auth/token.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "Access token from POST /api/v1/auth/token.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
