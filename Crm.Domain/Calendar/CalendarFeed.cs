using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Calendar;

/// <summary>
/// A user's personal calendar feed: only the SHA-256 of its secret is stored, so the database alone cannot open it.
/// One per user; rotating replaces the secret, revoking removes the row.
/// </summary>
public class CalendarFeed
{
    public required string UserId { get; init; }
    /// <summary>Lower-case hex SHA-256 of the secret in the feed's URL.</summary>
    public required string SecretHash { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class CalendarFeedConfiguration : IEntityTypeConfiguration<CalendarFeed>
{
    public const int HashLength = 64;

    public void Configure(EntityTypeBuilder<CalendarFeed> builder)
    {
        builder.HasKey(f => f.UserId);
        builder.Property(f => f.UserId).HasMaxLength(FieldLengths.UserId);
        builder.Property(f => f.SecretHash).HasMaxLength(HashLength);
        builder.HasIndex(f => f.SecretHash).IsUnique();
        builder.HasOne<Users.CrmUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
