using System.Net;
using System.Net.Http.Json;
using Crm.Api.Deals;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Deals;

/// <summary>GET /deals/{id}/moves: the pipeline rules' own answer for each target, for this user, in scope only.</summary>
public sealed class DealMovesTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private HttpClient _manager = null!;

    private static DateOnly Today => TestClock.Today;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static async Task<DealMovesResponse> MovesAsync(HttpClient client, int id)
    {
        var response = await client.GetAsync($"/api/v1/deals/{id}/moves");
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<DealMovesResponse>(CrmApp.Json))!;
    }

    private static MoveTargetResponse Target(IEnumerable<MoveTargetResponse> targets, object target) =>
        targets.Single(t => t.Target == target.ToString());

    [Test]
    public async Task A_lead_may_skip_to_signed_but_not_past_it()
    {
        var deal = await _gd.CreateDealAsync();
        var moves = await MovesAsync(_gd, deal.Id);

        Assert.That(moves.Stages.Select(s => s.Target), Does.Not.Contain(nameof(DealStage.Lead)), "its own stage is no target");
        Assert.Multiple(() =>
        {
            Assert.That(Target(moves.Stages, DealStage.Contacted).Allowed, Is.True);
            Assert.That(Target(moves.Stages, DealStage.Negotiating).Allowed, Is.True, "the estimate is asked by the dialog");
            Assert.That(Target(moves.Stages, DealStage.Signed).Allowed, Is.True, "the agreement is asked by the dialog");
            Assert.That(Target(moves.Stages, DealStage.Started).Allowed, Is.False);
            Assert.That(Target(moves.Stages, DealStage.Started).Code, Is.EqualTo("stage.skipsMilestone"));
            Assert.That(Target(moves.Stages, DealStage.Producing).Code, Is.EqualTo("stage.skipsMilestone"));
            Assert.That(Target(moves.Stages, DealStage.Started).Reason, Is.Not.Empty);
            Assert.That(Target(moves.Statuses, DealStatus.Withdrawn).Code, Is.EqualTo("status.withdrawnOnlyAfterSigning"));
            Assert.That(Target(moves.Statuses, DealStatus.Lost).Allowed, Is.True, "the reason is asked by the dialog");
        });
    }

    [Test]
    public async Task Moving_back_is_a_managers_and_a_dormant_deal_moves_no_stage()
    {
        var deal = await _gd.MoveAsync(await _gd.CreateDealAsync(), DealStage.Negotiating, Today, estimated: 300_000_000);

        Assert.That(Target((await MovesAsync(_gd, deal.Id)).Stages, DealStage.Contacted).Code, Is.EqualTo("stage.backwardNeedsManager"));
        Assert.That(Target((await MovesAsync(_manager, deal.Id)).Stages, DealStage.Contacted).Allowed, Is.True);

        var dormant = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/status",
            new StatusChangeInput { Status = DealStatus.Dormant, Version = deal.Version }, CrmApp.Json);
        await dormant.EnsureSuccessAsync();
        var moves = await MovesAsync(_gd, deal.Id);
        Assert.That(moves.Stages.Select(s => s.Code).Distinct(), Is.EqualTo(new[] { "stage.dealNotActive" }));
        Assert.That(Target(moves.Statuses, DealStatus.Active).Allowed, Is.True);
    }

    [Test]
    public async Task The_targets_agree_with_the_move_itself()
    {
        var deal = await _gd.CreateDealAsync();
        var refused = Target((await MovesAsync(_gd, deal.Id)).Stages, DealStage.Producing);
        var move = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage",
            new StageMoveInput { Stage = DealStage.Producing, EffectiveOn = Today, Version = deal.Version }, CrmApp.Json);

        Assert.That(move.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That((await move.ReadAsync<ProblemCode>()).Code, Is.EqualTo(refused.Code));
    }

    [Test]
    public async Task Another_desk_gets_404()
    {
        var deal = await _gd.CreateDealAsync();
        var response = await _fj.GetAsync($"/api/v1/deals/{deal.Id}/moves");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    private sealed record ProblemCode(string Code);
}
