using Crm.Domain.Common;

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Crm.Domain.Targets;

/// <summary>The targets of one quarter for the zone (<see cref="ZoneScope"/>) or for one desk (its code).</summary>
public class QuarterTarget
{
    public const string ZoneScope = "ZONE";

    public int Id { get; init; }
    public int Year { get; init; }
    public int Quarter { get; init; }
    /// <summary><see cref="ZoneScope"/> or a desk code.</summary>
    public required string Scope { get; init; }

    public int Signed { get; set; }
    public int Started { get; set; }
    public int Producing { get; set; }
    public long SignedInvestmentYuan { get; set; }
    public int MajorProjects { get; set; }
    public int TopTierCompanies { get; set; }

    public DateTime UpdatedAt { get; set; }
    public required string UpdatedById { get; set; }

    public TargetFigures ToFigures() => new()
    {
        Signed = Signed,
        Started = Started,
        Producing = Producing,
        SignedInvestmentYuan = SignedInvestmentYuan,
        MajorProjects = MajorProjects,
        TopTierCompanies = TopTierCompanies,
    };

    public void Apply(TargetFigures figures)
    {
        Signed = figures.Signed;
        Started = figures.Started;
        Producing = figures.Producing;
        SignedInvestmentYuan = figures.SignedInvestmentYuan;
        MajorProjects = figures.MajorProjects;
        TopTierCompanies = figures.TopTierCompanies;
    }
}

public sealed class QuarterTargetConfiguration : IEntityTypeConfiguration<QuarterTarget>
{
    public void Configure(EntityTypeBuilder<QuarterTarget> builder)
    {
        builder.Property(t => t.Scope).HasMaxLength(FieldLengths.Code);
        builder.Property(t => t.UpdatedById).HasMaxLength(FieldLengths.UserId);
        builder.HasIndex(t => new { t.Year, t.Quarter, t.Scope }).IsUnique();
    }
}
