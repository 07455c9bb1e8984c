using System.Linq.Expressions;
using System.Reflection;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Documents;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Search;

/// <summary>
/// The app bar's search: companies, deals, contacts, organisations, activity notes and document names containing a fragment, each kind in
/// the caller's scope (<see cref="CompanyScope"/>, <see cref="DealScope"/>, <see cref="DocumentScope"/>; a note is seen with its deal), best first:
/// the exact name, then names that start with the fragment, then the rest, most recent first. One query per kind.
/// SQLite reads its FTS5 trigram tables (<see cref="SearchSql"/>), PostgreSQL ILIKE over pg_trgm indexes, SQL Server LIKE.
/// </summary>
/// <remarks>
/// A new kind adds a <see cref="SearchKind"/>, a query method below, a line in <see cref="SearchAsync"/>
/// and, on SQLite, its table in <see cref="SearchSql.SqliteTables"/> (docs/search.md).
/// </remarks>
public sealed class SearchService(CrmDbContext db)
{
    /// <summary>How many records of each kind a search shows.</summary>
    public const int PerKind = 8;

    private const int SnippetReach = 30;

    private static readonly MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo ILikeMethod = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.ILike),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public async Task<SearchResults> SearchAsync(CurrentUser user, string q, CancellationToken ct)
    {
        var term = new SearchTerm(q);
        var groups = new List<SearchGroup>();
        if (!user.WorksOnDeals || term.Text.Length == 0)
        {
            return new SearchResults(term.Text, !term.IsIndexed, groups);
        }
        // One DbContext: the kinds are read one after another.
        Add(groups, SearchKind.Company, await CompaniesAsync(user, term, ct));
        if (term.IsIndexed)
        {
            Add(groups, SearchKind.Deal, await DealsAsync(user, term, ct));
        }
        Add(groups, SearchKind.Contact, await ContactsAsync(user, term, ct));
        Add(groups, SearchKind.Organization, await OrganizationsAsync(user, term, ct));
        if (term.IsIndexed)
        {
            Add(groups, SearchKind.ActivityNote, await NotesAsync(user, term, ct));
            Add(groups, SearchKind.Document, await DocumentsAsync(user, term, ct));
        }
        return new SearchResults(term.Text, !term.IsIndexed, groups);
    }

    private static void Add(List<SearchGroup> groups, SearchKind kind, List<SearchHit> found)
    {
        if (found.Count > 0)
        {
            groups.Add(new SearchGroup(kind, found.Take(PerKind).ToList(), found.Count > PerKind));
        }
    }

    private async Task<List<SearchHit>> CompaniesAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var rows = db.Companies.AsNoTracking().VisibleTo(user);
        if (UsesFullText(term))
        {
            var ids = db.Database.SqlQueryRaw<int>(SearchSql.SqliteMatch(SearchSql.Companies), term.Phrase);
            rows = rows.Where(c => ids.Contains(c.Id));
        }
        else
        {
            rows = rows.Where(Like<Company>(term, c => c.Name, c => c.CreditCode));
        }
        var found = await rows
            .OrderBy(Rank<Company>(term, c => c.Name, c => c.CreditCode))
            .ThenByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id)
            .Take(PerKind + 1)
            .Select(c => new { c.Id, c.Name, c.CreditCode })
            .ToListAsync(ct);
        return found.Select(c => new SearchHit(c.Id, c.Name, null, c.CreditCode, null, $"/companies/{c.Id}")).ToList();
    }

    private async Task<List<SearchHit>> DealsAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var rows = db.Deals.AsNoTracking().VisibleTo(user);
        if (UsesFullText(term))
        {
            var ids = db.Database.SqlQueryRaw<int>(SearchSql.SqliteMatch(SearchSql.Deals), term.Phrase);
            rows = rows.Where(d => ids.Contains(d.Id));
        }
        else
        {
            rows = rows.Where(Like<Deal>(term, d => d.Title));
        }
        var found = await rows
            .OrderBy(Rank<Deal>(term, d => d.Title))
            .ThenByDescending(d => d.UpdatedAt).ThenByDescending(d => d.Id)
            .Take(PerKind + 1)
            .Select(d => new { d.Id, d.Title, Company = d.Company!.Name, d.DeskCode })
            .ToListAsync(ct);
        return found.Select(d => new SearchHit(d.Id, d.Title, d.Company, d.DeskCode, null, $"/deals/{d.Id}")).ToList();
    }

    /// <summary>Contacts are seen with their company (the register is shared, <see cref="CompanyScope"/>).</summary>
    private async Task<List<SearchHit>> ContactsAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var companies = db.Companies.VisibleTo(user);
        var rows = db.Contacts.AsNoTracking().Where(x => companies.Any(c => c.Id == x.CompanyId));
        if (UsesFullText(term))
        {
            var ids = db.Database.SqlQueryRaw<int>(SearchSql.SqliteMatch(SearchSql.Contacts), term.Phrase);
            rows = rows.Where(x => ids.Contains(x.Id));
        }
        else
        {
            rows = rows.Where(Like<Contact>(term, x => x.Name, x => x.Phone, x => x.WeChat, x => x.Email));
        }
        var found = await rows
            .OrderBy(Rank<Contact>(term, x => x.Name, x => x.Phone, x => x.WeChat))
            .ThenByDescending(x => x.Id)
            .Take(PerKind + 1)
            .Select(x => new { x.Id, x.Name, x.Phone, x.WeChat, x.Email, x.CompanyId, Company = db.Companies.Where(c => c.Id == x.CompanyId).Select(c => c.Name).First() })
            .ToListAsync(ct);
        return found.Select(x =>
        {
            var matched = new[] { x.Phone, x.WeChat, x.Email }.FirstOrDefault(v => v?.Contains(term.Text, StringComparison.OrdinalIgnoreCase) == true);
            return new SearchHit(x.Id, x.Name, x.Company, matched ?? x.Phone ?? x.WeChat, null, $"/companies/{x.CompanyId}");
        }).ToList();
    }

    /// <summary>Associations and chambers: a few dozen rows, read with LIKE on every provider. Only Admins have their page.</summary>
    private async Task<List<SearchHit>> OrganizationsAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var found = await db.Organizations.AsNoTracking()
            .Where(Like<Organizations.Organization>(term, o => o.Name))
            .OrderBy(Rank<Organizations.Organization>(term, o => o.Name))
            .ThenBy(o => o.Name)
            .Take(PerKind + 1)
            .Select(o => new { o.Id, o.Name })
            .ToListAsync(ct);
        return found.Select(o => new SearchHit(o.Id, o.Name, null, null, null, user.IsAdmin ? "/admin/organizations" : null)).ToList();
    }

    /// <summary>A note is seen with its deal: another desk's deal notes are never found.</summary>
    private async Task<List<SearchHit>> NotesAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var notes = db.Activities.AsNoTracking();
        if (UsesFullText(term))
        {
            var ids = db.Database.SqlQueryRaw<long>(SearchSql.SqliteMatch(SearchSql.Activities), term.Phrase);
            notes = notes.Where(a => ids.Contains(a.Id));
        }
        else
        {
            notes = notes.Where(Like<Activities.Activity>(term, a => a.Summary));
        }
        var visible = db.Deals.VisibleTo(user);
        var found = await notes.Where(a => visible.Any(d => d.Id == a.DealId))
            .OrderBy(Rank<Activities.Activity>(term, a => a.Summary)).ThenByDescending(a => a.OccurredOn).ThenByDescending(a => a.Id)
            .Take(PerKind + 1)
            .Select(a => new { a.Id, a.DealId, a.Summary, a.OccurredOn, a.Deal!.Title })
            .ToListAsync(ct);
        return found.Select(a => new SearchHit(a.Id, a.Title, null, Snippet(a.Summary, term.Text), a.OccurredOn, $"/deals/{a.DealId}")).ToList();
    }

    /// <summary>A document is found by its file name, seen with the deal or company it is filed on; it links to that record's page.</summary>
    private async Task<List<SearchHit>> DocumentsAsync(CurrentUser user, SearchTerm term, CancellationToken ct)
    {
        var rows = db.Documents.AsNoTracking().VisibleTo(db, user);
        if (UsesFullText(term))
        {
            var ids = db.Database.SqlQueryRaw<int>(SearchSql.SqliteMatch(SearchSql.Documents), term.Phrase);
            rows = rows.Where(d => ids.Contains(d.Id));
        }
        else
        {
            rows = rows.Where(Like<Document>(term, d => d.FileName));
        }
        var found = await rows
            .OrderBy(Rank<Document>(term, d => d.FileName))
            .ThenByDescending(d => d.On).ThenByDescending(d => d.Id)
            .Take(PerKind + 1)
            .Select(d => new
            {
                d.Id,
                d.FileName,
                d.On,
                d.DealId,
                d.CompanyId,
                Context = d.DealId != null ? db.Deals.Where(x => x.Id == d.DealId).Select(x => x.Title).First()
                    : db.Companies.Where(c => c.Id == d.CompanyId).Select(c => c.Name).First(),
            })
            .ToListAsync(ct);
        return found.Select(d => new SearchHit(d.Id, d.FileName, d.Context, null, d.On,
            d.DealId is { } deal ? $"/deals/{deal}" : $"/companies/{d.CompanyId}")).ToList();
    }

    /// <summary>The words around the fragment, so a long note shows why it was found.</summary>
    public static string Snippet(string text, string fragment)
    {
        var at = text.IndexOf(fragment, StringComparison.OrdinalIgnoreCase);
        if (at < 0 || text.Length <= 2 * SnippetReach + fragment.Length)
        {
            return text.Length <= 2 * SnippetReach + fragment.Length ? text : text[..(2 * SnippetReach)] + Ellipsis;
        }
        var start = Math.Max(0, at - SnippetReach);
        var end = Math.Min(text.Length, at + fragment.Length + SnippetReach);
        return (start > 0 ? Ellipsis : "") + text[start..end] + (end < text.Length ? Ellipsis : "");
    }

    private const string Ellipsis = "\u2026";

    private bool UsesFullText(SearchTerm term) => term.IsIndexed && db.Database.IsSqlite();

    /// <summary>Any of <paramref name="columns"/> contains the fragment, in any case: ILIKE on PostgreSQL, LIKE elsewhere.</summary>
    private Expression<Func<T, bool>> Like<T>(SearchTerm term, params Expression<Func<T, string?>>[] columns)
    {
        var row = Expression.Parameter(typeof(T), "r");
        return Expression.Lambda<Func<T, bool>>(AnyLike(row, () => term.Pattern, columns), row);
    }

    /// <summary>Best first: 0 when a column is the fragment (in any case), 1 when one starts with it, 2 when one only contains it.</summary>
    private Expression<Func<T, int>> Rank<T>(SearchTerm term, params Expression<Func<T, string?>>[] columns)
    {
        var row = Expression.Parameter(typeof(T), "r");
        var rank = Expression.Condition(AnyLike(row, () => term.Exact, columns), Expression.Constant(0),
            Expression.Condition(AnyLike(row, () => term.Prefix, columns), Expression.Constant(1), Expression.Constant(2)));
        return Expression.Lambda<Func<T, int>>(rank, row);
    }

    /// <param name="pattern">A closure, so that EF sends the pattern as a parameter.</param>
    private Expression AnyLike<T>(ParameterExpression row, Expression<Func<string>> pattern, Expression<Func<T, string?>>[] columns)
    {
        var method = db.Database.IsNpgsql() ? ILikeMethod : LikeMethod;
        Expression? any = null;
        foreach (var column in columns)
        {
            var value = new Rebind(column.Parameters[0], row).Visit(column.Body);
            Expression call = Expression.Call(method, Expression.Constant(EF.Functions), value, pattern.Body, Expression.Constant("\\"));
            any = any is null ? call : Expression.OrElse(any, call);
        }
        return any!;
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
