namespace Crm.Tests.Security;

/// <summary>
/// Who gets what on every /api/v1 route: the expected status for each caller. The target deal belongs to
/// the Guangdong desk (owned by its recruiter), so the Fujian recruiter must get 404 on it. A route mapped
/// in the host without a row here fails <see cref="RouteMatrixTests"/>; so does a row for a route that no longer exists.
/// </summary>
public static class RouteMatrix
{
    public sealed record Row(string Route, int Anonymous, int Admin, int Manager, int RecruiterGd, int RecruiterFj, int Advisor);

    public static readonly IReadOnlyList<Row> Rows =
    [
        //   route                                            anon admin manager rec.GD rec.FJ advisor
        new("POST /api/v1/auth/token",                         200, 200,  200,    200,   200,   200),
        new("POST /api/v1/auth/refresh",                       200, 200,  200,    200,   200,   200),
        new("GET /api/v1/me",                                  401, 200,  200,    200,   200,   200),
        new("GET /api/v1/desks",                               401, 200,  200,    200,   200,   403),
        new("GET /api/v1/organizations",                       401, 200,  200,    200,   200,   403),

        new("GET /api/v1/deals",                               401, 200,  200,    200,   200,   403),
        new("POST /api/v1/deals",                              401, 201,  201,    201,   201,   403),
        new("GET /api/v1/deals/{id:int}",                      401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/deals/{id:int}",                      401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/stage",               401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/status",              401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/history",              401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/activities",           401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/activities",          401, 201,  201,    201,   404,   403),

        new("GET /api/v1/companies",                           401, 200,  200,    200,   200,   403),
        new("GET /api/v1/companies/{id:int}",                  401, 200,  200,    200,   200,   403),
        new("POST /api/v1/companies",                          401, 201,  201,    201,   201,   403),
        new("PUT /api/v1/companies/{id:int}",                  401, 200,  200,    200,   200,   403),

        new("GET /api/v1/users",                               401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users",                              401, 201,  403,    403,   403,   403),
        new("PUT /api/v1/users/{id}/access",                   401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users/{id}/lock",                    401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users/{id}/unlock",                  401, 200,  403,    403,   403,   403),
    ];
}
