using Crm.Domain.Schedules;

namespace Crm.Domain.Approvals;

/// <summary>
/// The one home of the checklist's rules (docs/decisions/0026-approval-checklists.md): when an item is settled, and
/// when an item blocks the project's next milestone.
/// </summary>
public static class ApprovalChecklist
{
    /// <summary>Granted, or not required for this project: nothing more to do for it.</summary>
    public static bool IsSettled(ApprovalStatus status) => status is ApprovalStatus.Done or ApprovalStatus.NotNeeded;

    /// <summary>
    /// An item blocks the next milestone when it is not settled and the milestone it must precede is the next one or an
    /// earlier one (an approval late for a milestone already passed blocks everything after it). Nothing blocks a project
    /// with no milestone left.
    /// </summary>
    public static bool Blocks(ApprovalStatus status, MilestoneKind before, MilestoneKind? next) =>
        next is { } milestone && !IsSettled(status) && Position(before) <= Position(milestone);

    public static bool Blocks(ProjectApproval item, MilestoneKind? next) => Blocks(item.Status, item.Before, next);

    private static int Position(MilestoneKind kind)
    {
        for (var i = 0; i < ProjectSchedule.Order.Count; i++)
        {
            if (ProjectSchedule.Order[i] == kind)
            {
                return i;
            }
        }
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a milestone of the schedule.");
    }
}
