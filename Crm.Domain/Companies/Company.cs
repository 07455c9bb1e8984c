namespace Crm.Domain.Companies;

public class Company
{
    public int Id { get; init; }
    public required string Name { get; set; }
    /// <summary>统一社会信用代码, when known; unique.</summary>
    public string? CreditCode { get; set; }
    public CompanyTier Tier { get; set; }
    public string? Website { get; set; }
    public string? Notes { get; set; }
    public long Version { get; set; } = 1;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<Contact> Contacts { get; init; } = [];
}

public class Contact
{
    public int Id { get; init; }
    public int CompanyId { get; init; }
    public required string Name { get; set; }
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? WeChat { get; set; }
}
