namespace Crm.Domain.Companies;

public class Company
{
    private string _name = string.Empty;

    public int Id { get; init; }

    /// <summary>Setting the name keeps the duplicate-detection keys in step (Duplicates/CompanyNameNormalizer).</summary>
    public required string Name
    {
        get => _name;
        set
        {
            _name = value;
            var key = Duplicates.CompanyNameNormalizer.Normalize(value);
            NormalizedName = key.Name;
            CoreName = key.Core;
        }
    }

    /// <summary>The name without legal form, brackets, punctuation and case; indexed for duplicate checks.</summary>
    public string NormalizedName { get; private set; } = string.Empty;
    /// <summary><see cref="NormalizedName"/> without a leading city or province; indexed for duplicate checks.</summary>
    public string CoreName { get; private set; } = string.Empty;
    /// <summary>统一社会信用代码, when known; unique.</summary>
    public string? CreditCode { get; set; }
    public CompanyTier Tier { get; set; }
    public string? Website { get; set; }
    public string? Notes { get; set; }
    /// <summary>The day the company became 规模以上 (annual main-business revenue of 20 million yuan or more); null while it is not.</summary>
    public DateOnly? ScaleSince { get; set; }
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
