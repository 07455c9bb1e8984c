using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Schedules;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Reviews;

/// <summary>
/// The five rates (docs/review-counting-rules.md, "The five rates") against a zone worked out by hand. Today is 2026-06-15
/// (<see cref="TestClock"/>), so Q2 is counted to today.
/// <code>
///     desk signed  plans (start, production)  what happened by 06-15                      land start prod cap on-schedule
///  A  GD   01-10   03-01, 06-01               land 02-01, started 03-01, producing 05-20   yes  yes   yes  -   yes
///  B  GD   02-15   04-01, 12-31               land planned 03-01, never handed over        -    -     -    -   - (start passed)
///  C  GD   04-10   07-01, 2027-03-01          land 05-01                                   yes  -     -    -   yes
///  D  FJ   05-01   06-30, 2027-03-01          design planned 06-01, not approved           -    -     -    -   - (design passed)
///  E  FJ   2025-11-01 (last year's signing: in neither cohort)
///  F  GD   03-01   04-01, 05-01               started 03-15, producing 04-01, capacity 06-01 yes yes  yes  yes yes
/// </code>
/// </summary>
public sealed class FiveRatesTests
{
    private static DateOnly D(int month, int day) => new(2026, month, day);

    private CrmApp _app = null!;
    private HttpClient _manager = null!;
    private HttpClient _gd = null!;
    private HttpClient _fj = null!;
    private readonly Dictionary<string, DealResponse> _deals = [];

    [OneTimeSetUp]
    public async Task AZoneBuildingItsProjectsAsync()
    {
        _app = new CrmApp(TestClock.AtNoon());
        (_, _manager) = await _app.SignedInAsync(Roles.Manager);
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _fj) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Fujian);

        var a = await SignAsync(_gd, DeskCodes.Guangdong, "A", D(1, 10), D(3, 1), D(6, 1));
        await SetAsync(_gd, a, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(2, 1), ActualOn = D(2, 1) });
        a = await _gd.MoveAsync(a, DealStage.Started, D(3, 1));
        await _gd.MoveAsync(a, DealStage.Producing, D(5, 20));

        var b = await SignAsync(_gd, DeskCodes.Guangdong, "B", D(2, 15), D(4, 1), D(12, 31));
        await SetAsync(_gd, b, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(3, 1) });

        var c = await SignAsync(_gd, DeskCodes.Guangdong, "C", D(4, 10), D(7, 1), new DateOnly(2027, 3, 1));
        await SetAsync(_gd, c, MilestoneKind.LandHandedOver, new MilestoneInput { PlannedOn = D(5, 1), ActualOn = D(5, 1) });

        var d = await SignAsync(_fj, DeskCodes.Fujian, "D", D(5, 1), D(6, 30), new DateOnly(2027, 3, 1));
        await SetAsync(_fj, d, MilestoneKind.DesignApproved, new MilestoneInput { PlannedOn = D(6, 1) });

        await SignAsync(_fj, DeskCodes.Fujian, "E", new DateOnly(2025, 11, 1), new DateOnly(2026, 3, 1), new DateOnly(2026, 12, 1));

        var f = await SignAsync(_gd, DeskCodes.Guangdong, "F", D(3, 1), D(4, 1), D(5, 1));
        f = await _gd.MoveAsync(f, DealStage.Started, D(3, 15));
        f = await _gd.MoveAsync(f, DealStage.Producing, D(4, 1));
        await _gd.MoveAsync(f, DealStage.AtCapacity, D(6, 1));
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private async Task<DealResponse> SignAsync(HttpClient client, string desk, string name, DateOnly on, DateOnly start, DateOnly production)
    {
        var deal = await client.CreateDealAsync(TestData.NewDeal((await client.CreateCompanyAsync()).Id, b =>
        {
            b.Title = TestData.Unique("五率" + name);
            b.Desk = desk;
            b.LeadOn = on;
        }), confirm: true);
        var signed = await client.MoveAsync(deal, DealStage.Signed, on, 200_000_000, start, production);
        _deals[name] = signed;
        return signed;
    }

    private static async Task SetAsync(HttpClient client, DealResponse deal, MilestoneKind kind, MilestoneInput input) =>
        await (await client.PutAsJsonAsync($"/api/v1/deals/{deal.Id}/schedule/{kind}", input, CrmApp.Json)).EnsureSuccessAsync();

    private static async Task<FiveRatesReview> RatesAsync(HttpClient client, int quarter, string? desk = null)
    {
        var response = await client.GetAsync($"/api/v1/reviews/2026/Q{quarter}/rates{(desk is null ? "" : "?desk=" + desk)}");
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<FiveRatesReview>();
    }

    private static object Figures(FiveRatesLine l) =>
        (l.Signed, l.LandHandedOver, l.Started, l.Producing, l.AtCapacity, l.OnSchedule);

    [Test]
    public async Task The_years_signings_to_the_quarters_end_per_zone_and_desk()
    {
        var rates = await RatesAsync(_manager, 2);
        Assert.Multiple(() =>
        {
            Assert.That(rates.AsOf, Is.EqualTo(D(6, 15)));
            Assert.That(Figures(rates.YearWindow.Total), Is.EqualTo(Figures(new FiveRatesLine
            {
                Signed = 5,
                LandHandedOver = new(3, 60.0m),
                Started = new(2, 40.0m),
                Producing = new(2, 40.0m),
                AtCapacity = new(1, 20.0m),
                OnSchedule = new(3, 60.0m),
            })));
            Assert.That(Figures(rates.YearWindow.Desks[DeskCodes.Guangdong]), Is.EqualTo(Figures(new FiveRatesLine
            {
                Signed = 4,
                LandHandedOver = new(3, 75.0m),
                Started = new(2, 50.0m),
                Producing = new(2, 50.0m),
                AtCapacity = new(1, 25.0m),
                OnSchedule = new(3, 75.0m),
            })));
            Assert.That(Figures(rates.YearWindow.Desks[DeskCodes.Fujian]), Is.EqualTo(Figures(new FiveRatesLine
            {
                Signed = 1,
                LandHandedOver = new(0, 0.0m),
                Started = new(0, 0.0m),
                Producing = new(0, 0.0m),
                AtCapacity = new(0, 0.0m),
                OnSchedule = new(0, 0.0m),
            })));
            Assert.That(rates.YearWindow.Desks[DeskCodes.Beijing].Started.Percent, Is.Null, "no signings: nothing to divide by");
            Assert.That(rates.Projects.Select(p => p.Id), Is.EquivalentTo(new[] { "A", "B", "C", "D", "F" }.Select(n => _deals[n].Id)));
            Assert.That(rates.Projects.Single(p => p.Id == _deals["B"].Id).OnSchedule, Is.False);
            Assert.That(rates.Projects.Single(p => p.Id == _deals["F"].Id).LandHandedOver, Is.True, "a project that started has its land");
        });
    }

    [Test]
    public async Task The_quarters_own_signings()
    {
        var rates = await RatesAsync(_manager, 2);
        Assert.Multiple(() =>
        {
            Assert.That(rates.QuarterWindow.From, Is.EqualTo(D(4, 1)));
            Assert.That(Figures(rates.QuarterWindow.Total), Is.EqualTo(Figures(new FiveRatesLine
            {
                Signed = 2,
                LandHandedOver = new(1, 50.0m),
                Started = new(0, 0.0m),
                Producing = new(0, 0.0m),
                AtCapacity = new(0, 0.0m),
                OnSchedule = new(1, 50.0m),
            })));
        });
    }

    [Test]
    public async Task A_closed_quarter_counts_what_was_reached_by_its_last_day()
    {
        // Q1 to 03-31: A, B, F signed. A started 03-01 and F 03-15; nothing produced; B behind (land planned 03-01).
        // A's start was planned 03-01 and reached 03-01: on schedule. F: start planned 04-01, reached: on schedule.
        var rates = await RatesAsync(_manager, 1);
        Assert.That(Figures(rates.YearWindow.Total), Is.EqualTo(Figures(new FiveRatesLine
        {
            Signed = 3,
            LandHandedOver = new(2, 66.7m),
            Started = new(2, 66.7m),
            Producing = new(0, 0.0m),
            AtCapacity = new(0, 0.0m),
            OnSchedule = new(2, 66.7m),
        })));
    }

    [Test]
    public async Task The_started_and_producing_rates_are_the_reviews_own()
    {
        var rates = await RatesAsync(_manager, 2);
        var response = await _manager.GetAsync("/api/v1/reviews/2026/Q2");
        await response.EnsureSuccessAsync();
        var review = await response.ReadAsync<QuarterReview>();
        Assert.Multiple(() =>
        {
            Assert.That(rates.YearWindow.Total.Started.Percent, Is.EqualTo(review.Rates.StartedRatePercent));
            Assert.That(rates.YearWindow.Total.Producing.Percent, Is.EqualTo(review.Rates.ProducingRatePercent));
            Assert.That(rates.YearWindow.Total.Signed, Is.EqualTo(review.Rates.SignedThisYear));
        });
    }

    [Test]
    public async Task A_recruiter_reads_their_desk_only()
    {
        var own = await RatesAsync(_fj, 2);
        var other = await _fj.GetAsync($"/api/v1/reviews/2026/Q2/rates?desk={DeskCodes.Guangdong}");
        var badQuarter = await _manager.GetAsync("/api/v1/reviews/2026/Q5/rates");
        Assert.Multiple(() =>
        {
            Assert.That(own.Desk, Is.EqualTo(DeskCodes.Fujian));
            Assert.That(own.Projects.Select(p => p.Id), Is.EqualTo(new[] { _deals["D"].Id }));
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(badQuarter.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }
}
