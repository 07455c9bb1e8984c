using Crm.Domain.Common;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Reviews;

/// <summary>
/// A quarter as it was reported when it was closed (docs/decisions/0017): the figures zone-wide and per desk, and the
/// deals behind them, as one JSON document (<see cref="ReportedQuarter"/>). One row per quarter; reopening deletes it.
/// </summary>
public class ClosedQuarter
{
    public int Id { get; init; }
    public int Year { get; init; }
    public int Quarter { get; init; }
    /// <summary>UTC instant of the closing.</summary>
    public DateTime ClosedAt { get; init; }
    /// <summary>The manager who closed it, or "system" for the quarterly job.</summary>
    public required string ClosedById { get; init; }
    /// <summary><see cref="ReportedQuarter"/> as JSON: read whole, never queried.</summary>
    public required string Reported { get; init; }
}

public sealed class ClosedQuarterConfiguration : IEntityTypeConfiguration<ClosedQuarter>
{
    public void Configure(EntityTypeBuilder<ClosedQuarter> builder)
    {
        builder.Property(c => c.ClosedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(c => new { c.Year, c.Quarter }).IsUnique();
    }
}
