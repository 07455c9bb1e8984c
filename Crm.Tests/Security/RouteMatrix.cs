namespace Crm.Tests.Security;

/// <summary>
/// Who gets what on every /api/v1 route: the expected status for each caller. The target deal belongs to
/// the Guangdong desk (owned by its recruiter), so the Fujian recruiter must get 404 on it. The target referral
/// was submitted by ANOTHER advisor than the Advisor caller, so the Advisor column shows the denial (404, never 403,
/// on reading it; the Managers' triage routes are a 403 for every advisor on every id); an advisor's own referrals are covered by the referral tests. The target notification
/// belongs to the Guangdong recruiter; the target review is the Guangdong desk's (?desk=GD). A route mapped in the
/// host without a row here fails <see cref="RouteMatrixTests"/>; so does a row for a route that no longer exists.
/// </summary>
public static class RouteMatrix
{
    public sealed record Row(string Route, int Anonymous, int Admin, int Manager, int RecruiterGd, int RecruiterFj, int Advisor);

    public static readonly IReadOnlyList<Row> Rows =
    [
        //   route                                                       anon admin manager rec.GD rec.FJ advisor
        new("POST /api/v1/auth/token",                                   200, 200,  200,    200,   200,   200),
        new("POST /api/v1/auth/refresh",                                 200, 200,  200,    200,   200,   200),
        new("GET /api/v1/me",                                            401, 200,  200,    200,   200,   200),
        new("GET /api/v1/desks",                                         401, 200,  200,    200,   200,   403),
        new("GET /api/v1/organizations",                                 401, 200,  200,    200,   200,   403),

        new("GET /api/v1/deals",                                         401, 200,  200,    200,   200,   403),
        new("POST /api/v1/deals",                                        401, 201,  201,    201,   201,   403),
        new("GET /api/v1/deals/{id:int}",                                401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/deals/{id:int}",                                401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/stage",                         401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/status",                        401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/history",                        401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/moves",                          401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/activities",                     401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/activities",                    401, 201,  201,    201,   404,   403),
        new("GET /api/v1/deals/{id:int}/care",                           401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/deals/{id:int}/care",                           401, 200,  200,    403,   404,   403),

        new("GET /api/v1/search",                                        401, 200,  200,    200,   200,   403),

        new("GET /api/v1/companies",                                     401, 200,  200,    200,   200,   403),
        new("GET /api/v1/companies/{id:int}",                            401, 200,  200,    200,   200,   403),
        new("POST /api/v1/companies",                                    401, 201,  201,    201,   201,   403),
        new("PUT /api/v1/companies/{id:int}",                            401, 200,  200,    200,   200,   403),
        new("PUT /api/v1/companies/{id:int}/scale",                      401, 200,  200,    200,   200,   403),
        // The target company has the Guangdong desk's deal: the Fujian recruiter sees it but may not touch its contacts.
        new("POST /api/v1/companies/{id:int}/contacts",                  401, 201,  201,    201,   403,   403),
        new("PUT /api/v1/companies/{id:int}/contacts/{contactId:int}",   401, 200,  200,    200,   403,   403),
        new("DELETE /api/v1/companies/{id:int}/contacts/{contactId:int}",401, 200,  200,    200,   403,   403),
        // Documents follow their record's scope: the Guangdong desk's deal is a 404 to the Fujian recruiter; the register is shared.
        new("GET /api/v1/deals/{id:int}/documents",                      401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/documents",                     401, 201,  201,    201,   404,   403),
        new("GET /api/v1/companies/{id:int}/documents",                  401, 200,  200,    200,   200,   403),
        new("GET /api/v1/deals/{id:int}/problems",                       401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/problems",                      401, 201,  201,    201,   404,   403),
        new("PUT /api/v1/deals/{id:int}/problems/{problemId:int}",       401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/problems/{problemId:int}/close", 401, 200, 200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/problems/{problemId:int}/reopen", 401, 200, 200,   403,   404,   403),
        new("GET /api/v1/departments",                                   401, 200,  200,    200,   200,   403),
        new("POST /api/v1/departments",                                  401, 201,  403,    403,   403,   403),
        new("PUT /api/v1/departments/{code}",                            401, 200,  403,    403,   403,   403),
        new("POST /api/v1/companies/{id:int}/documents",                 401, 201,  201,    201,   201,   403),
        new("GET /api/v1/documents/{id:int}/content",                    401, 200,  200,    200,   404,   403),
        new("DELETE /api/v1/documents/{id:int}",                         401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/funding",                        401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/funding",                       401, 200,  200,    200,   404,   403),
        new("DELETE /api/v1/funding/{id:int}",                           401, 200,  200,    200,   404,   403),
        new("GET /api/v1/deals/{id:int}/schedule",                       401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/deals/{id:int}/schedule/{kind}",                401, 200,  200,    200,   404,   403),
        // Approvals follow the deal's scope; the templates are read by all staff and kept by Admins.
        new("GET /api/v1/deals/{id:int}/approvals",                      401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/approvals",                     401, 200,  200,    200,   404,   403),
        new("POST /api/v1/deals/{id:int}/approvals/apply",               401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/approvals/{id:int}",                            401, 200,  200,    200,   404,   403),
        new("DELETE /api/v1/approvals/{id:int}",                         401, 200,  200,    200,   404,   403),
        new("GET /api/v1/approval-templates",                            401, 200,  200,    200,   200,   403),
        new("POST /api/v1/approval-templates",                           401, 201,  403,    403,   403,   403),
        new("PUT /api/v1/approval-templates/{id:int}",                   401, 200,  403,    403,   403,   403),
        new("POST /api/v1/approval-templates/food-plant",                401, 201,  403,    403,   403,   403),
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}/funds",       401, 200,  200,    200,   404,   403),
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}/rates",       401, 200,  200,    200,   404,   403),

        // Saved views are each user's own: the target view is the Guangdong recruiter's, so anyone else deleting it gets 404.
        new("GET /api/v1/me/views",                                      401, 200,  200,    200,   200,   403),
        new("POST /api/v1/me/views",                                     401, 201,  201,    201,   201,   403),
        new("DELETE /api/v1/me/views/{id:int}",                          401, 404,  404,    204,   404,   403),
        new("GET /api/v1/calendar",                                      401, 200,  200,    200,   200,   403),
        new("POST /api/v1/me/calendar-feed",                             401, 200,  200,    200,   200,   403),
        new("DELETE /api/v1/me/calendar-feed",                           401, 204,  204,    204,   204,   403),

        new("GET /api/v1/users",                                         401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users",                                        401, 201,  403,    403,   403,   403),
        new("PUT /api/v1/users/{id}/access",                             401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users/{id}/lock",                              401, 200,  403,    403,   403,   403),
        new("POST /api/v1/users/{id}/unlock",                            401, 200,  403,    403,   403,   403),

        // Anonymous by design (invited users have no account yet); a wrong token is a 400 for everyone, signed in or not.
        new("POST /api/v1/auth/accept-invitation",                       400, 400,  400,    400,   400,   400),

        new("GET /api/v1/duplicates",                                    401, 200,  200,    200,   200,   403),
        new("POST /api/v1/companies/{id:int}/merge-into/{targetId:int}", 401, 200,  200,    403,   403,   403),

        new("GET /api/v1/admin/outbox",                                  401, 200,  403,    403,   403,   403),
        new("GET /api/v1/admin/jobs",                                    401, 200,  403,    403,   403,   403),
        new("POST /api/v1/admin/jobs/{id}/run",                          401, 202,  403,    403,   403,   403),
        new("GET /api/v1/admin/jobs/{id}/runs/{runId}",                  401, 200,  403,    403,   403,   403),
        new("GET /api/v1/admin/audit",                                   401, 200,  403,    403,   403,   403),
        new("GET /api/v1/admin/audit/export",                            401, 200,  403,    403,   403,   403),

        // Ledger imports: Managers and Admins; only Admins undo.
        new("POST /api/v1/imports",                                      401, 200,  200,    403,   403,   403),
        new("GET /api/v1/imports/{id:long}",                             401, 200,  200,    403,   403,   403),
        new("POST /api/v1/imports/{id:long}/undo",                       401, 200,  403,    403,   403,   403),

        // Only advisors submit (a Manager's or Admin's submission is a 403 from the service); recruiters have no referral routes.
        new("POST /api/v1/referrals",                                    401, 403,  403,    403,   403,   201),
        new("GET /api/v1/referrals",                                     401, 200,  200,    403,   403,   200),
        new("GET /api/v1/referrals/results",                             401, 200,  200,    403,   403,   200),
        // The referral was submitted by another advisor: reading it is a 404 for the Advisor caller, never 403.
        new("GET /api/v1/referrals/{id:int}",                            401, 200,  200,    403,   403,   404),
        // Triage is Managers' by policy: 403 to an advisor on every id alike, which tells nothing about any of them.
        new("GET /api/v1/referrals/{id:int}/duplicates",                 401, 200,  200,    403,   403,   403),
        new("POST /api/v1/referrals/{id:int}/accept",                    401, 200,  200,    403,   403,   403),
        new("POST /api/v1/referrals/{id:int}/decline",                   401, 200,  200,    403,   403,   403),
        new("POST /api/v1/referrals/{id:int}/duplicate",                 401, 200,  200,    403,   403,   403),

        // Everyone has an inbox of their own; the notification read here is the Guangdong recruiter's.
        new("GET /api/v1/notifications",                                 401, 200,  200,    200,   200,   200),
        new("POST /api/v1/notifications/{id:long}/read",                 401, 404,  404,    204,   404,   404),
        new("POST /api/v1/notifications/read-all",                       401, 200,  200,    200,   200,   200),
        new("GET /api/v1/me/notification-settings",                      401, 200,  200,    200,   200,   200),
        new("PUT /api/v1/me/notification-settings",                      401, 200,  200,    200,   200,   200),

        new("GET /api/v1/targets/{year:int}/Q{quarter:int}",             401, 200,  200,    200,   200,   403),
        new("PUT /api/v1/targets/{year:int}/Q{quarter:int}",             401, 200,  200,    403,   403,   403),
        new("PUT /api/v1/targets/{year:int}/plan",                       401, 200,  200,    403,   403,   403),
        // The Guangdong desk's review: the Fujian recruiter sees only their own desk's, so another desk is a 404.
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}",             401, 200,  200,    200,   404,   403),
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}.xlsx",        401, 200,  200,    200,   404,   403),
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}/trends",      401, 200,  200,    200,   404,   403),
        new("GET /api/v1/reviews/{year:int}/Q{quarter:int}/closed",      401, 200,  200,    200,   404,   403),
        new("POST /api/v1/reviews/{year:int}/Q{quarter:int}/close",      401, 200,  200,    403,   403,   403),
        new("DELETE /api/v1/reviews/{year:int}/Q{quarter:int}/close",    401, 204,  403,    403,   403,   403),
        new("GET /api/v1/plans/{year:int}",                              401, 200,  200,    200,   404,   403),
        new("PUT /api/v1/plans/{year:int}/goals",                        401, 200,  200,    403,   403,   403),
        new("POST /api/v1/plans/{year:int}/lists",                       401, 201,  201,    403,   403,   403),
        new("DELETE /api/v1/plans/lists/{id:int}",                       401, 204,  204,    403,   403,   403),
        new("POST /api/v1/plans/lists/{id:int}/deals",                   401, 200,  200,    403,   403,   403),
        new("DELETE /api/v1/plans/lists/{id:int}/deals/{dealId:int}",    401, 200,  200,    403,   403,   403),
    ];
}
