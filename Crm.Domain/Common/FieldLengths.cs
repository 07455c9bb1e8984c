namespace Crm.Domain.Common;

/// <summary>Column lengths shared by the EF configurations and the validators.</summary>
public static class FieldLengths
{
    public const int Code = 8;
    public const int Name = 200;
    public const int ShortText = 100;
    public const int Phone = 32;
    public const int Email = 256;
    public const int Note = 2000;
    public const int LongText = 4000;
    public const int CreditCode = 18;
    public const int EnumText = 32;
    public const int Tag = 40;
    public const int MaxTags = 20;
    public const int UserId = 450;
}

/// <summary>Limits on figures a person can type, so a slip of the finger is refused rather than stored.</summary>
public static class FigureLimits
{
    /// <summary>1,000 亿元: larger than any project a development zone signs.</summary>
    public const long MaxInvestmentYuan = 100_000_000_000;
    public const decimal MaxLandMu = 100_000m;
    public const int MaxJobs = 1_000_000;
    /// <summary>Business dates before this are typing mistakes, not history.</summary>
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
}
