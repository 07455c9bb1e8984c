using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Departments;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Problems;

public sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> builder)
    {
        builder.Ignore(p => p.IsClosed);
        builder.Property(p => p.Description).HasMaxLength(FieldLengths.Note);
        builder.Property(p => p.Answer).HasMaxLength(FieldLengths.Note);
        builder.Property(p => p.DepartmentCode).HasMaxLength(FieldLengths.Code);
        builder.Property(p => p.LoggedById).HasMaxLength(FieldLengths.UserId);
        builder.Property(p => p.AssigneeId).HasMaxLength(FieldLengths.UserId);
        builder.Property(p => p.ClosedById).HasMaxLength(FieldLengths.UserId);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.HasIndex(p => p.DealId);
        builder.HasIndex(p => p.AssigneeId);
        // The per-department figures and the watch job's sweep of open problems past their deadline.
        builder.HasIndex(p => new { p.DepartmentCode, p.DueOn });
        builder.HasIndex(p => new { p.ClosedOn, p.DueOn });
        builder.HasOne<Deal>().WithMany().HasForeignKey(p => p.DealId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Department>().WithMany().HasForeignKey(p => p.DepartmentCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(p => p.LoggedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(p => p.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CrmUser>().WithMany().HasForeignKey(p => p.ClosedById).OnDelete(DeleteBehavior.Restrict);
    }
}
