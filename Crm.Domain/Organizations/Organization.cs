using Crm.Domain.Deals;

namespace Crm.Domain.Organizations;

/// <summary>A hometown association (老乡会) or a chamber / business association (商会协会) that brings deals.</summary>
public class Organization
{
    public int Id { get; init; }
    public required string Name { get; set; }
    public required OrganizationKind Kind { get; set; }
    public Region Region { get; set; } = Region.Other;
    public string? Notes { get; set; }
}

public enum OrganizationKind
{
    HometownAssociation,
    BusinessAssociation,
}
