namespace Crm.Domain.Notifications;

/// <summary>
/// One message to one user, in-app and (unless they opted out) by email. The unique key
/// (RecipientId, Kind, DealId, PeriodKey) makes producing it twice, or on two servers at once, leave one row.
/// </summary>
public class Notification
{
    /// <summary>Stands for "no deal" in the unique key: a NULL would make every such row distinct.</summary>
    public const int NoDeal = 0;

    public long Id { get; init; }
    public required string RecipientId { get; init; }
    public required NotificationKind Kind { get; init; }
    /// <summary>The deal it is about, or <see cref="NoDeal"/>. Deliberately no foreign key (0 is not a deal).</summary>
    public int DealId { get; init; }
    /// <summary>The date or period it is about ("2026-11-28", "2026-W48", "Start:2026-12-01").</summary>
    public required string PeriodKey { get; init; }
    public required string Title { get; init; }
    public required string Body { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; set; }

    public EmailStatus EmailStatus { get; set; }
    public int EmailAttempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
    /// <summary>The sender that holds the email while <see cref="EmailStatus"/> is Sending.</summary>
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAt { get; set; }

    /// <summary>The email's Message-ID: one per notification, so a resent copy is recognisably the same message.</summary>
    public static string MessageIdFor(long id) => $"notification-{id}@zone-crm";
}

public enum NotificationKind
{
    /// <summary>The owner's follow-up is due today or tomorrow.</summary>
    FollowUpDue,
    /// <summary>The owner's follow-up date has passed.</summary>
    FollowUpOverdue,
    /// <summary>Managers: a follow-up more than 3 days overdue.</summary>
    FollowUpEscalated,
    /// <summary>限时办结: a planned start or production date is within 7 days without the stage.</summary>
    MilestoneDue,
    /// <summary>限时办结: a planned start or production date passed without the stage.</summary>
    MilestonePassed,
    /// <summary>日报告.</summary>
    DailyDigest,
    /// <summary>周巡查.</summary>
    WeeklyInspection,
    /// <summary>An advisor's referral was accepted, declined or marked a duplicate.</summary>
    ReferralDecided,
    /// <summary>旬考核: progress against the running quarter's targets, desks ranked.</summary>
    TenDayAssessment,
    /// <summary>A desk's recruiters: their desk's targets for the quarter that begins.</summary>
    QuarterTargets,
    /// <summary>Managers: target against actual of the quarter that ended, zone-wide and per desk.</summary>
    QuarterClosing,
    /// <summary>限时办结: a project's problem passed its deadline unsolved (the assigned person and the managers).</summary>
    ProblemOverdue,
    /// <summary>包保: the officer's visit to a project is overdue.</summary>
    CareVisitOverdue,
}

public enum EmailStatus
{
    /// <summary>No email for this notification (opted out or no address).</summary>
    None,
    Pending,
    Sending,
    Sent,
    /// <summary>Gave up after <see cref="EmailOutbox.MaxAttempts"/> attempts; shown to Admins.</summary>
    Failed,
}

/// <summary>A user who turned email off for one kind of notification (in-app stays on).</summary>
public class NotificationOptOut
{
    public required string UserId { get; init; }
    public required NotificationKind Kind { get; init; }
}

/// <summary>The last zone date each job covered: what a restarted process compares its schedule with.</summary>
public class JobRun
{
    public required string JobName { get; init; }
    public DateOnly LastCoveredOn { get; set; }
    public DateTime LastRunAt { get; set; }
}
