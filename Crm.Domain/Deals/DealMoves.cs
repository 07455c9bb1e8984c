using Crm.Domain.Common;

namespace Crm.Domain.Deals;

/// <summary>
/// Where a deal can go from here, for one user: every other stage and status, each allowed or with the rule that
/// refuses it (<see cref="Deal.StageTargets"/>). The board's menu and drop zones and the deal page offer these.
/// </summary>
public sealed record DealMoves(int DealId, long Version, IReadOnlyList<StageTarget> Stages, IReadOnlyList<StatusTarget> Statuses)
{
    public StageTarget? Stage(DealStage stage) => Stages.FirstOrDefault(s => s.Stage == stage);
}

public sealed record StageTarget(DealStage Stage, RuleViolation? Refusal)
{
    public bool Allowed => Refusal is null;
}

public sealed record StatusTarget(DealStatus Status, RuleViolation? Refusal)
{
    public bool Allowed => Refusal is null;
}
