using System.Linq.Expressions;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Deals;

/// <summary>
/// The pipeline board: a page of cards per column, the next page on request (keyset, as the deal list), and the
/// column totals once. Scope and filters are the list's own (<see cref="DealScope.VisibleTo"/>, <see cref="DealQuery"/>).
/// </summary>
public sealed class BoardQueries(CrmDbContext db, DealFigures figures)
{
    /// <summary>A screenful of cards per column; the rest comes as the column is scrolled.</summary>
    public const int PageSize = 20;

    /// <summary>Soonest follow-up first, deals without one last; ties by id.</summary>
    public const string Sort = "followUp";

    /// <summary>Marks a column's query in the SQL (logs, a query plan, the tests that count them).</summary>
    public const string ColumnTag = "board column";

    /// <summary>The board shows active deals; dormant, lost and withdrawn ones are in the list.</summary>
    public static DealFilter Of(DealFilter filter) => filter with { Status = [DealStatus.Active], Sort = Sort, Cursor = null, PageSize = null };

    /// <summary>The first page of every column and the totals: one query per column and one for all the totals.</summary>
    public async Task<BoardView> BoardAsync(CurrentUser user, DealFilter filter, int pageSize, CancellationToken ct)
    {
        var board = Of(filter);
        var columns = new List<CardColumn>();
        foreach (var stage in Enum.GetValues<DealStage>())
        {
            columns.Add(await PageAsync(user, board, stage, null, pageSize, ct));
        }
        var totals = await figures.StageTotalsAsync(user, board, ct);
        return new BoardView(columns, totals);
    }

    /// <summary>The page of <paramref name="stage"/>'s column after <paramref name="cursor"/> (a previous page's <see cref="CardColumn.Next"/>).</summary>
    public async Task<ServiceResult<CardColumn>> ColumnAsync(
        CurrentUser user, DealFilter filter, DealStage stage, string cursor, int pageSize, CancellationToken ct)
    {
        if (DealCursor.TryDecode(cursor) is not { } after)
        {
            return new ServiceResult<CardColumn>.Invalid("cursor", "list.cursorUnknown");
        }
        try
        {
            return await PageAsync(user, Of(filter), stage, after, pageSize, ct);
        }
        catch (FormatException)
        {
            return new ServiceResult<CardColumn>.Invalid("cursor", "list.cursorOtherSort");
        }
    }

    private async Task<CardColumn> PageAsync(CurrentUser user, DealFilter board, DealStage stage, DealCursor? after, int pageSize, CancellationToken ct)
    {
        var size = Math.Clamp(pageSize, 1, DealFilter.MaxPageSize);
        var cards = await db.Deals.AsNoTracking().TagWith(ColumnTag).VisibleTo(user).Filter(board with { Stage = [stage] }).SortAndSeek(Sort, after)
            .Select(Card).Take(size + 1).ToListAsync(ct);
        var next = cards.Count > size ? CursorOf(cards[size - 1]).Encode() : null;
        return new CardColumn(stage, cards.Take(size).ToList(), next);
    }

    private static DealCursor CursorOf(DealCard last) => DealQuery.FollowUpCursorOf(last.NextFollowUpOn, last.Id);

    private static readonly Expression<Func<Deal, DealCard>> Card = d => new DealCard
    {
        Id = d.Id,
        Stage = d.Stage,
        CompanyName = d.Company!.Name,
        Title = d.Title,
        InvestmentYuan = d.InvestmentYuan,
        OwnerName = d.Owner!.DisplayName,
        NextFollowUpOn = d.NextFollowUpOn,
        PlannedStartOn = d.PlannedStartOn,
        PlannedProductionOn = d.PlannedProductionOn,
    };
}
