using Crm.Domain.Activities;
using Crm.Domain.Deals;
using Crm.Domain.Users;

namespace Crm.Tests.Deals;

/// <summary>The first-contact rule and the follow-up dates a contact sets, on the entity alone (no host, no database).</summary>
public sealed class DealRecordContactTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);
    private static readonly CurrentUser Recruiter = new("recruiter-1", new HashSet<string> { Roles.Recruiter }, "GD");

    private static Deal NewLead(DateOnly? leadOn = null) =>
        Deal.Create("统全食品项目", 1, "GD", Recruiter.Id, leadOn ?? Today.AddDays(-30), Recruiter.Id, Now).Deal;

    private static Activity Contact(ActivityType type, DateOnly on, DateOnly? next = null) => new()
    {
        Type = type,
        OccurredOn = on,
        Summary = "电话沟通扩产计划",
        NextFollowUpOn = next,
        ById = Recruiter.Id,
        RecordedAt = Now,
    };

    [Test]
    public void First_real_contact_of_a_lead_moves_it_to_Contacted_on_the_contact_date()
    {
        var deal = NewLead();
        var move = deal.RecordContact(Contact(ActivityType.Call, Today.AddDays(-3), next: Today.AddDays(4)), Recruiter, Today, Now);

        Assert.That(move, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(deal.Stage, Is.EqualTo(DealStage.Contacted));
            Assert.That((move!.FromStage, move.ToStage, move.EffectiveOn), Is.EqualTo(((DealStage?)DealStage.Lead, DealStage.Contacted, Today.AddDays(-3))));
            Assert.That(deal.LastActivityOn, Is.EqualTo(Today.AddDays(-3)));
            Assert.That(deal.NextFollowUpOn, Is.EqualTo(Today.AddDays(4)));
        });
    }

    [Test]
    public void A_document_is_not_a_contact_and_a_later_contact_does_not_move_again()
    {
        var deal = NewLead();
        Assert.That(deal.RecordContact(Contact(ActivityType.Document, Today), Recruiter, Today, Now), Is.Null);
        Assert.That(deal.Stage, Is.EqualTo(DealStage.Lead));
        Assert.That(deal.LastActivityOn, Is.EqualTo(Today), "a document still counts as activity");

        Assert.That(deal.RecordContact(Contact(ActivityType.Visit, Today), Recruiter, Today, Now), Is.Not.Null);
        Assert.That(deal.RecordContact(Contact(ActivityType.Call, Today), Recruiter, Today, Now), Is.Null, "already Contacted");
    }

    [Test]
    public void An_older_contact_keeps_the_latest_dates_and_one_the_rules_refuse_leaves_the_stage()
    {
        var deal = NewLead(leadOn: Today.AddDays(-5));
        deal.RecordContact(Contact(ActivityType.Document, Today, next: Today.AddDays(7)), Recruiter, Today, Now);

        // Dated before the lead date: the move would be dated before the previous one, so the lead stays a lead.
        var move = deal.RecordContact(Contact(ActivityType.Call, Today.AddDays(-10), next: Today.AddDays(1)), Recruiter, Today, Now);

        Assert.Multiple(() =>
        {
            Assert.That(move, Is.Null);
            Assert.That(deal.Stage, Is.EqualTo(DealStage.Lead));
            Assert.That(deal.LastActivityOn, Is.EqualTo(Today));
            Assert.That(deal.NextFollowUpOn, Is.EqualTo(Today.AddDays(7)));
        });
    }
}
