namespace Crm.Domain.Care;

/// <summary>
/// The 包保 of a signed project: the zone leader answerable for it (包保领导), the officer who visits it (帮办专员) and how
/// often the officer is expected there. One per deal; <see cref="CareVisits"/> decides when the next visit is due.
/// </summary>
public class CareAssignment
{
    public const int DefaultIntervalDays = 7;
    public const int MinIntervalDays = 1;
    public const int MaxIntervalDays = 90;

    public int Id { get; init; }
    public int DealId { get; init; }
    public required string LeaderId { get; set; }
    public required string OfficerId { get; set; }
    public int IntervalDays { get; set; } = DefaultIntervalDays;
    /// <summary>The day the current officer took the project: before a first visit, the interval runs from it.</summary>
    public DateOnly AssignedOn { get; set; }
    public long Version { get; set; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}
