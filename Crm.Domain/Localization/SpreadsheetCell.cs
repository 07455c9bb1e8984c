namespace Crm.Domain.Localization;

public static class SpreadsheetCell
{
    /// <summary>Text a spreadsheet would run as a formula (=, +, -, @) is kept as text.</summary>
    public static string? Safe(string? text) =>
        text is { Length: > 0 } && "=+-@\t\r".Contains(text[0]) ? "'" + text : text;
}
