using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Schedules;

/// <summary>
/// The milestones of a signed project's construction schedule (工期计划), in the order a food plant reaches them. The
/// order of the members is the order of the schedule (docs/review-counting-rules.md, "The schedule").
/// </summary>
public enum MilestoneKind
{
    /// <summary>供地: the land handed over to the company.</summary>
    LandHandedOver,
    /// <summary>设计审批: the construction design approved.</summary>
    DesignApproved,
    /// <summary>施工许可: the construction permit issued.</summary>
    ConstructionPermit,
    /// <summary>开工: the pipeline's Started stage.</summary>
    Started,
    /// <summary>主体完工: the main structure topped out.</summary>
    MainStructure,
    /// <summary>竣工: construction completed and accepted.</summary>
    Completed,
    /// <summary>试生产.</summary>
    TrialProduction,
    /// <summary>投产: the pipeline's Producing stage.</summary>
    Producing,
    /// <summary>达产: the pipeline's At capacity stage.</summary>
    AtCapacity,
}

/// <summary>
/// What the schedule keeps for a milestone that the deal itself does not: the planned date of every milestone but
/// 开工 and 投产 (whose plans are the deal's <see cref="Deal.PlannedStartOn"/> and <see cref="Deal.PlannedProductionOn"/>),
/// and the actual date of every milestone that is not a pipeline stage (a stage's actual date is the day the deal
/// entered it). One row per deal and milestone, made when first dated. <see cref="ProjectSchedule"/> reads the whole.
/// </summary>
public class ProjectMilestone
{
    public int Id { get; init; }
    public int DealId { get; init; }
    public MilestoneKind Kind { get; init; }
    public DateOnly? PlannedOn { get; set; }
    public DateOnly? ActualOn { get; set; }
    public long Version { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// A change to a milestone's planned date once it had one, with the reason the person gave (an agreement's dates are
/// moved only with a reason): the schedule's history, shown on the deal page.
/// </summary>
public class ScheduleRevision
{
    public int Id { get; init; }
    public int DealId { get; init; }
    public MilestoneKind Kind { get; init; }
    public DateOnly? FromOn { get; init; }
    public DateOnly? ToOn { get; init; }
    public required string Reason { get; init; }
    public required string ById { get; init; }
    public DateTime At { get; init; }
}

public sealed class ProjectMilestoneConfiguration : IEntityTypeConfiguration<ProjectMilestone>
{
    public void Configure(EntityTypeBuilder<ProjectMilestone> builder)
    {
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<Deal>().WithMany().HasForeignKey(m => m.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.DealId, m.Kind }).IsUnique();
    }
}

public sealed class ScheduleRevisionConfiguration : IEntityTypeConfiguration<ScheduleRevision>
{
    public void Configure(EntityTypeBuilder<ScheduleRevision> builder)
    {
        builder.Property(r => r.Reason).HasMaxLength(FieldLengths.Note);
        builder.Property(r => r.ById).HasMaxLength(FieldLengths.UserId);
        builder.HasOne<Deal>().WithMany().HasForeignKey(r => r.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(r => r.ById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.DealId, r.At });
    }
}
