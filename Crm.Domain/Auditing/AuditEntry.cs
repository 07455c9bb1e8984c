using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Domain.Auditing;

/// <summary>Who changed what, when, from what to what. Written in the same transaction as the change.</summary>
public class AuditEntry
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public required string UserId { get; init; }
    public required string EntityType { get; init; }
    public required string EntityId { get; init; }
    public required string Action { get; init; }
    public string? Before { get; init; }
    public string? After { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static AuditEntry Of<T>(string userId, string entityType, object entityId, string action, T? before, T? after, DateTime at) =>
        new()
        {
            At = at,
            UserId = userId,
            EntityType = entityType,
            EntityId = Convert.ToString(entityId, System.Globalization.CultureInfo.InvariantCulture)!,
            Action = action,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
        };
}

public static class AuditActions
{
    public const string Create = "Create";
    public const string Update = "Update";
    public const string MoveStage = "MoveStage";
    public const string ChangeStatus = "ChangeStatus";
    public const string Delete = "Delete";
    public const string SetRoles = "SetRoles";
    public const string Lock = "Lock";
    public const string Unlock = "Unlock";
    public const string SetLanguage = "SetLanguage";
    public const string SignedIn = "SignedIn";
    public const string SignInFailed = "SignInFailed";
    public const string SignInThrottled = "SignInThrottled";
    public const string Denied = "Denied";
    public const string Upload = "Upload";
    public const string Download = "Download";
    public const string Export = "Export";
    public const string Close = "Close";
    public const string Reopen = "Reopen";
    public const string Undo = "Undo";
}
