using System.Globalization;
using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Referrals;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Duplicates;

/// <summary>How sure a match is. Ordered: a higher member is a surer match.</summary>
public enum DuplicateLevel
{
    /// <summary>Similar names (bigram Dice ≥ <see cref="DuplicateDetector.SimilarityThreshold"/>).</summary>
    Possible,
    /// <summary>The same name apart from a city or province (天津康师傅 / 康师傅): a place is weak evidence.</summary>
    Likely,
    /// <summary>The same normalised name.</summary>
    Strong,
    /// <summary>The same unified social credit code.</summary>
    Certain,
}

public enum DuplicateReason
{
    SameCreditCode,
    SameName,
    SameNameApartFromPlace,
    SimilarName,
}

/// <summary>What kind of record matched: a deal (some desk follows the company), a company with no deal, an open referral.</summary>
public enum DuplicateKind
{
    Deal,
    Company,
    Referral,
}

/// <summary>What is checked: a name and, when known, a credit code; the record being checked is left out.</summary>
public sealed record DuplicateCheck(string Name, string? CreditCode = null, int? ExceptCompanyId = null, int? ExceptReferralId = null);

/// <summary>The full match, for a Manager: every detail of the other record.</summary>
public sealed record DuplicateMatch
{
    public required DuplicateLevel Level { get; init; }
    public required DuplicateReason Reason { get; init; }
    public required DuplicateKind Kind { get; init; }
    /// <summary>The id of the deal, company or referral that matched.</summary>
    public required int Id { get; init; }
    public int? CompanyId { get; init; }
    public required string CompanyName { get; init; }
    public string? CreditCode { get; init; }
    public string? Desk { get; init; }
    /// <summary>Since when the zone knows it: the deal's lead date, or the day the company or referral was registered.</summary>
    public required DateOnly Since { get; init; }
    public DealStage? Stage { get; init; }
    public DealStatus? Status { get; init; }
    public string? OwnerId { get; init; }
    public string? OwnerName { get; init; }
    public string? AdvisorId { get; init; }
    public string? AdvisorName { get; init; }
    public double Similarity { get; init; }
    /// <summary>For <see cref="DuplicateLevel.Likely"/>: the place name that differs.</summary>
    public string? Place { get; init; }

    /// <summary>A deal still pursued, or a referral still waiting: the company is "followed".</summary>
    public bool IsFollowed => Kind == DuplicateKind.Referral || (Kind == DuplicateKind.Deal && Status is DealStatus.Active or DealStatus.Dormant);
}

/// <summary>
/// What a recruiter or advisor is told about a match: which desk follows the company and since when — never the
/// other record's name, people, amounts or id. <see cref="Message"/> is the same in words, in the caller's UI
/// culture when the notice is made (the API: the request's language), from <see cref="DuplicateWords"/>.
/// </summary>
public sealed record DuplicateNotice(DuplicateLevel Level, DuplicateReason Reason, DuplicateKind Kind, string? Desk, DateOnly Since, string Message)
{
    public static DuplicateNotice Of(DuplicateMatch match)
    {
        var desk = match.Kind == DuplicateKind.Deal ? match.Desk : null;
        return new(match.Level, match.Reason, match.Kind, desk, match.Since, DuplicateWords.Notice(match.Level, match.Kind, desk, match.Since));
    }
}

/// <summary>
/// The one wording of duplicates, from the catalogue: the notice anyone may read ("DuplicateNotice.{Level}.{Kind}",
/// the desk and the date as arguments) and, for a Manager, why a match matched ("DuplicateReason.Detail.*").
/// </summary>
public static class DuplicateWords
{
    /// <param name="desk">What names the desk to this reader: its code in the API, its name on a page.</param>
    public static string Notice(DuplicateLevel level, DuplicateKind kind, string? desk, DateOnly since, CultureInfo? culture = null) =>
        Catalogue.Text($"DuplicateNotice.{level}.{kind}", culture, desk, since);

    public static string Reason(DuplicateMatch match, CultureInfo? culture = null) =>
        Catalogue.Text($"DuplicateReason.Detail.{match.Reason}", culture, match.Place, match.Similarity);
}

/// <summary>
/// Finds the zone's records of a company across EVERY desk, whatever the caller may see: a check limited to the
/// caller's scope finds nothing where it matters (two desks pitching one company). Callers decide what to show:
/// a Manager gets <see cref="DuplicateMatch"/>, everyone else only <see cref="DuplicateNotice"/>.
/// <para>
/// Candidates are narrowed in SQL, never by loading the register: equal credit code, equal
/// <c>NormalizedName</c> and equal <c>CoreName</c> use their indexes. For similar names, Dice ≥ 0.8 over the
/// bigrams means the other name holds at least two thirds of this name's bigrams and its length is within 2/3..3/2
/// of ours; so it must contain at least one of any ⌊n/3⌋+1 of our n bigrams. The query asks for exactly that
/// (a length window plus a few <c>instr</c>/<c>CHARINDEX</c> probes), caps the rows, and only those few
/// candidates are scored in memory. Past a few hundred thousand companies, a bigram table or full-text index
/// would replace the probes.
/// </para>
/// </summary>
public sealed class DuplicateDetector(CrmDbContext db)
{
    public const double SimilarityThreshold = 0.8;
    private const int MaxCandidates = 100;

    public async Task<IReadOnlyList<DuplicateMatch>> FindAsync(DuplicateCheck check, CancellationToken ct) =>
        (await FindManyAsync([check], ct))[0];

    /// <summary>
    /// <see cref="FindAsync"/> for many checks at once (a page of the triage queue), in three queries whatever their
    /// number: one for companies, one for their deals, one for open referrals, each asking for the candidates of
    /// every check at once. Each candidate is then scored against each check in memory; a check only ever matches
    /// candidates its own filter would have asked for, so the answers are those of one <see cref="FindAsync"/> each.
    /// The answers are in the order of <paramref name="checks"/>.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<DuplicateMatch>>> FindManyAsync(IReadOnlyList<DuplicateCheck> checks, CancellationToken ct)
    {
        var keys = checks
            .Select(c => new CheckKey(c, CompanyNameNormalizer.Normalize(c.Name), string.IsNullOrWhiteSpace(c.CreditCode) ? null : CreditCode.Normalize(c.CreditCode)))
            .ToList();
        var searched = keys.Where(k => k.Key.Name.Length > 0 || k.Code is not null).Select(k => (k.Key, k.Code)).ToList();
        if (searched.Count == 0)
        {
            return keys.Select(_ => (IReadOnlyList<DuplicateMatch>)[]).ToList();
        }
        // The record a check leaves out is filtered per check below, so it may take a row of the cap: one more each.
        var cap = (MaxCandidates + 1) * searched.Count;

        var companies = await db.Companies.AsNoTracking()
            .Where(CandidateFilter<Company>(searched, c => c.NormalizedName, c => c.CoreName, c => c.CreditCode))
            .OrderBy(c => c.Id)
            .Take(cap)
            .Select(c => new { c.Id, c.Name, c.NormalizedName, c.CoreName, c.CreditCode, c.CreatedAt })
            .ToListAsync(ct);
        var scoredPerCheck = keys
            .Select(k => companies
                .Where(c => k.Check.ExceptCompanyId == null || c.Id != k.Check.ExceptCompanyId)
                .Select(c => (c, score: Classify(k.Key, k.Code, c.NormalizedName, c.CoreName, c.CreditCode)))
                .Where(x => x.score is not null)
                .Take(MaxCandidates)
                .ToDictionary(x => x.c.Id, x => (x.c, score: x.score!.Value)))
            .ToList();

        var ids = scoredPerCheck.SelectMany(s => s.Keys).Distinct().ToList();
        var deals = ids.Count == 0 ? [] : await db.Deals.AsNoTracking()
            .Where(d => ids.Contains(d.CompanyId))
            .Select(d => new
            {
                d.Id,
                d.CompanyId,
                d.DeskCode,
                d.LeadOn,
                d.Stage,
                d.Status,
                d.OwnerId,
                OwnerName = d.Owner!.DisplayName,
                d.AdvisorId,
                AdvisorName = db.Users.Where(u => u.Id == d.AdvisorId).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        // Open referrals only: an accepted one is followed through its deal, a declined or duplicate one by nobody.
        var referrals = await db.Referrals.AsNoTracking()
            .Where(r => r.Status == ReferralStatus.Submitted)
            .Where(CandidateFilter<Referral>(searched, r => r.NormalizedName, r => r.CoreName, r => r.CreditCode))
            .OrderBy(r => r.Id)
            .Take(cap)
            .Select(r => new
            {
                r.Id,
                r.CompanyName,
                r.NormalizedName,
                r.CoreName,
                r.CreditCode,
                r.CreatedAt,
                r.SubmittedById,
                AdvisorName = db.Users.Where(u => u.Id == r.SubmittedById).Select(u => u.DisplayName).FirstOrDefault(),
            })
            .ToListAsync(ct);

        var answers = new List<IReadOnlyList<DuplicateMatch>>(keys.Count);
        for (var i = 0; i < keys.Count; i++)
        {
            var (check, key, code) = keys[i];
            var scoredCompanies = scoredPerCheck[i];
            var matches = new List<DuplicateMatch>();
            if (key.Name.Length == 0 && code is null)
            {
                answers.Add(matches);
                continue;
            }
            foreach (var deal in deals.Where(d => scoredCompanies.ContainsKey(d.CompanyId)))
            {
                var (company, score) = scoredCompanies[deal.CompanyId];
                matches.Add(new DuplicateMatch
                {
                    Level = score.Level,
                    Reason = score.Reason,
                    Similarity = score.Similarity,
                    Place = score.Place,
                    Kind = DuplicateKind.Deal,
                    Id = deal.Id,
                    CompanyId = company.Id,
                    CompanyName = company.Name,
                    CreditCode = company.CreditCode,
                    Desk = deal.DeskCode,
                    Since = deal.LeadOn,
                    Stage = deal.Stage,
                    Status = deal.Status,
                    OwnerId = deal.OwnerId,
                    OwnerName = deal.OwnerName,
                    AdvisorId = deal.AdvisorId,
                    AdvisorName = deal.AdvisorName,
                });
            }
            foreach (var (company, score) in scoredCompanies.Values.Where(x => deals.All(d => d.CompanyId != x.c.Id)))
            {
                matches.Add(new DuplicateMatch
                {
                    Level = score.Level,
                    Reason = score.Reason,
                    Similarity = score.Similarity,
                    Place = score.Place,
                    Kind = DuplicateKind.Company,
                    Id = company.Id,
                    CompanyId = company.Id,
                    CompanyName = company.Name,
                    CreditCode = company.CreditCode,
                    Since = ZoneTime.ToZoneDate(company.CreatedAt),
                });
            }
            foreach (var referral in referrals.Where(r => check.ExceptReferralId == null || r.Id != check.ExceptReferralId).Take(MaxCandidates))
            {
                if (Classify(key, code, referral.NormalizedName, referral.CoreName, referral.CreditCode) is not { } score)
                {
                    continue;
                }
                matches.Add(new DuplicateMatch
                {
                    Level = score.Level,
                    Reason = score.Reason,
                    Similarity = score.Similarity,
                    Place = score.Place,
                    Kind = DuplicateKind.Referral,
                    Id = referral.Id,
                    CompanyName = referral.CompanyName,
                    CreditCode = referral.CreditCode,
                    Since = ZoneTime.ToZoneDate(referral.CreatedAt),
                    AdvisorId = referral.SubmittedById,
                    AdvisorName = referral.AdvisorName,
                });
            }
            answers.Add(matches
                .OrderByDescending(m => m.Level).ThenByDescending(m => m.IsFollowed).ThenBy(m => m.Since).ThenBy(m => m.Kind).ThenBy(m => m.Id)
                .ToList());
        }
        return answers;
    }

    private sealed record CheckKey(DuplicateCheck Check, CompanyNameNormalizer.NormalizedName Key, string? Code);

    /// <summary>
    /// Before registering a company: the same code, or the same or likely the same name, anywhere in the zone.
    /// The API answers 409 with these unless the user confirms; a page shows them before saving.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateMatch>> ForNewCompanyAsync(CompanyInput input, CancellationToken ct) =>
        (await FindAsync(new DuplicateCheck(input.Name, input.CreditCode), ct)).Where(m => m.Level >= DuplicateLevel.Likely).ToList();

    /// <summary>
    /// Before creating a deal: another desk already pursues this company, or one surely or likely the same.
    /// A desk's own second deal on a company (an expansion) is not a cross-desk duplicate.
    /// </summary>
    public async Task<IReadOnlyList<DuplicateMatch>> ForNewDealAsync(Users.CurrentUser user, NewDealInput input, CancellationToken ct)
    {
        var company = await db.Companies.AsNoTracking().Where(c => c.Id == input.CompanyId)
            .Select(c => new { c.Name, c.CreditCode }).SingleOrDefaultAsync(ct);
        if (company is null)
        {
            return []; // DealService answers "no company with this id"
        }
        var desk = user.IsZoneWide ? input.Desk ?? user.DeskCode : user.DeskCode;
        return (await FindAsync(new DuplicateCheck(company.Name, company.CreditCode), ct))
            .Where(m => m.Level >= DuplicateLevel.Likely && m.Kind == DuplicateKind.Deal && m.IsFollowed && m.Desk != desk)
            .ToList();
    }

    /// <summary>The notices a recruiter or advisor may see: who follows the company (desk) and since when, surest first.</summary>
    public static IReadOnlyList<DuplicateNotice> Notices(IEnumerable<DuplicateMatch> matches, DuplicateLevel atLeast = DuplicateLevel.Possible) =>
        matches.Where(m => m.Level >= atLeast).Select(DuplicateNotice.Of).Distinct().ToList();

    public readonly record struct Score(DuplicateLevel Level, DuplicateReason Reason, double Similarity, string? Place);

    /// <summary>How <paramref name="key"/> (and its code) matches one stored record, or null for no match.</summary>
    public static Score? Classify(CompanyNameNormalizer.NormalizedName key, string? code, string name, string core, string? otherCode)
    {
        if (code is not null && code == otherCode)
        {
            return new(DuplicateLevel.Certain, DuplicateReason.SameCreditCode, 1, null);
        }
        if (key.Name.Length == 0)
        {
            return null;
        }
        if (key.Name == name)
        {
            return new(DuplicateLevel.Strong, DuplicateReason.SameName, 1, null);
        }
        if (key.Core.Length > 0 && key.Core == core)
        {
            // The place is on our side or on theirs (their name is then their core behind a place).
            var theirs = name.Length > core.Length && name.EndsWith(core, StringComparison.Ordinal) ? name[..^core.Length] : null;
            return new(DuplicateLevel.Likely, DuplicateReason.SameNameApartFromPlace, 1, key.Place ?? theirs);
        }
        var similarity = CompanyNameNormalizer.Similarity(key.Core, core);
        return similarity >= SimilarityThreshold
            ? new(DuplicateLevel.Possible, DuplicateReason.SimilarName, Math.Round(similarity, 3), null)
            : null;
    }

    /// <summary>
    /// The SQL pre-filter: for any of <paramref name="keys"/>, equal code, equal keys, or a similar-name candidate
    /// (see the class comment).
    /// </summary>
    private static Expression<Func<T, bool>> CandidateFilter<T>(
        IReadOnlyList<(CompanyNameNormalizer.NormalizedName Key, string? Code)> keys,
        Expression<Func<T, string>> nameOf, Expression<Func<T, string>> coreOf, Expression<Func<T, string?>> codeOf)
    {
        var row = Expression.Parameter(typeof(T), "row");
        var name = Replace(nameOf, row);
        var core = Replace(coreOf, row);
        var storedCode = Replace(codeOf, row);

        var conditions = new List<Expression>();
        foreach (var (key, code) in keys)
        {
            AddConditions(conditions, key, code, name, core, storedCode);
        }
        var body = conditions.Count == 0 ? Expression.Constant(false) : AnyOf(conditions, 0, conditions.Count);
        return Expression.Lambda<Func<T, bool>>(body, row);
    }

    /// <summary>A balanced OR: a page of checks makes hundreds of conditions, and SQLite caps an expression's depth at 1000.</summary>
    private static Expression AnyOf(List<Expression> conditions, int from, int count) => count == 1
        ? conditions[from]
        : Expression.OrElse(AnyOf(conditions, from, count / 2), AnyOf(conditions, from + count / 2, count - count / 2));

    private static void AddConditions(List<Expression> conditions, CompanyNameNormalizer.NormalizedName key, string? code,
        Expression name, Expression core, Expression storedCode)
    {
        if (code is not null)
        {
            conditions.Add(Expression.Equal(storedCode, Value<string?>(code)));
        }
        if (key.Name.Length > 0)
        {
            conditions.Add(Expression.Equal(name, Value(key.Name)));
            conditions.Add(Expression.Equal(core, Value(key.Core)));
        }
        if (key.Core.Length >= 2)
        {
            var grams = CompanyNameNormalizer.Bigrams(key.Core);
            var probes = grams.Distinct().Take(grams.Count / 3 + 1).ToList();
            var minLength = (int)Math.Ceiling(grams.Count * 2 / 3.0) + 1;
            var maxLength = grams.Count * 3 / 2 + 1;
            var length = Expression.Property(core, nameof(string.Length));
            var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
            var anyProbe = probes.Select(p => (Expression)Expression.Call(core, contains, Value(p))).Aggregate(Expression.OrElse);
            conditions.Add(Expression.AndAlso(
                Expression.AndAlso(Expression.GreaterThanOrEqual(length, Value(minLength)), Expression.LessThanOrEqual(length, Value(maxLength))),
                anyProbe));
        }
    }

    private static Expression Replace<T, TResult>(Expression<Func<T, TResult>> selector, ParameterExpression row) =>
        new ParameterSwap(selector.Parameters[0], row).Visit(selector.Body);

    /// <summary>A captured value, so EF sends it as a SQL parameter rather than a literal.</summary>
    private static Expression Value<TValue>(TValue value)
    {
        Expression<Func<TValue>> closure = () => value;
        return closure.Body;
    }

    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
