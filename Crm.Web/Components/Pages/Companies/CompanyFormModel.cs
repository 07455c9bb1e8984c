using Crm.Domain.Companies;

namespace Crm.Web.Components.Pages.Companies;

/// <summary>The company form's model: the names of <see cref="CompanyInput"/>, so its validator names the fields.</summary>
public sealed class CompanyFormModel
{
    public string Name { get; set; } = "";
    public string? CreditCode { get; set; }
    public CompanyTier Tier { get; set; } = CompanyTier.None;
    public string? Website { get; set; }
    public string? Notes { get; set; }

    public static CompanyFormModel From(CompanyResponse c) =>
        new() { Name = c.Name, CreditCode = c.CreditCode, Tier = c.Tier, Website = c.Website, Notes = c.Notes };

    public CompanyInput ToInput() => new()
    {
        Name = Name.Trim(),
        CreditCode = Blank(CreditCode),
        Tier = Tier,
        Website = Blank(Website),
        Notes = Blank(Notes),
    };

    /// <summary>An edit of the company's own facts: contacts are left as stored (they have their own form and rule).</summary>
    public CompanyUpdateInput ToUpdate(long version) => new()
    {
        Name = Name.Trim(),
        CreditCode = Blank(CreditCode),
        Tier = Tier,
        Website = Blank(Website),
        Notes = Blank(Notes),
        Version = version,
        Contacts = null,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>The contact form's model, with the names of <see cref="ContactInput"/>.</summary>
public sealed class ContactFormModel
{
    public int? Id { get; set; }
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? WeChat { get; set; }

    public static ContactFormModel From(ContactResponse c) =>
        new() { Id = c.Id, Name = c.Name, Title = c.Title, Phone = c.Phone, Email = c.Email, WeChat = c.WeChat };

    public ContactInput ToInput() => new()
    {
        Name = Name.Trim(),
        Title = Blank(Title),
        Phone = Blank(Phone),
        Email = Blank(Email),
        WeChat = Blank(WeChat),
    };

    public ContactUpdateInput ToUpdate(long version) => new()
    {
        Name = Name.Trim(),
        Title = Blank(Title),
        Phone = Blank(Phone),
        Email = Blank(Email),
        WeChat = Blank(WeChat),
        Version = version,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
