using Crm.Domain.Deals;
using Crm.Domain.Duplicates;

namespace Crm.Domain.Referrals;

public enum ReferralStatus
{
    Submitted,
    Accepted,
    Declined,
    Duplicate,
}

/// <summary>
/// A company an advisor brings to the zone (推荐). The advisor sees it and what became of it; a Manager decides
/// on it once: accept (a deal at Lead, attributed to the advisor), decline with a reason, or mark it a duplicate.
/// </summary>
public class Referral
{
    private string _companyName = string.Empty;

    public int Id { get; init; }

    public required string CompanyName
    {
        get => _companyName;
        set
        {
            _companyName = value;
            var key = CompanyNameNormalizer.Normalize(value);
            NormalizedName = key.Name;
            CoreName = key.Core;
        }
    }

    public string NormalizedName { get; private set; } = string.Empty;
    public string CoreName { get; private set; } = string.Empty;
    public string? CreditCode { get; set; }
    public required string ContactName { get; set; }
    public string? ContactPhone { get; set; }
    public string? ContactEmail { get; set; }
    public Region Region { get; set; }
    public Segment Segment { get; set; }
    public long? EstimatedInvestmentYuan { get; set; }
    public string? Notes { get; set; }

    /// <summary>The advisor who submitted it: always the caller of the submission, never a field of the body.</summary>
    public required string SubmittedById { get; init; }
    public ReferralStatus Status { get; private set; } = ReferralStatus.Submitted;
    public string? DecisionReason { get; private set; }
    public string? DecidedById { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    /// <summary>The deal an accepted referral became.</summary>
    public int? DealId { get; private set; }
    public Deal? Deal { get; private set; }
    public int? DuplicateOfDealId { get; private set; }
    public int? DuplicateOfReferralId { get; private set; }

    /// <summary>
    /// What the submitter was told on submission when the zone already knew the company: level, desk and date
    /// only (never the other party), kept so the advisor sees it later too.
    /// </summary>
    public DuplicateLevel? PossibleDuplicateLevel { get; set; }
    public DuplicateKind? PossibleDuplicateKind { get; set; }
    public string? PossibleDuplicateDesk { get; set; }
    public DateOnly? PossibleDuplicateSince { get; set; }

    public long Version { get; set; } = 1;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public bool IsOpen => Status == ReferralStatus.Submitted;

    public void Accept(int dealId, string byId, DateTime now)
    {
        Decide(ReferralStatus.Accepted, null, byId, now);
        DealId = dealId;
    }

    public void Decline(string reason, string byId, DateTime now) => Decide(ReferralStatus.Declined, reason.Trim(), byId, now);

    public void MarkDuplicate(int? ofDealId, int? ofReferralId, string byId, DateTime now)
    {
        Decide(ReferralStatus.Duplicate, null, byId, now);
        DuplicateOfDealId = ofDealId;
        DuplicateOfReferralId = ofReferralId;
    }

    private void Decide(ReferralStatus status, string? reason, string byId, DateTime now)
    {
        if (!IsOpen)
        {
            throw new InvalidOperationException("A referral is decided once.");
        }
        Status = status;
        DecisionReason = reason;
        DecidedById = byId;
        DecidedAt = now;
        UpdatedAt = now;
        Version++;
    }
}
