using MailKit.Security;

namespace Crm.Domain.Notifications;

/// <summary>Configuration section <c>Email</c>. Without a Host, emails are written as .eml files to <see cref="PickupFolder"/>.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    public SecureSocketOptions SecureSocketOptions { get; set; } = SecureSocketOptions.Auto;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Zone CRM <crm@zone.local>";
    /// <summary>Relative to the host's content root; default <c>data/mail</c>.</summary>
    public string PickupFolder { get; set; } = Path.Combine("data", "mail");
    /// <summary>Seconds to wait for the SMTP server before an attempt counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Host);
}
