using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using MimeKit;

namespace Crm.Domain.Notifications;

/// <summary>Configuration section <c>Email</c>. Without a Host, emails are written as .eml files to <see cref="PickupFolder"/>.</summary>
public sealed class EmailOptions : IValidatableObject
{
    public const string Section = "Email";

    public string? Host { get; set; }
    [Range(1, 65535, ErrorMessage = "Email:Port must be between {1} and {2}.")]
    public int Port { get; set; } = 25;
    public SecureSocketOptions SecureSocketOptions { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    [Required(AllowEmptyStrings = false, ErrorMessage = "Email:From must name the sender, e.g. Zone CRM <crm@zone.local>.")]
    public string From { get; set; } = "Zone CRM <crm@zone.local>";
    /// <summary>Relative to the host's content root; default <c>data/mail</c>.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Email:PickupFolder must name a folder.")]
    public string PickupFolder { get; set; } = Path.Combine("data", "mail");
    /// <summary>Seconds to wait for the SMTP server before an attempt counts as failed.</summary>
    [Range(1, 600, ErrorMessage = "Email:TimeoutSeconds must be between {1} and {2}.")]
    public int TimeoutSeconds { get; set; } = 30;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(From) && !MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult($"Email:From is '{From}', which is no mailbox; e.g. Zone CRM <crm@zone.local>.", [nameof(From)]);
        }
    }
}
