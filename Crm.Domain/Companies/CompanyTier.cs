namespace Crm.Domain.Companies;

public enum CompanyTier
{
    None,
    FortuneGlobal500,
    ChinaTop500,
    IndustryTop50,
    Listed,
}

public static class CompanyTiers
{
    /// <summary>The tiers the plan counts as "top-tier" (世界500强、国内50强和上市公司).</summary>
    public static readonly IReadOnlyList<CompanyTier> TopTier =
        [CompanyTier.FortuneGlobal500, CompanyTier.ChinaTop500, CompanyTier.IndustryTop50, CompanyTier.Listed];
}
