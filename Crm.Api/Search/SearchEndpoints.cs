using System.Security.Claims;
using Crm.Api.Auth;
using Crm.Api.Validation;
using Crm.Domain.Search;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Crm.Api.Search;

/// <summary>The app bar's search for scripts: the same service and the same scope as the page (docs/search.md).</summary>
public static class SearchEndpoints
{
    public static RouteGroupBuilder MapSearch(this RouteGroupBuilder api)
    {
        api.MapGroup("/search").WithTags("Search").RequireAuthorization(ApiPolicies.DealWorkers).WithValidation()
            .MapGet("/", SearchAsync).WithName("Search")
            .WithSummary("Companies, deals, contacts, organisations, activity notes and document names containing q, grouped by kind, best first, in the caller's scope.");
        return api;
    }

    public static async Task<Ok<SearchResults>> SearchAsync(
        [AsParameters] SearchQuery query, ClaimsPrincipal principal, SearchService search, CancellationToken ct) =>
        TypedResults.Ok(await search.SearchAsync(principal.ToCurrentUser(), query.Q!, ct));
}

/// <summary>The query string of GET /api/v1/search: the fragment (a name's part, a credit code, a phone, a WeChat id).</summary>
public sealed record SearchQuery([FromQuery] string? Q);

public sealed class SearchQueryValidator : AbstractValidator<SearchQuery>
{
    public SearchQueryValidator()
    {
        RuleFor(q => q.Q).NotEmpty().MaximumLength(SearchTerm.MaxLength);
    }
}
