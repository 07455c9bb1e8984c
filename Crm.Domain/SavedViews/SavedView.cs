using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.SavedViews;

/// <summary>A user's named view of a list: its name and the query string that restores its filters and sort.</summary>
public class SavedView
{
    public const int MaxQueryLength = 2000;

    public int Id { get; init; }
    public required string UserId { get; init; }
    /// <summary>The page it belongs to (<see cref="SavedViewPages"/>).</summary>
    public required string Page { get; init; }
    public required string Name { get; init; }
    /// <summary>The query string without its leading '?', as the page writes it (DealFilterQuery).</summary>
    public required string Query { get; init; }
    public DateTime CreatedAt { get; init; }
}

public static class SavedViewPages
{
    public const string Deals = "deals";
    public const string Pipeline = "pipeline";
    public static readonly IReadOnlyList<string> All = [Deals, Pipeline];
}

public sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> builder)
    {
        builder.Property(v => v.UserId).HasMaxLength(FieldLengths.UserId);
        builder.Property(v => v.Page).HasMaxLength(FieldLengths.Code * 2);
        builder.Property(v => v.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(v => v.Query).HasMaxLength(SavedView.MaxQueryLength);
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.UserId, v.Page, v.Name }).IsUnique();
    }
}
