namespace Crm.Domain.Problems;

/// <summary>What a signed project's problem is about (问题清单).</summary>
public enum ProblemKind
{
    Land,
    Power,
    Water,
    Gas,
    Road,
    Permit,
    Financing,
    Labour,
    Other,
}

/// <summary>
/// A problem a signed project's company raised, referred to a department and a person with a deadline (限时办结).
/// Whether it is open, overdue, closed in time or closed late is <see cref="ProblemDeadline"/>'s to say.
/// </summary>
public class Problem
{
    public int Id { get; init; }
    public int DealId { get; init; }
    public ProblemKind Kind { get; set; }
    public required string Description { get; set; }
    public DateOnly LoggedOn { get; init; }
    public required string LoggedById { get; init; }
    public required string DepartmentCode { get; set; }
    /// <summary>The person who answers it; they may close it.</summary>
    public required string AssigneeId { get; set; }
    /// <summary>The last day to close it in time (限时办结).</summary>
    public DateOnly DueOn { get; set; }
    public DateOnly? ClosedOn { get; private set; }
    public string? Answer { get; private set; }
    public string? ClosedById { get; private set; }

    public long Version { get; set; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public bool IsClosed => ClosedOn is not null;

    public void Close(string answer, DateOnly on, string byId)
    {
        Answer = answer;
        ClosedOn = on;
        ClosedById = byId;
    }

    public void Reopen()
    {
        Answer = null;
        ClosedOn = null;
        ClosedById = null;
    }
}
