using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Users;

public sealed class UserConfiguration : IEntityTypeConfiguration<CrmUser>
{
    public void Configure(EntityTypeBuilder<CrmUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(FieldLengths.ShortText);
        builder.Property(u => u.DeskCode).HasMaxLength(FieldLengths.Code);
        builder.Property(u => u.Language).HasMaxLength(8);
        builder.HasOne<Desks.Desk>().WithMany().HasForeignKey(u => u.DeskCode).OnDelete(DeleteBehavior.Restrict);
    }
}
