using Crm.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Imports;

public sealed class LedgerImportConfiguration : IEntityTypeConfiguration<LedgerImport>
{
    public void Configure(EntityTypeBuilder<LedgerImport> builder)
    {
        builder.Property(i => i.FileName).HasMaxLength(FieldLengths.Name);
        builder.Property(i => i.CreatedById).HasMaxLength(FieldLengths.UserId);
        builder.Property(i => i.UndoneById).HasMaxLength(FieldLengths.UserId);
        builder.HasMany(i => i.Rows).WithOne().HasForeignKey(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(i => i.CreatedAt);
    }
}

public sealed class LedgerImportRowConfiguration : IEntityTypeConfiguration<LedgerImportRow>
{
    public void Configure(EntityTypeBuilder<LedgerImportRow> builder)
    {
        builder.Property(r => r.Code).HasMaxLength(FieldLengths.ShortText);
        builder.Property(r => r.Args).HasMaxLength(FieldLengths.Note);
        builder.Property(r => r.Cell).HasMaxLength(FieldLengths.Code * 2);
        builder.Property(r => r.CompanyName).HasMaxLength(FieldLengths.Name);
        builder.Property(r => r.Title).HasMaxLength(FieldLengths.Name);
        builder.HasIndex(r => new { r.ImportId, r.RowNumber });
    }
}

public sealed class ImportLayoutConfiguration : IEntityTypeConfiguration<ImportLayout>
{
    public void Configure(EntityTypeBuilder<ImportLayout> builder)
    {
        builder.Property(l => l.HeaderKey).HasMaxLength(FieldLengths.LongText);
        builder.Property(l => l.Mapping).HasMaxLength(FieldLengths.LongText);
        builder.HasIndex(l => l.HeaderKey).IsUnique();
    }
}
