namespace Crm.Domain.Plans;

public sealed class AnnualPlanService
{
    /// <summary>A deal on a <see cref="KeyListAim.FollowedUp"/> list is followed when its last activity is this recent.</summary>
    public const int FollowedWithinDays = 14;
}
