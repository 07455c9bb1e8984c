namespace Crm.Domain.Deals;

/// <summary>Pipeline stages, in order. The order of the members is the order of the pipeline.</summary>
public enum DealStage
{
    Lead,
    Contacted,
    Negotiating,
    Signed,
    Started,
    Producing,
    AtCapacity,
}

public enum DealStatus
{
    Active,
    /// <summary>搁置: paused, reversible, only before Signed.</summary>
    Dormant,
    /// <summary>放弃: given up before Signed.</summary>
    Lost,
    /// <summary>退出: left after Signed; the land goes back to the zone.</summary>
    Withdrawn,
}

/// <summary>招商渠道: where a deal came from.</summary>
public enum DealSource
{
    Desk,
    HometownAssociation,
    BusinessAssociation,
    Advisor,
    EnterpriseReferral,
    Direct,
    Other,
}

/// <summary>Origin region of the investor.</summary>
public enum Region
{
    YangtzeRiverDelta,
    PearlRiverDelta,
    BohaiRim,
    Other,
}

public enum Segment
{
    GrainAndOil,
    Beverages,
    Dairy,
    BakedGoodsAndSnacks,
    Meat,
    Condiments,
    HealthFood,
    ColdChainLogistics,
    Packaging,
    Other,
}

public static class DealStages
{
    /// <summary>The milestones a deal may never skip, and the ones the quarterly figures count.</summary>
    public static readonly IReadOnlyList<DealStage> Milestones = [DealStage.Signed, DealStage.Started, DealStage.Producing];

    public static bool IsAfterSigning(this DealStage stage) => stage >= DealStage.Signed;
}
