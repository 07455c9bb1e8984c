using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Auditing;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Funds;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Crm.Tests.Funds;

/// <summary>
/// Money in place (docs/review-counting-rules.md, "Money in place") against a small zone worked out by hand: tranches and
/// fixed-asset investment recorded on signed projects, the quarter's 到位率 per desk, and the API's refusals.
/// Today is 2026-06-15 (<see cref="TestClock"/>): Q1 is counted to 03-31, Q2 to today.
/// </summary>
public sealed class FundingTests
{
    private const long Yi = 100_000_000;
    private const long Wan = 10_000;

    private CrmApp _app = null!;
    private HttpClient _manager = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private DealResponse _a = null!;
    private DealResponse _b = null!;
    private DealResponse _c = null!;
    private DealResponse _withdrawn = null!;

    private static DateOnly D(int month, int day) => new(2026, month, day);

    [OneTimeSetUp]
    public async Task AZoneWithMoneyInPlaceAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);

        // A (GD): signed 01-10 for 10亿; 2亿 arrived 02-01 (Q1) and 1亿 04-15 (Q2); 5,000万 fixed-asset investment in March.
        _a = await _gd.SignedOnAsync(DeskCodes.Guangdong, "资金甲", D(1, 10), 10 * Yi);
        await AddAsync(_gd, _a, FundingKind.InPlace, D(2, 1), 2 * Yi);
        await AddAsync(_gd, _a, FundingKind.InPlace, D(4, 15), 1 * Yi);
        await AddAsync(_gd, _a, FundingKind.FixedAssetInvestment, D(3, 9), 5_000 * Wan);
        // B (GD): signed 03-20 for 5亿; 1亿 arrived 03-25.
        _b = await _gd.SignedOnAsync(DeskCodes.Guangdong, "资金乙", D(3, 20), 5 * Yi);
        await AddAsync(_gd, _b, FundingKind.InPlace, D(3, 25), 1 * Yi);
        // C (FJ): signed 04-10 for 2亿; all of it arrived 04-20; 3,000万 fixed-asset investment in June (this month).
        _c = await _fj.SignedOnAsync(DeskCodes.Fujian, "资金丙", D(4, 10), 2 * Yi);
        await AddAsync(_fj, _c, FundingKind.InPlace, D(4, 20), 2 * Yi);
        await AddAsync(_fj, _c, FundingKind.FixedAssetInvestment, D(6, 1), 3_000 * Wan);
        // A GD project signed 02-01 for 3亿 with 1亿 in place, then withdrawn: it leaves every figure.
        _withdrawn = await _gd.SignedOnAsync(DeskCodes.Guangdong, "资金退出", D(2, 1), 3 * Yi);
        await AddAsync(_gd, _withdrawn, FundingKind.InPlace, D(2, 10), 1 * Yi);
        var status = await _gd.PostAsJsonAsync($"/api/v1/deals/{_withdrawn.Id}/status",
            new StatusChangeInput { Status = DealStatus.Withdrawn, Reason = "用地未落实", EffectiveOn = D(5, 1), Version = _withdrawn.Version }, CrmApp.Json);
        await status.EnsureSuccessAsync();
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static async Task<DealFunding> AddAsync(HttpClient client, DealResponse deal, FundingKind kind, DateOnly on, long yuan)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/funding", new FundingInput { Kind = kind, On = on, Yuan = yuan }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<DealFunding>();
    }

    private static async Task<FundsReview> QuarterAsync(HttpClient client, int quarter, string? desk = null)
    {
        var response = await client.GetAsync($"/api/v1/reviews/2026/Q{quarter}/funds{(desk is null ? "" : "?desk=" + desk)}");
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<FundsReview>();
    }

    private static IEnumerable<int> Ours(FundsReview review, params DealResponse[] deals) =>
        review.Deals.Select(d => d.Id).Where(id => deals.Any(x => x.Id == id));

    [Test]
    public async Task The_first_quarter_counts_what_arrived_by_its_last_day_on_the_projects_signed_by_then()
    {
        var q1 = await QuarterAsync(_manager, 1, DeskCodes.Guangdong);

        // A and B signed by 03-31: agreed 15亿; in place 2亿 + 1亿 = 3亿 → 20.0%; A's April tranche is not yet counted.
        var ours = q1.Deals.Where(d => d.Id == _a.Id || d.Id == _b.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(q1.AsOf, Is.EqualTo(D(3, 31)));
            Assert.That(Ours(q1, _a, _b, _c, _withdrawn), Is.EquivalentTo(new[] { _a.Id, _b.Id }), "C signed in April; the withdrawn project left");
            Assert.That(ours.Sum(d => d.AgreedYuan), Is.EqualTo(15 * Yi));
            Assert.That(ours.Sum(d => d.InPlaceYuan), Is.EqualTo(3 * Yi));
            Assert.That(FundsInPlace.Rate(ours.Sum(d => d.InPlaceYuan), ours.Sum(d => d.AgreedYuan)), Is.EqualTo(20.0m));
            Assert.That(ours.Single(d => d.Id == _a.Id).InPlacePercent, Is.EqualTo(20.0m), "2亿 of 10亿");
            Assert.That(ours.Sum(d => d.ArrivedInQuarterYuan), Is.EqualTo(3 * Yi));
            Assert.That(ours.Sum(d => d.FixedAssetInQuarterYuan), Is.EqualTo(5_000 * Wan), "March's fixed-asset investment");
        });
    }

    [Test]
    public async Task The_running_quarter_counts_to_today_per_desk_and_the_zone_adds_them_up()
    {
        var q2 = await QuarterAsync(_manager, 2);
        var gd = q2.Deals.Where(d => d.Id == _a.Id || d.Id == _b.Id).ToList();
        var fj = q2.Deals.Single(d => d.Id == _c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(q2.AsOf, Is.EqualTo(TestClock.Today));
            // GD: 4亿 of 15亿 → 26.7%; 1亿 arrived in Q2.
            Assert.That(FundsInPlace.Rate(gd.Sum(d => d.InPlaceYuan), gd.Sum(d => d.AgreedYuan)), Is.EqualTo(26.7m));
            Assert.That(gd.Sum(d => d.ArrivedInQuarterYuan), Is.EqualTo(1 * Yi));
            Assert.That(gd.Sum(d => d.FixedAssetInQuarterYuan), Is.Zero);
            // FJ: 2亿 of 2亿 → 100.0%; June's 3,000万 counts though the month has not ended.
            Assert.That(fj.InPlacePercent, Is.EqualTo(100.0m));
            Assert.That(fj.FixedAssetInQuarterYuan, Is.EqualTo(3_000 * Wan));
            Assert.That(Ours(q2, _withdrawn), Is.Empty);
            // Each desk's line is the sum of its projects; the zone's, of every desk.
            foreach (var (desk, line) in q2.Desks)
            {
                var deals = q2.Deals.Where(d => d.Desk == desk).ToList();
                Assert.That((line.Projects, line.AgreedYuan, line.InPlaceYuan), Is.EqualTo((deals.Count, deals.Sum(d => d.AgreedYuan), deals.Sum(d => d.InPlaceYuan))), desk);
            }
            Assert.That(q2.Total.InPlaceYuan, Is.EqualTo(q2.Desks.Values.Sum(l => l.InPlaceYuan)));
        });
    }

    [Test]
    public async Task A_recruiter_sees_their_desks_money_and_not_another_desks()
    {
        var mine = await QuarterAsync(_fj, 2);
        var theirs = await _fj.GetAsync($"/api/v1/reviews/2026/Q2/funds?desk={DeskCodes.Guangdong}");
        var deal = await _fj.GetAsync($"/api/v1/deals/{_a.Id}/funding");

        Assert.Multiple(() =>
        {
            Assert.That(mine.Desk, Is.EqualTo(DeskCodes.Fujian));
            Assert.That(mine.Deals.Select(d => d.Desk).Distinct(), Is.EqualTo(new[] { DeskCodes.Fujian }));
            Assert.That(theirs.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(deal.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        });
    }

    [Test]
    public async Task The_deal_shows_its_tranches_and_rate_and_a_removal_is_audited()
    {
        var deal = await _gd.SignedOnAsync(DeskCodes.Guangdong, "资金丁", D(5, 1), 4 * Yi);
        var added = await AddAsync(_gd, deal, FundingKind.InPlace, D(5, 20), 1 * Yi);
        var month = await AddAsync(_gd, deal, FundingKind.FixedAssetInvestment, D(5, 3), 800 * Wan);

        var removed = await _gd.DeleteAsync($"/api/v1/funding/{added.Items.Single().Id}");
        await removed.EnsureSuccessAsync();
        var after = await removed.ReadAsync<DealFunding>();
        var audits = await _app.WithDbAsync(db => db.AuditLog.Where(a => a.EntityType == nameof(ProjectFunding)
            && (a.EntityId == added.Items.Single().Id.ToString(System.Globalization.CultureInfo.InvariantCulture))).Select(a => a.Action).ToListAsync());

        Assert.Multiple(() =>
        {
            Assert.That(added.InPlacePercent, Is.EqualTo(25.0m), "1亿 of 4亿");
            Assert.That(month.Items.Single(i => i.Kind == FundingKind.FixedAssetInvestment).On, Is.EqualTo(D(5, 31)), "dated the month's last day");
            Assert.That(after.InPlaceYuan, Is.Zero);
            Assert.That(after.InPlacePercent, Is.EqualTo(0.0m));
            Assert.That(after.Items.Select(i => i.Kind), Is.EqualTo(new[] { FundingKind.FixedAssetInvestment }));
            Assert.That(audits, Is.EqualTo(new[] { AuditActions.Create, AuditActions.Delete }));
        });
    }

    [Test]
    public async Task Bad_amounts_and_dates_are_a_400_naming_the_field_and_an_unsigned_deal_a_422_and_nothing_is_written()
    {
        var lead = await _gd.CreateDealAsync();
        var before = await _app.WithDbAsync(db => db.ProjectFundings.CountAsync());

        async Task<(HttpStatusCode, JsonObject)> Post(DealResponse deal, FundingInput input)
        {
            var response = await _gd.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/funding", input, CrmApp.Json);
            return (response.StatusCode, await response.ReadAsync<JsonObject>());
        }
        var zero = await Post(_a, new FundingInput { Kind = FundingKind.InPlace, On = D(5, 1), Yuan = 0 });
        var future = await Post(_a, new FundingInput { Kind = FundingKind.InPlace, On = TestClock.Today.AddDays(1), Yuan = Yi });
        var nextMonth = await Post(_a, new FundingInput { Kind = FundingKind.FixedAssetInvestment, On = D(7, 1), Yuan = Yi });
        var beforeSigning = await Post(_b, new FundingInput { Kind = FundingKind.InPlace, On = D(3, 1), Yuan = Yi });
        var unsigned = await Post(lead, new FundingInput { Kind = FundingKind.InPlace, On = D(5, 1), Yuan = Yi });
        var foreign = await _fj.PostAsJsonAsync($"/api/v1/deals/{_a.Id}/funding", new FundingInput { Kind = FundingKind.InPlace, On = D(5, 1), Yuan = Yi }, CrmApp.Json);

        var after = await _app.WithDbAsync(db => db.ProjectFundings.CountAsync());
        Assert.Multiple(() =>
        {
            Assert.That(zero.Item1, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(zero.Item2["errors"]!.AsObject().ContainsKey("yuan"), Is.True, zero.Item2.ToJsonString());
            Assert.That(future.Item1, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(future.Item2["codes"]!["on"]![0]!.GetValue<string>(), Is.EqualTo("funding.inFuture"));
            Assert.That(nextMonth.Item2["codes"]!["on"]![0]!.GetValue<string>(), Is.EqualTo("funding.inFuture"));
            Assert.That(beforeSigning.Item2["codes"]!["on"]![0]!.GetValue<string>(), Is.EqualTo("funding.beforeSigning"));
            Assert.That(unsigned.Item1, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(unsigned.Item2["code"]!.GetValue<string>(), Is.EqualTo("funding.notSigned"));
            Assert.That(foreign.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(after, Is.EqualTo(before));
        });
    }
}
