using Crm.Domain.Common;

namespace Crm.Domain.Search;

/// <summary>What a search finds, in the order the results show them.</summary>
public enum SearchKind
{
    Company,
    Deal,
    Contact,
    Organization,
    ActivityNote,
    Document,
}

/// <summary>
/// The fragment searched for, as every query reads it: trimmed, its LIKE pattern and its FTS5 phrase. A fragment shorter
/// than <see cref="IndexedLength"/> cannot use a trigram index; it searches the names of companies, contacts and
/// organisations only (docs/search.md).
/// </summary>
public sealed record SearchTerm
{
    public const int MaxLength = FieldLengths.ShortText;

    /// <summary>A trigram index finds fragments of 3 characters or more.</summary>
    public const int IndexedLength = 3;

    public SearchTerm(string q)
    {
        Text = q.Trim();
        Exact = Text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
        Prefix = Exact + "%";
        Pattern = "%" + Exact + "%";
        Phrase = SearchSql.SqlitePhrase(Text);
    }

    public string Text { get; }
    /// <summary>The fragment as a LIKE pattern that matches it alone, with %, _ and \ escaped by \.</summary>
    public string Exact { get; }
    /// <summary>'fragment%': a value that starts with it.</summary>
    public string Prefix { get; }
    /// <summary>'%fragment%': a value that contains it.</summary>
    public string Pattern { get; }
    public string Phrase { get; }
    public bool IsIndexed => Text.Length >= IndexedLength;
}

/// <summary>
/// One record found. <see cref="Context"/> is the record it belongs to (a deal's company, a note's deal, a contact's company);
/// <see cref="Detail"/> what matched beside the name (credit code, phone, WeChat id, the note's words around the fragment).
/// <see cref="Link"/> is the page that shows it; null when the caller has no page for it.
/// </summary>
public sealed record SearchHit(long Id, string Title, string? Context, string? Detail, DateOnly? On, string? Link);

/// <summary>The best <see cref="SearchService.PerKind"/> records of one kind; <see cref="More"/> when there are others.</summary>
public sealed record SearchGroup(SearchKind Kind, IReadOnlyList<SearchHit> Hits, bool More);

/// <param name="NamesOnly">The fragment was too short for the indexes: deals and notes were not searched.</param>
public sealed record SearchResults(string Q, bool NamesOnly, IReadOnlyList<SearchGroup> Groups);
