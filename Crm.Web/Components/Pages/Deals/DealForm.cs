using Crm.Domain.Deals;
using Crm.Domain.Localization;
using Crm.Web.Localization;

namespace Crm.Web.Components.Pages.Deals;

/// <summary>The editable facts of a deal as a form holds them (amounts in 万元, dates for the picker).</summary>
public sealed class DealForm
{
    public static readonly IReadOnlyDictionary<string, string> InputNames = new Dictionary<string, string>
    {
        [nameof(EstimatedWan)] = nameof(DealInput.EstimatedInvestmentYuan),
        [nameof(AgreedWan)] = nameof(DealInput.AgreedInvestmentYuan),
    };

    public string Title { get; set; } = "";
    public DealSource Source { get; set; }
    public Region Region { get; set; }
    public Segment Segment { get; set; }
    public bool IsExpansion { get; set; }
    public decimal? EstimatedWan { get; set; }
    public decimal? AgreedWan { get; set; }
    public DateTime? PlannedStartOn { get; set; }
    public DateTime? PlannedProductionOn { get; set; }
    public decimal? LandMu { get; set; }
    public int? JobsExpected { get; set; }
    public DateTime? NextFollowUpOn { get; set; }
    public string? Notes { get; set; }
    /// <summary>Managers reassign; for a recruiter the service keeps the stored desk and owner whatever is sent.</summary>
    public string Desk { get; set; } = "";
    public string OwnerId { get; set; } = "";

    public static DealForm From(DealResponse d) => new()
    {
        Title = d.Title,
        Source = d.Source,
        Region = d.Region,
        Segment = d.Segment,
        IsExpansion = d.IsExpansion,
        EstimatedWan = AmountFormat.ToWan(d.EstimatedInvestmentYuan),
        AgreedWan = AmountFormat.ToWan(d.AgreedInvestmentYuan),
        PlannedStartOn = ZoneDates.ToPicker(d.PlannedStartOn),
        PlannedProductionOn = ZoneDates.ToPicker(d.PlannedProductionOn),
        LandMu = d.LandMu,
        JobsExpected = d.JobsExpected,
        NextFollowUpOn = ZoneDates.ToPicker(d.NextFollowUpOn),
        Notes = d.Notes,
        Desk = d.Desk,
        OwnerId = d.OwnerId,
    };

    /// <summary>The update the API would receive: what the form does not edit is sent back as it was read, with its version.</summary>
    public DealUpdateInput ToInput(DealResponse d) => new()
    {
        Version = d.Version,
        Title = Title,
        CompanyId = d.CompanyId,
        Source = Source,
        OrganizationId = d.OrganizationId,
        AdvisorId = d.AdvisorId,
        ReferringCompanyId = d.ReferringCompanyId,
        Desk = Desk,
        OwnerId = OwnerId,
        Region = Region,
        Segment = Segment,
        IsExpansion = IsExpansion,
        EstimatedInvestmentYuan = AmountFormat.FromWan(EstimatedWan),
        AgreedInvestmentYuan = AmountFormat.FromWan(AgreedWan),
        PlannedStartOn = ZoneDates.FromPicker(PlannedStartOn),
        PlannedProductionOn = ZoneDates.FromPicker(PlannedProductionOn),
        LandMu = LandMu,
        JobsExpected = JobsExpected,
        NextFollowUpOn = ZoneDates.FromPicker(NextFollowUpOn),
        Tags = d.Tags,
        Notes = string.IsNullOrWhiteSpace(Notes) ? null : Notes.Trim(),
    };
}
