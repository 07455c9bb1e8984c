namespace Crm.Domain.Companies;

/// <summary>
/// The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a 31-character
/// alphabet (no I, O, S, V, Z), the last one a check character over the first 17.
/// </summary>
public static class CreditCode
{
    public const int Length = 18;
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    /// <summary>Upper-cases and trims what a person typed; does not validate.</summary>
    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    public static bool IsValid(string? code)
    {
        if (code is null || code.Length != Length)
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < Length - 1; i++)
        {
            var value = Alphabet.IndexOf(code[i]);
            if (value < 0)
            {
                return false;
            }
            sum += value * Weights[i];
        }

        var check = (31 - sum % 31) % 31;
        return code[Length - 1] == Alphabet[check];
    }
}
