using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Domain.Users;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.SavedViews;

public sealed record SavedViewInput
{
    /// <summary>The list it restores: <c>deals</c> or <c>pipeline</c> (<see cref="SavedViewPages"/>).</summary>
    public required string Page { get; init; }
    public required string Name { get; init; }
    /// <summary>The list's query string (the API's names, DealFilterQuery); stored as read back, so only known filters.</summary>
    public required string Query { get; init; }
}

public sealed record SavedViewResponse(int Id, string Page, string Name, string Query);

public sealed class SavedViewInputValidator : AbstractValidator<SavedViewInput>
{
    public SavedViewInputValidator()
    {
        RuleFor(v => v.Page).NotEmpty().Must(p => SavedViewPages.All.Contains(p))
            .WithCode("savedView.pageUnknown", string.Join(", ", SavedViewPages.All));
        RuleFor(v => v.Name).NotEmpty().MaximumLength(FieldLengths.ShortText);
        RuleFor(v => v.Query).NotNull().MaximumLength(SavedView.MaxQueryLength);
    }
}

/// <summary>Each user's own views: nobody lists, opens or deletes another's (404, as for any record out of scope).</summary>
public sealed class SavedViewService(CrmDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<SavedViewResponse>> ListAsync(CurrentUser user, string page, CancellationToken ct) =>
        await db.SavedViews.AsNoTracking().Where(v => v.UserId == user.Id && v.Page == page)
            .OrderBy(v => v.Name).ThenBy(v => v.Id)
            .Select(v => new SavedViewResponse(v.Id, v.Page, v.Name, v.Query)).ToListAsync(ct);

    /// <summary>A name the user already gave a view of that list is refused (also when two saves race).</summary>
    public async Task<ServiceResult<SavedViewResponse>> SaveAsync(CurrentUser user, SavedViewInput input, CancellationToken ct)
    {
        var name = input.Name.Trim();
        if (await db.SavedViews.AnyAsync(v => v.UserId == user.Id && v.Page == input.Page && v.Name == name, ct))
        {
            return SavedViewRules.NameTaken(name);
        }
        var view = new SavedView
        {
            UserId = user.Id,
            Page = input.Page,
            Name = name,
            Query = DealFilterQuery.Parse(input.Query).ToQueryString(),
            CreatedAt = time.UtcNow(),
        };
        db.SavedViews.Add(view);
        if (await db.TrySaveChangesAsync(ct) is not null)
        {
            return SavedViewRules.NameTaken(name);
        }
        return new SavedViewResponse(view.Id, view.Page, view.Name, view.Query);
    }

    public async Task<bool> DeleteAsync(CurrentUser user, int id, CancellationToken ct) =>
        await db.SavedViews.Where(v => v.Id == id && v.UserId == user.Id).ExecuteDeleteAsync(ct) == 1;
}

public static class SavedViewRules
{
    public static RuleViolation NameTaken(string name) => new("savedView.nameTaken", name);
}
