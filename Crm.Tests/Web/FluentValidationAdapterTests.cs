using Crm.Domain.Deals;
using Crm.Web.Components.Pages.Deals;
using Crm.Web.Forms;

namespace Crm.Tests.Web;

/// <summary>The UI's forms are checked by the API's own validators, field by field.</summary>
public sealed class FluentValidationAdapterTests
{
    private static readonly DealResponse Deal = new()
    {
        Id = 1,
        Version = 3,
        Title = "康师傅方便面扩产",
        Stage = DealStage.Signed,
        Status = DealStatus.Active,
        Desk = "BJ",
        OwnerId = "u1",
        CompanyId = 7,
        CompanyName = "康师傅",
        Tier = Crm.Domain.Companies.CompanyTier.ChinaTop500,
        Source = DealSource.Desk,
        Region = Region.BohaiRim,
        Segment = Segment.GrainAndOil,
        LeadOn = new DateOnly(2026, 1, 5),
        LastMoveOn = new DateOnly(2026, 2, 1),
    };

    private static FluentValidationAdapter<DealForm, DealUpdateInput> Adapter() =>
        new(new DealUpdateInputValidator(), f => f.ToInput(Deal), DealForm.InputNames);

    [Test]
    public async Task A_valid_form_has_no_messages()
    {
        var form = DealForm.From(Deal);
        var messages = await Adapter().Validation(form, nameof(DealForm.Title));
        Assert.That(messages, Is.Empty);
        Assert.That(await Adapter().ValidateAsync(form, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Messages_are_those_of_the_asked_field_only()
    {
        var form = DealForm.From(Deal);
        form.Title = "";
        form.JobsExpected = -1;

        var title = await Adapter().Validation(form, nameof(DealForm.Title));
        var notes = await Adapter().Validation(form, nameof(DealForm.Notes));

        Assert.That(title.Count(), Is.EqualTo(1));
        Assert.That(notes, Is.Empty);
    }

    [Test]
    public async Task A_form_field_in_wan_gets_the_messages_of_the_yuan_input()
    {
        var form = DealForm.From(Deal);
        form.EstimatedWan = -5;

        var messages = await Adapter().Validation(form, nameof(DealForm.EstimatedWan));
        var all = await Adapter().ValidateAsync(form, CancellationToken.None);

        Assert.That(messages, Is.Not.Empty);
        Assert.That(all.Keys, Is.EquivalentTo(new[] { nameof(DealForm.EstimatedWan) }));
    }

    [Test]
    public async Task Rules_comparing_two_fields_still_apply()
    {
        var form = DealForm.From(Deal);
        form.PlannedStartOn = new DateTime(2026, 6, 1);
        form.PlannedProductionOn = new DateTime(2026, 5, 1);

        var messages = await Adapter().Validation(form, nameof(DealForm.PlannedProductionOn));

        Assert.That(messages.Single(), Does.Contain("planned start"));
    }
}
