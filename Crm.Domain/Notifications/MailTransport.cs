using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Crm.Domain.Notifications;

/// <summary>SMTP through MailKit when a host is configured, else .eml files in the pickup folder.</summary>
public sealed class MailTransport(IOptions<EmailOptions> options)
{
    public EmailOptions Options => options.Value;

    /// <summary>One connection for a batch of messages: connecting per message would dominate the sweep.</summary>
    public async Task<MailSession> OpenAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (!o.UsesSmtp)
        {
            Directory.CreateDirectory(o.PickupFolder);
            return new MailSession(null, o.PickupFolder);
        }
        var client = new SmtpClient { Timeout = o.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(o.Host!, o.Port, o.SecureSocketOptions, ct);
            if (!string.IsNullOrEmpty(o.UserName))
            {
                await client.AuthenticateAsync(o.UserName, o.Password ?? "", ct);
            }
            return new MailSession(client, null);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}

public sealed class MailSession(SmtpClient? client, string? pickupFolder) : IAsyncDisposable
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        if (client is not null)
        {
            await client.SendAsync(message, ct);
            return;
        }
        // Written aside and moved in, so a reader of the folder never sees half a message.
        var name = string.Concat((message.MessageId ?? Guid.NewGuid().ToString("N")).Split(Path.GetInvalidFileNameChars()));
        var target = Path.Combine(pickupFolder!, name + ".eml");
        var temporary = target + ".tmp";
        await message.WriteToAsync(temporary, ct);
        File.Move(temporary, target, overwrite: true);
    }

    public async ValueTask DisposeAsync()
    {
        if (client is not null)
        {
            if (client.IsConnected)
            {
                try
                {
                    await client.DisconnectAsync(quit: true);
                }
                catch (Exception e) when (e is IOException or MailKit.ProtocolException or MailKit.CommandException or OperationCanceledException)
                {
                    // The messages were accepted already; a failed QUIT loses nothing.
                }
            }
            client.Dispose();
        }
    }
}
