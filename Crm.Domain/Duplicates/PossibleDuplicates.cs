using Crm.Domain.Common;
using Crm.Domain.Users;

namespace Crm.Domain.Duplicates;

/// <summary>
/// What a creator is shown when the zone may already know the company: the notices (desk and date only) for
/// everyone, the full <see cref="Matches"/> for Managers and Admins only. The one place that decides who sees what.
/// </summary>
public sealed record PossibleDuplicates(IReadOnlyList<DuplicateNotice> Notices, IReadOnlyList<DuplicateMatch>? Matches)
{
    /// <summary>
    /// The one code of a refused, unconfirmed duplicate, for the API and the pages alike. Its value is the API's
    /// original <c>rule</c>, so clients that branch on it keep working.
    /// </summary>
    public const string Code = "duplicate.alreadyFollowed";

    public static readonly RuleViolation Refusal = new(Code);

    public static PossibleDuplicates For(CurrentUser user, IReadOnlyList<DuplicateMatch> matches) =>
        new(DuplicateDetector.Notices(matches), user.IsZoneWide ? matches : null);

    /// <summary>The refusal of a create that found <paramref name="matches"/> and was not confirmed; null when none.</summary>
    public static ServiceResult<T>? Unconfirmed<T>(CurrentUser user, IReadOnlyList<DuplicateMatch> matches) =>
        matches.Count == 0 ? null : new ServiceResult<T>.Unconfirmed(Refusal, For(user, matches));
}
