using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Users;

namespace Crm.Tests.Deals;

/// <summary>Every pipeline rule of DESIGN.md §2, on the entity alone (no host, no database).</summary>
public sealed class DealPipelineRuleTests
{
    private static readonly DateOnly Today = new(2026, 6, 15);
    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);
    private static readonly CurrentUser Recruiter = new("recruiter-1", new HashSet<string> { Roles.Recruiter }, "GD");
    private static readonly CurrentUser Manager = new("manager-1", new HashSet<string> { Roles.Manager }, null);
    private static readonly CurrentUser Admin = new("admin-1", new HashSet<string> { Roles.Admin }, null);

    /// <summary>A deal created 100 days ago with an estimated investment.</summary>
    private static Deal NewDeal(long? estimated = 300_000_000, DateOnly? leadOn = null)
    {
        var (deal, _) = Deal.Create("统全食品项目", 1, "GD", Recruiter.Id, leadOn ?? Today.AddDays(-100), Recruiter.Id, Now);
        deal.EstimatedInvestmentYuan = estimated;
        deal.Touch(Now);
        return deal;
    }

    private static StageMove To(DealStage stage, DateOnly on, string? note = null) => stage == DealStage.Signed
        ? Signing(on) with { Note = note }
        : new StageMove { Stage = stage, EffectiveOn = on, Note = note };

    private static StageMove Signing(DateOnly on, long? agreed = 500_000_000, DateOnly? start = null, DateOnly? production = null) => new()
    {
        Stage = DealStage.Signed,
        EffectiveOn = on,
        AgreedInvestmentYuan = agreed,
        PlannedStartOn = start ?? on.AddMonths(2),
        PlannedProductionOn = production ?? on.AddMonths(12),
    };

    /// <summary>A deal walked forward one stage at a time, each move a day after the last, up to <paramref name="stage"/>.</summary>
    private static Deal DealAt(DealStage stage)
    {
        var deal = NewDeal();
        var on = Today.AddDays(-50);
        for (var next = DealStage.Contacted; next <= stage; next++)
        {
            on = on.AddDays(1);
            deal.MoveTo(To(next, on), Recruiter, Today, Now);
        }
        Assert.That(deal.Stage, Is.EqualTo(stage));
        return deal;
    }

    private static string? RuleOf(RuleViolation? violation) => violation?.Code;

    [TestCase(DealStage.Lead, DealStage.Contacted)]
    [TestCase(DealStage.Contacted, DealStage.Negotiating)]
    [TestCase(DealStage.Negotiating, DealStage.Signed)]
    [TestCase(DealStage.Signed, DealStage.Started)]
    [TestCase(DealStage.Started, DealStage.Producing)]
    [TestCase(DealStage.Producing, DealStage.AtCapacity)]
    public void MoveTo_next_stage_is_allowed_and_recorded(DealStage from, DealStage to)
    {
        var deal = DealAt(from);
        var row = deal.MoveTo(To(to, Today, "  next step  "), Recruiter, Today, Now);

        Assert.Multiple(() =>
        {
            Assert.That(deal.Stage, Is.EqualTo(to));
            Assert.That(deal.LastMoveOn, Is.EqualTo(Today));
            Assert.That(row.FromStage, Is.EqualTo(from));
            Assert.That(row.ToStage, Is.EqualTo(to));
            Assert.That(row.FromStatus, Is.EqualTo(DealStatus.Active));
            Assert.That(row.ToStatus, Is.EqualTo(DealStatus.Active));
            Assert.That(row.EffectiveOn, Is.EqualTo(Today));
            Assert.That(row.RecordedAt, Is.EqualTo(Now));
            Assert.That(row.ById, Is.EqualTo(Recruiter.Id));
            Assert.That(row.Note, Is.EqualTo("next step"));
            Assert.That(row.Deal, Is.SameAs(deal));
            Assert.That(row.IsStageMove, Is.True);
        });
    }

    [TestCase(DealStage.Lead, DealStage.Negotiating)]
    [TestCase(DealStage.Lead, DealStage.Signed)]
    [TestCase(DealStage.Contacted, DealStage.Signed)]
    public void CheckMove_skipping_stages_before_signed_is_allowed(DealStage from, DealStage to)
    {
        var deal = DealAt(from);
        Assert.That(deal.CheckMove(To(to, Today), Recruiter, Today), Is.Null);
    }

    [TestCase(DealStage.Lead, DealStage.Started, DealStage.Signed)]
    [TestCase(DealStage.Negotiating, DealStage.Producing, DealStage.Signed)]
    [TestCase(DealStage.Lead, DealStage.AtCapacity, DealStage.Signed)]
    [TestCase(DealStage.Signed, DealStage.Producing, DealStage.Started)]
    [TestCase(DealStage.Signed, DealStage.AtCapacity, DealStage.Started)]
    [TestCase(DealStage.Started, DealStage.AtCapacity, DealStage.Producing)]
    public void CheckMove_skipping_a_milestone_is_refused(DealStage from, DealStage to, DealStage skipped)
    {
        var deal = DealAt(from);
        var violation = deal.CheckMove(To(to, Today), Manager, Today);
        Assert.That(RuleOf(violation), Is.EqualTo("stage.skipsMilestone"));
        Assert.That(violation!.Args, Is.EqualTo(new object?[] { skipped }));
    }

    [Test]
    public void CheckMove_to_the_current_stage_is_refused()
    {
        Assert.That(RuleOf(DealAt(DealStage.Contacted).CheckMove(To(DealStage.Contacted, Today), Manager, Today)), Is.EqualTo("stage.unchanged"));
    }

    [Test]
    public void CheckMove_dated_in_the_future_is_refused()
    {
        var deal = NewDeal();
        Assert.Multiple(() =>
        {
            Assert.That(RuleOf(deal.CheckMove(To(DealStage.Contacted, Today.AddDays(1)), Recruiter, Today)), Is.EqualTo("date.inFuture"));
            Assert.That(deal.CheckMove(To(DealStage.Contacted, Today), Recruiter, Today), Is.Null);
        });
    }

    [Test]
    public void CheckMove_dated_before_the_previous_move_is_refused()
    {
        var deal = NewDeal();
        deal.MoveTo(To(DealStage.Contacted, Today.AddDays(-10)), Recruiter, Today, Now);
        Assert.Multiple(() =>
        {
            Assert.That(RuleOf(deal.CheckMove(To(DealStage.Negotiating, Today.AddDays(-11)), Recruiter, Today)), Is.EqualTo("date.beforePrevious"));
            Assert.That(deal.CheckMove(To(DealStage.Negotiating, Today.AddDays(-10)), Recruiter, Today), Is.Null, "the same day as the previous move is fine");
        });
    }

    [Test]
    public void CheckMove_before_the_lead_date_is_refused()
    {
        var deal = NewDeal(leadOn: Today.AddDays(-30));
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Contacted, Today.AddDays(-31)), Recruiter, Today)), Is.EqualTo("date.beforePrevious"));
    }

    [Test]
    public void CheckMove_to_negotiating_needs_an_estimated_investment()
    {
        var deal = NewDeal(estimated: null);
        Assert.Multiple(() =>
        {
            Assert.That(RuleOf(deal.CheckMove(To(DealStage.Negotiating, Today), Recruiter, Today)), Is.EqualTo("facts.estimatedInvestmentRequired"));
            Assert.That(deal.CheckMove(To(DealStage.Negotiating, Today) with { EstimatedInvestmentYuan = 1_000_000 }, Recruiter, Today), Is.Null);
        });
        deal.MoveTo(To(DealStage.Negotiating, Today) with { EstimatedInvestmentYuan = 1_000_000 }, Recruiter, Today, Now);
        Assert.That(deal.EstimatedInvestmentYuan, Is.EqualTo(1_000_000));
        Assert.That(deal.InvestmentYuan, Is.EqualTo(1_000_000));
    }

    [Test]
    public void CheckMove_straight_to_signed_needs_the_agreement_not_an_estimate()
    {
        // Skipping Negotiating does not enter it: the agreed investment stands for the deal.
        var deal = NewDeal(estimated: null);
        Assert.That(deal.CheckMove(Signing(Today), Recruiter, Today), Is.Null);
    }

    [TestCase(null, 60, 365, "facts.agreementRequired")]
    [TestCase(500_000_000L, null, 365, "facts.agreementRequired")]
    [TestCase(500_000_000L, 60, null, "facts.agreementRequired")]
    [TestCase(500_000_000L, 60, 59, "facts.plannedDatesOutOfOrder")]
    [TestCase(500_000_000L, 60, 60, null)]
    [TestCase(500_000_000L, 60, 365, null)]
    public void CheckMove_to_signed_needs_agreed_investment_and_planned_dates_in_order(
        long? agreed, int? startInDays, int? productionInDays, string? rule)
    {
        var deal = DealAt(DealStage.Negotiating);
        var move = new StageMove
        {
            Stage = DealStage.Signed,
            EffectiveOn = Today,
            AgreedInvestmentYuan = agreed,
            PlannedStartOn = startInDays is { } s ? Today.AddDays(s) : null,
            PlannedProductionOn = productionInDays is { } p ? Today.AddDays(p) : null,
        };
        Assert.That(RuleOf(deal.CheckMove(move, Recruiter, Today)), Is.EqualTo(rule));
    }

    [Test]
    public void MoveTo_signed_records_the_agreement_and_the_signing_date()
    {
        var deal = DealAt(DealStage.Negotiating);
        deal.MoveTo(Signing(Today, 800_000_000, Today.AddDays(30), Today.AddDays(300)), Recruiter, Today, Now);
        Assert.Multiple(() =>
        {
            Assert.That(deal.SignedOn, Is.EqualTo(Today));
            Assert.That(deal.AgreedInvestmentYuan, Is.EqualTo(800_000_000));
            Assert.That(deal.InvestmentYuan, Is.EqualTo(800_000_000), "agreed once signed");
            Assert.That(deal.PlannedStartOn, Is.EqualTo(Today.AddDays(30)));
            Assert.That(deal.PlannedProductionOn, Is.EqualTo(Today.AddDays(300)));
        });
    }

    [Test]
    public void CheckMove_backwards_by_a_recruiter_is_refused()
    {
        var deal = DealAt(DealStage.Negotiating);
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Contacted, Today, "wrong stage"), Recruiter, Today)),
            Is.EqualTo("stage.backwardNeedsManager"));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void CheckMove_backwards_by_a_manager_needs_a_reason(string? note)
    {
        var deal = DealAt(DealStage.Negotiating);
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Contacted, Today, note), Manager, Today)), Is.EqualTo("reason.required"));
    }

    [Test]
    public void MoveTo_backwards_by_a_manager_with_a_reason_clears_the_milestones_left()
    {
        var deal = DealAt(DealStage.Started);
        Assert.That(deal.StartedOn, Is.Not.Null);

        var row = deal.MoveTo(To(DealStage.Negotiating, Today, "协议作废"), Manager, Today, Now);

        Assert.Multiple(() =>
        {
            Assert.That(deal.Stage, Is.EqualTo(DealStage.Negotiating));
            Assert.That(deal.SignedOn, Is.Null);
            Assert.That(deal.StartedOn, Is.Null);
            Assert.That(row.FromStage, Is.EqualTo(DealStage.Started));
            Assert.That(row.ToStage, Is.EqualTo(DealStage.Negotiating));
            Assert.That(row.ById, Is.EqualTo(Manager.Id));
            Assert.That(row.Note, Is.EqualTo("协议作废"));
        });
    }

    [Test]
    public void CheckMove_backwards_by_an_admin_with_a_reason_is_allowed()
    {
        Assert.That(DealAt(DealStage.Contacted).CheckMove(To(DealStage.Lead, Today, "entered by mistake"), Admin, Today), Is.Null);
    }

    [Test]
    public void MoveTo_a_refused_move_throws_and_changes_nothing()
    {
        var deal = DealAt(DealStage.Contacted);
        Assert.Throws<InvalidOperationException>(() => deal.MoveTo(To(DealStage.Started, Today), Manager, Today, Now));
        Assert.That(deal.Stage, Is.EqualTo(DealStage.Contacted));
    }

    [TestCase(DealStatus.Dormant)]
    [TestCase(DealStatus.Lost)]
    public void CheckMove_while_not_active_is_refused(DealStatus status)
    {
        var deal = DealAt(DealStage.Contacted);
        deal.ChangeStatus(new StatusChange { Status = status, EffectiveOn = Today, Reason = "on hold" }, Recruiter, Today, Now);
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Negotiating, Today), Manager, Today)), Is.EqualTo("stage.dealNotActive"));
    }

    [Test]
    public void CheckMove_while_withdrawn_is_refused()
    {
        var deal = DealAt(DealStage.Signed);
        deal.ChangeStatus(new StatusChange { Status = DealStatus.Withdrawn, EffectiveOn = Today, Reason = "土地收回" }, Recruiter, Today, Now);
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Started, Today), Manager, Today)), Is.EqualTo("stage.dealNotActive"));
    }

    // Status rules: (stage of the deal, target status, reason, expected rule or null when allowed).
    [TestCase(DealStage.Lead, DealStatus.Dormant, null, null)]
    [TestCase(DealStage.Negotiating, DealStatus.Dormant, null, null)]
    [TestCase(DealStage.Signed, DealStatus.Dormant, "paused", "status.dormantOnlyBeforeSigning")]
    [TestCase(DealStage.Producing, DealStatus.Dormant, "paused", "status.dormantOnlyBeforeSigning")]
    [TestCase(DealStage.Contacted, DealStatus.Lost, "chose another zone", null)]
    [TestCase(DealStage.Contacted, DealStatus.Lost, null, "reason.required")]
    [TestCase(DealStage.Contacted, DealStatus.Lost, "  ", "reason.required")]
    [TestCase(DealStage.Signed, DealStatus.Lost, "gone", "status.lostOnlyBeforeSigning")]
    [TestCase(DealStage.Started, DealStatus.Withdrawn, "land returned", null)]
    [TestCase(DealStage.Signed, DealStatus.Withdrawn, null, "reason.required")]
    [TestCase(DealStage.Negotiating, DealStatus.Withdrawn, "gone", "status.withdrawnOnlyAfterSigning")]
    [TestCase(DealStage.Lead, DealStatus.Active, null, "status.unchanged")]
    public void CheckStatusChange_follows_the_status_rules(DealStage stage, DealStatus status, string? reason, string? rule)
    {
        var deal = DealAt(stage);
        Assert.That(RuleOf(deal.CheckStatusChange(new StatusChange { Status = status, EffectiveOn = Today, Reason = reason }, Recruiter, Today)),
            Is.EqualTo(rule));
    }

    [Test]
    public void ChangeStatus_returns_the_history_row_and_keeps_the_reason()
    {
        var deal = DealAt(DealStage.Negotiating);
        var row = deal.ChangeStatus(new StatusChange { Status = DealStatus.Lost, EffectiveOn = Today, Reason = " 选择了其他园区 " }, Recruiter, Today, Now);
        Assert.Multiple(() =>
        {
            Assert.That(deal.Status, Is.EqualTo(DealStatus.Lost));
            Assert.That(deal.StatusReason, Is.EqualTo("选择了其他园区"));
            Assert.That(row.FromStage, Is.EqualTo(DealStage.Negotiating));
            Assert.That(row.ToStage, Is.EqualTo(DealStage.Negotiating));
            Assert.That(row.FromStatus, Is.EqualTo(DealStatus.Active));
            Assert.That(row.ToStatus, Is.EqualTo(DealStatus.Lost));
            Assert.That(row.EffectiveOn, Is.EqualTo(Today));
            Assert.That(row.RecordedAt, Is.EqualTo(Now));
            Assert.That(row.ById, Is.EqualTo(Recruiter.Id));
            Assert.That(row.Note, Is.EqualTo("选择了其他园区"));
            Assert.That(row.IsStageMove, Is.False);
        });
    }

    [Test]
    public void ChangeStatus_dormant_is_reversible_by_the_recruiter()
    {
        var deal = DealAt(DealStage.Contacted);
        deal.ChangeStatus(new StatusChange { Status = DealStatus.Dormant, EffectiveOn = Today }, Recruiter, Today, Now);
        Assert.That(deal.CheckStatusChange(new StatusChange { Status = DealStatus.Active, EffectiveOn = Today }, Recruiter, Today), Is.Null);
        deal.ChangeStatus(new StatusChange { Status = DealStatus.Active, EffectiveOn = Today }, Recruiter, Today, Now);
        Assert.That(deal.CheckMove(To(DealStage.Negotiating, Today), Recruiter, Today), Is.Null);
    }

    [TestCase(DealStage.Contacted, DealStatus.Lost)]
    [TestCase(DealStage.Signed, DealStatus.Withdrawn)]
    public void CheckStatusChange_reactivation_is_a_managers_with_a_reason(DealStage stage, DealStatus closed)
    {
        var deal = DealAt(stage);
        deal.ChangeStatus(new StatusChange { Status = closed, EffectiveOn = Today.AddDays(-1), Reason = "closed" }, Recruiter, Today, Now);
        var back = new StatusChange { Status = DealStatus.Active, EffectiveOn = Today, Reason = "企业重新考虑" };

        Assert.Multiple(() =>
        {
            Assert.That(RuleOf(deal.CheckStatusChange(back, Recruiter, Today)), Is.EqualTo("status.reactivationNeedsManager"));
            Assert.That(RuleOf(deal.CheckStatusChange(back with { Reason = null }, Manager, Today)), Is.EqualTo("reason.required"));
            Assert.That(RuleOf(deal.CheckStatusChange(back with { Status = DealStatus.Dormant }, Manager, Today)), Is.EqualTo("status.closed"));
            Assert.That(deal.CheckStatusChange(back, Manager, Today), Is.Null);
        });
        deal.ChangeStatus(back, Manager, Today, Now);
        Assert.That(deal.Status, Is.EqualTo(DealStatus.Active));
        Assert.That(deal.StatusReason, Is.Null);
    }

    [Test]
    public void CheckStatusChange_dates_follow_the_same_rules_as_moves()
    {
        var deal = DealAt(DealStage.Contacted); // last move 49 days ago
        Assert.Multiple(() =>
        {
            Assert.That(RuleOf(deal.CheckStatusChange(new StatusChange { Status = DealStatus.Dormant, EffectiveOn = Today.AddDays(1) }, Recruiter, Today)),
                Is.EqualTo("date.inFuture"));
            Assert.That(RuleOf(deal.CheckStatusChange(new StatusChange { Status = DealStatus.Dormant, EffectiveOn = Today.AddDays(-60) }, Recruiter, Today)),
                Is.EqualTo("date.beforePrevious"));
        });
    }

    [Test]
    public void Create_dated_in_the_past_then_each_stage_recorded_with_its_real_date_in_order()
    {
        var leadOn = Today.AddDays(-300);
        var (deal, created) = Deal.Create("周氏蜂蜜扩产项目", 1, "FJ", Recruiter.Id, leadOn, Recruiter.Id, Now);
        deal.EstimatedInvestmentYuan = 200_000_000;

        Assert.Multiple(() =>
        {
            Assert.That(deal.LeadOn, Is.EqualTo(leadOn));
            Assert.That(created.FromStage, Is.Null);
            Assert.That(created.ToStage, Is.EqualTo(DealStage.Lead));
            Assert.That(created.EffectiveOn, Is.EqualTo(leadOn));
            Assert.That(created.ById, Is.EqualTo(Recruiter.Id));
        });

        var rows = new List<StageChange>
        {
            deal.MoveTo(To(DealStage.Contacted, Today.AddDays(-280)), Recruiter, Today, Now),
            deal.MoveTo(To(DealStage.Negotiating, Today.AddDays(-200)), Recruiter, Today, Now),
            deal.MoveTo(Signing(Today.AddDays(-150), 250_000_000, Today.AddDays(-120), Today.AddDays(-20)), Recruiter, Today, Now),
        };
        Assert.That(RuleOf(deal.CheckMove(To(DealStage.Started, Today.AddDays(-151)), Recruiter, Today)), Is.EqualTo("date.beforePrevious"));
        rows.Add(deal.MoveTo(To(DealStage.Started, Today.AddDays(-118)), Recruiter, Today, Now));
        rows.Add(deal.MoveTo(To(DealStage.Producing, Today.AddDays(-25)), Recruiter, Today, Now));

        Assert.Multiple(() =>
        {
            Assert.That(rows.Select(r => r.EffectiveOn), Is.Ordered);
            Assert.That(rows.Select(r => r.ToStage),
                Is.EqualTo(new[] { DealStage.Contacted, DealStage.Negotiating, DealStage.Signed, DealStage.Started, DealStage.Producing }));
            Assert.That(deal.SignedOn, Is.EqualTo(Today.AddDays(-150)));
            Assert.That(deal.StartedOn, Is.EqualTo(Today.AddDays(-118)));
            Assert.That(deal.ProducingOn, Is.EqualTo(Today.AddDays(-25)));
            Assert.That(deal.LastMoveOn, Is.EqualTo(Today.AddDays(-25)));
        });
    }
}
