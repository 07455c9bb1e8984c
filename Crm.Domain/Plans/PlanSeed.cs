namespace Crm.Domain.Plans;

/// <summary>The 2014 work plan's annual goals as targets (docs/review-counting-rules.md, "The year's plan").</summary>
public static class PlanSeed
{
    /// <summary>
    /// ≥ 2 top-tier companies, ≥ 2 projects of 5亿 or more, about 5 projects of about 3亿, 15–20 companies settled
    /// (the plan's "确保" is the lower bound, 15), 10 projects built and producing, 15 new 规模以上 companies.
    /// </summary>
    public static IReadOnlyDictionary<PlanGoal, int> GoalTargets { get; } = new Dictionary<PlanGoal, int>
    {
        [PlanGoal.TopTierCompanies] = 2,
        [PlanGoal.MajorProjects] = 2,
        [PlanGoal.AboutThreeHundredMillion] = 5,
        [PlanGoal.CompaniesSettled] = 15,
        [PlanGoal.BuiltAndProducing] = 10,
        [PlanGoal.NewScaleCompanies] = 15,
    };
}
