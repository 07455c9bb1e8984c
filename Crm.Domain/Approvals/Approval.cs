using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Documents;
using Crm.Domain.Schedules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Approvals;

/// <summary>Where an approval item of a project stands. Items run in parallel; each has its own.</summary>
public enum ApprovalStatus
{
    NotStarted,
    InProgress,
    /// <summary>Granted, on <see cref="ProjectApproval.DoneOn"/>.</summary>
    Done,
    /// <summary>Not required for this project (a plant without a boiler needs no 能评, say).</summary>
    NotNeeded,
}

/// <summary>
/// A checklist of approvals (手续办理) for a kind of project, which an Admin keeps: applied to a signed project, it
/// copies its items onto it. Deactivated, never deleted.
/// </summary>
public class ApprovalTemplate
{
    public int Id { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public long Version { get; set; } = 1;
    public List<ApprovalTemplateItem> Items { get; init; } = [];
}

/// <summary>One approval of a template: what it is, the department that grants it (分类归口) and the milestone it must precede.</summary>
public class ApprovalTemplateItem
{
    public int Id { get; init; }
    public int TemplateId { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public string? DepartmentCode { get; set; }
    /// <summary>The milestone of the schedule that cannot be reached before this approval is granted.</summary>
    public MilestoneKind Before { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>
/// One approval on a signed project's checklist, copied from a template or added by hand: its department, planned and
/// actual dates, status and the filed document that proves it.
/// </summary>
public class ProjectApproval
{
    public int Id { get; init; }
    public int DealId { get; init; }
    public required string Name { get; set; }
    public required string NameEn { get; set; }
    public string? DepartmentCode { get; set; }
    public MilestoneKind Before { get; set; }
    public int SortOrder { get; set; }
    public ApprovalStatus Status { get; set; }
    public DateOnly? PlannedOn { get; set; }
    /// <summary>The day it was granted; set exactly when <see cref="Status"/> is Done.</summary>
    public DateOnly? DoneOn { get; set; }
    /// <summary>The filed document (批复, 许可证) that proves it, on the same deal.</summary>
    public int? DocumentId { get; set; }
    public string? Note { get; set; }
    public long Version { get; set; } = 1;
    public DateTime UpdatedAt { get; set; }
}

public sealed class ApprovalTemplateConfiguration : IEntityTypeConfiguration<ApprovalTemplate>
{
    public void Configure(EntityTypeBuilder<ApprovalTemplate> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(t => t.NameEn).HasMaxLength(FieldLengths.ShortText);
        builder.Property(t => t.Version).IsConcurrencyToken();
        builder.HasMany(t => t.Items).WithOne().HasForeignKey(i => i.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ApprovalTemplateItemConfiguration : IEntityTypeConfiguration<ApprovalTemplateItem>
{
    public void Configure(EntityTypeBuilder<ApprovalTemplateItem> builder)
    {
        builder.Property(i => i.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(i => i.NameEn).HasMaxLength(FieldLengths.ShortText);
        builder.Property(i => i.DepartmentCode).HasMaxLength(FieldLengths.Code);
        builder.HasOne<Department>().WithMany().HasForeignKey(i => i.DepartmentCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => new { i.TemplateId, i.SortOrder });
    }
}

public sealed class ProjectApprovalConfiguration : IEntityTypeConfiguration<ProjectApproval>
{
    public void Configure(EntityTypeBuilder<ProjectApproval> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(FieldLengths.ShortText);
        builder.Property(a => a.NameEn).HasMaxLength(FieldLengths.ShortText);
        builder.Property(a => a.DepartmentCode).HasMaxLength(FieldLengths.Code);
        builder.Property(a => a.Note).HasMaxLength(FieldLengths.Note);
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Deal>().WithMany().HasForeignKey(a => a.DealId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Department>().WithMany().HasForeignKey(a => a.DepartmentCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Document>().WithMany().HasForeignKey(a => a.DocumentId).OnDelete(DeleteBehavior.SetNull);
        // The deal page lists a project's checklist in order; the next milestone's blockers are read per deal.
        builder.HasIndex(a => new { a.DealId, a.SortOrder });
        builder.HasIndex(a => a.DocumentId);
    }
}
