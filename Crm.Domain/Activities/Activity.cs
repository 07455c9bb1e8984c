using Crm.Domain.Deals;

namespace Crm.Domain.Activities;

/// <summary>跟进记录: one contact with the investor.</summary>
public class Activity
{
    public long Id { get; init; }
    public int DealId { get; init; }
    public Deal? Deal { get; init; }
    public required ActivityType Type { get; init; }
    public required DateOnly OccurredOn { get; init; }
    public required string Summary { get; init; }
    /// <summary>The next step agreed, if any; it becomes the deal's next follow-up date.</summary>
    public DateOnly? NextFollowUpOn { get; init; }
    public required string ById { get; init; }
    public DateTime RecordedAt { get; init; }
}

public enum ActivityType
{
    Call,
    Visit,
    Meeting,
    /// <summary>考察: the investor visits the zone.</summary>
    InvestorSiteVisit,
    Email,
    WeChat,
    Document,
}
