using Crm.Domain.Common;
using Crm.Domain.Deals;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Plans;

/// <summary>
/// A named list of deals a manager keeps for the year (储备大项目, 重点意向企业, 年度投产项目): what each deal must reach
/// (<see cref="Aim"/>) by <see cref="DueOn"/>. The annual view shows each entry with what it still lacks.
/// </summary>
public class KeyProjectList
{
    public int Id { get; init; }
    public int Year { get; init; }
    public required string Name { get; set; }
    public KeyListAim Aim { get; set; }
    public DateOnly DueOn { get; set; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedById { get; init; }
    public List<KeyProjectEntry> Entries { get; init; } = [];
}

/// <summary>What a deal on a key-project list must reach.</summary>
public enum KeyListAim
{
    /// <summary>Signed by the due date (the reserved projects to sign in Q1).</summary>
    Signed,
    Started,
    Producing,
    AtCapacity,
    /// <summary>Followed closely: an activity within <see cref="AnnualPlanService.FollowedWithinDays"/> days (the intention companies).</summary>
    FollowedUp,
}

public class KeyProjectEntry
{
    public int Id { get; init; }
    public int ListId { get; init; }
    public int DealId { get; init; }
    public Deal? Deal { get; init; }
    public DateTime AddedAt { get; init; }
    public required string AddedById { get; init; }
}

/// <summary>A goal of the year's plan and its target, one row per (year, goal).</summary>
public class AnnualGoal
{
    public int Id { get; init; }
    public int Year { get; init; }
    public PlanGoal Goal { get; init; }
    public int Target { get; set; }
    public DateTime UpdatedAt { get; set; }
    public required string UpdatedById { get; set; }
}

/// <summary>The counted goals of the zone's annual plan (docs/review-counting-rules.md, "The year's plan").</summary>
public enum PlanGoal
{
    /// <summary>Top-tier companies (Fortune Global 500, China Top 500/50, listed) with a deal first signed this year.</summary>
    TopTierCompanies,
    /// <summary>Deals first signed this year of 5亿元 or more.</summary>
    MajorProjects,
    /// <summary>Deals first signed this year of about 3亿元: 2.5亿 up to but not including 5亿.</summary>
    AboutThreeHundredMillion,
    /// <summary>Companies settled: distinct companies with a deal first signed this year.</summary>
    CompaniesSettled,
    /// <summary>Deals that first entered Producing this year.</summary>
    BuiltAndProducing,
    /// <summary>Companies that became 规上 this year, each counted for the desk of its first signed deal.</summary>
    NewScaleCompanies,
}

public sealed class KeyProjectListConfiguration : IEntityTypeConfiguration<KeyProjectList>
{
    public void Configure(EntityTypeBuilder<KeyProjectList> builder)
    {
        builder.Property(l => l.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(l => l.CreatedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(l => new { l.Year, l.Name }).IsUnique();
        builder.HasMany(l => l.Entries).WithOne().HasForeignKey(e => e.ListId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class KeyProjectEntryConfiguration : IEntityTypeConfiguration<KeyProjectEntry>
{
    public void Configure(EntityTypeBuilder<KeyProjectEntry> builder)
    {
        builder.Property(e => e.AddedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(e => new { e.ListId, e.DealId }).IsUnique();
        builder.HasOne(e => e.Deal).WithMany().HasForeignKey(e => e.DealId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class AnnualGoalConfiguration : IEntityTypeConfiguration<AnnualGoal>
{
    public void Configure(EntityTypeBuilder<AnnualGoal> builder)
    {
        builder.Property(g => g.UpdatedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(g => new { g.Year, g.Goal }).IsUnique();
    }
}
