using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Demo.Generation;
using Crm.Domain.Desks;
using Crm.Domain.Reviews;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Tests.Demo;

/// <summary>The benchmark zone: deterministic, valid by the pipeline's own rules, complete, and readable by the product.</summary>
[NonParallelizable]
public sealed class ZoneGeneratorTests
{
    private const int Deals = 2_000;
    private const int Seed = 7;

    private static CrmApp _first = default!;
    private static CrmApp _second = default!;
    private static GeneratedZone _zone = default!;

    [OneTimeSetUp]
    public static async Task GenerateTwiceAsync()
    {
        _first = new CrmApp(TestClock.AtNoon());
        _second = new CrmApp(TestClock.AtNoon());
        _zone = await GenerateAsync(_first);
        await GenerateAsync(_second);
    }

    [OneTimeTearDown]
    public static void Dispose()
    {
        _first?.Dispose();
        _second?.Dispose();
    }

    [Test]
    public async Task The_same_seed_generates_the_same_zone()
    {
        var first = await DumpAsync(_first);
        var second = await DumpAsync(_second);
        Assert.That(second, Has.Length.EqualTo(first.Length));
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public async Task Sizes_are_those_asked_for()
    {
        var counts = await _first.WithDbAsync(async db => (
            Deals: await db.Deals.CountAsync(), Companies: await db.Companies.CountAsync(), Changes: await db.StageChanges.CountAsync(),
            Activities: await db.Activities.CountAsync(), Contacts: await db.Contacts.CountAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(counts.Deals, Is.EqualTo(Deals));
            Assert.That(counts.Companies, Is.InRange(Deals * 0.8, Deals * 0.9), "about 0.85 companies a deal");
            Assert.That(counts.Changes, Is.InRange(Deals * 2.5, Deals * 3.7), "about three history rows a deal");
            Assert.That(counts.Activities, Is.InRange(Deals * 4.5, Deals * 5.5), "about five activities a deal");
            Assert.That(counts.Contacts, Is.GreaterThan(counts.Companies));
            Assert.That(_zone.Deals, Is.EqualTo(Deals));
        });
    }

    [Test]
    public async Task Every_deal_replays_through_the_pipeline_rules_to_its_stored_state()
    {
        var today = TestClock.Today;
        var manager = new CurrentUser("replay", new HashSet<string> { Roles.Manager }, null);
        var (deals, history) = await _first.WithDbAsync(async db => (
            await db.Deals.AsNoTracking().OrderBy(d => d.Id).ToListAsync(),
            (await db.StageChanges.AsNoTracking().OrderBy(s => s.Id).ToListAsync()).ToLookup(s => s.DealId)));
        var problems = new List<string>();
        foreach (var stored in deals)
        {
            var rows = history[stored.Id].ToList();
            if (rows.Count == 0 || rows[0].FromStage is not null || rows[0].ToStage != DealStage.Lead)
            {
                problems.Add($"deal {stored.Id}: no creation row");
                continue;
            }
            var (replay, _) = Deal.Create(stored.Title, stored.CompanyId, stored.DeskCode, stored.OwnerId, rows[0].EffectiveOn, stored.OwnerId, DateTime.UtcNow);
            foreach (var row in rows.Skip(1))
            {
                var violation = row.FromStage != row.ToStage ? Move(replay, row, stored, manager, today) : Status(replay, row, manager, today);
                if (violation is not null)
                {
                    problems.Add($"deal {stored.Id}: {row.FromStage}/{row.FromStatus} → {row.ToStage}/{row.ToStatus} on {row.EffectiveOn}: {violation}");
                    break;
                }
            }
            replay.EstimatedInvestmentYuan = stored.EstimatedInvestmentYuan;
            replay.Touch(DateTime.UtcNow);
            var expected = (stored.Stage, stored.Status, stored.LeadOn, stored.LastMoveOn, stored.SignedOn, stored.StartedOn, stored.ProducingOn, stored.AtCapacityOn, stored.InvestmentYuan);
            var actual = (replay.Stage, replay.Status, replay.LeadOn, replay.LastMoveOn, replay.SignedOn, replay.StartedOn, replay.ProducingOn, replay.AtCapacityOn, replay.InvestmentYuan);
            if (expected != actual)
            {
                problems.Add($"deal {stored.Id}: stored {expected}, replayed {actual}");
            }
            if (stored.LastActivityOn > today || stored.LastMoveOn > today)
            {
                problems.Add($"deal {stored.Id}: dated after today");
            }
        }
        Assert.That(problems, Is.Empty, string.Join("\n", problems.Take(10)));
    }

    [Test]
    public async Task StageEntries_reads_the_milestone_dates_the_deals_carry()
    {
        var mismatches = await _first.WithDbAsync(async db =>
        {
            var signed = await db.StageChanges.FirstEntries(DealStage.Signed).ToDictionaryAsync(e => e.DealId, e => e.On);
            var started = await db.StageChanges.FirstEntries(DealStage.Started).ToDictionaryAsync(e => e.DealId, e => e.On);
            var deals = await db.Deals.AsNoTracking().Select(d => new { d.Id, d.SignedOn, d.StartedOn }).ToListAsync();
            return deals.Count(d => Entry(signed, d.Id) != d.SignedOn || Entry(started, d.Id) != d.StartedOn);
        });
        Assert.That(mismatches, Is.Zero);
    }

    [Test]
    public async Task Every_desk_source_stage_status_and_tier_appears()
    {
        var seen = await _first.WithDbAsync(async db => (
            Desks: await db.Deals.Select(d => d.DeskCode).Distinct().ToListAsync(),
            Sources: await db.Deals.Select(d => d.Source).Distinct().ToListAsync(),
            Stages: await db.Deals.Select(d => d.Stage).Distinct().ToListAsync(),
            Statuses: await db.Deals.Select(d => d.Status).Distinct().ToListAsync(),
            Tiers: await db.Companies.Select(c => c.Tier).Distinct().ToListAsync(),
            Advised: await db.Deals.CountAsync(d => d.AdvisorId != null),
            Organized: await db.Deals.CountAsync(d => d.OrganizationId != null),
            Referred: await db.Deals.CountAsync(d => d.ReferringCompanyId != null),
            Referrals: await db.Referrals.CountAsync()));
        Assert.Multiple(() =>
        {
            Assert.That(seen.Desks, Is.EquivalentTo(new[] { DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice }));
            Assert.That(seen.Sources, Is.EquivalentTo(Enum.GetValues<DealSource>()));
            Assert.That(seen.Stages, Is.EquivalentTo(Enum.GetValues<DealStage>()));
            Assert.That(seen.Statuses, Is.EquivalentTo(Enum.GetValues<DealStatus>()));
            Assert.That(seen.Tiers, Is.EquivalentTo(Enum.GetValues<CompanyTier>()));
            Assert.That(seen.Advised, Is.Positive);
            Assert.That(seen.Organized, Is.Positive);
            Assert.That(seen.Referred, Is.Positive);
            Assert.That(seen.Referrals, Is.GreaterThan(seen.Advised), "an accepted referral behind each advisor's deal, and open ones");
        });
    }

    [Test]
    public async Task A_deal_at_lead_has_only_documents_on_file()
    {
        var contacts = await _first.WithDbAsync(db => db.Activities
            .CountAsync(a => a.Deal!.Stage == DealStage.Lead && a.Type != ActivityType.Document));
        Assert.That(contacts, Is.Zero, "a real contact would have moved the deal to Contacted (Deal.RecordContact)");
    }

    [Test]
    public async Task A_day_of_reminders_meets_about_a_sixth_of_the_active_deals()
    {
        var tomorrow = TestClock.Today.AddDays(1);
        var (due, active) = await _first.WithDbAsync(async db => (
            await db.Deals.CountAsync(d => d.Status == DealStatus.Active && d.NextFollowUpOn != null && d.NextFollowUpOn <= tomorrow),
            await db.Deals.CountAsync(d => d.Status == DealStatus.Active)));
        Assert.That(due, Is.InRange(active * 0.1, active * 0.25));
    }

    [Test]
    public async Task The_products_list_and_review_read_the_zone()
    {
        await using var scope = _first.Services.CreateAsyncScope();
        var manager = new CurrentUser("replay", new HashSet<string> { Roles.Manager }, null);
        var period = QuarterPeriod.Of(TestClock.Today);
        var review = await scope.ServiceProvider.GetRequiredService<ReviewService>().GetAsync(manager, period.Year, period.Quarter, null, ReviewLists.All, CancellationToken.None);
        var list = await scope.ServiceProvider.GetRequiredService<DealService>()
            .ListAsync(manager, new DealFilter { Status = [DealStatus.Active], Sort = "followUp", PageSize = 100 }, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(review, Is.InstanceOf<ServiceResult<QuarterReview>.Ok>());
            var flows = ((ServiceResult<QuarterReview>.Ok)review).Value.Flows;
            Assert.That(flows.Sum(f => f.Deals), Is.Positive, "the running quarter has moves");
            Assert.That(list, Is.InstanceOf<ServiceResult<DealPage>.Ok>());
            Assert.That(((ServiceResult<DealPage>.Ok)list).Value.Items, Has.Count.EqualTo(100));
        });
    }

    [Test]
    public async Task A_generated_manager_signs_in_with_the_generated_password()
    {
        var client = _first.CreateClient();
        var manager = _zone.Users.First(u => u.Role == Roles.Manager);
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email = manager.Email, password = ZoneGenerator.Password });
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    private static DateOnly? Entry(Dictionary<int, DateOnly> entries, int dealId) => entries.TryGetValue(dealId, out var on) ? on : null;

    private static async Task<GeneratedZone> GenerateAsync(CrmApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await new ZoneGenerator(db).GenerateAsync(
            new ZoneGeneratorOptions { Deals = Deals, Seed = Seed, Today = TestClock.Today, BatchDeals = 700 }, CancellationToken.None);
    }

    private static string? Move(Deal replay, StageChange row, Deal stored, CurrentUser by, DateOnly today)
    {
        var move = new StageMove
        {
            Stage = row.ToStage,
            EffectiveOn = row.EffectiveOn,
            Note = row.Note,
            EstimatedInvestmentYuan = stored.EstimatedInvestmentYuan,
            AgreedInvestmentYuan = stored.AgreedInvestmentYuan,
            PlannedStartOn = stored.PlannedStartOn,
            PlannedProductionOn = stored.PlannedProductionOn,
        };
        if (replay.CheckMove(move, by, today) is { } violation)
        {
            return violation.ToString();
        }
        replay.MoveTo(move, by, today, DateTime.UtcNow);
        return null;
    }

    private static string? Status(Deal replay, StageChange row, CurrentUser by, DateOnly today)
    {
        var change = new StatusChange { Status = row.ToStatus, EffectiveOn = row.EffectiveOn, Reason = row.Note };
        if (replay.CheckStatusChange(change, by, today) is { } violation)
        {
            return violation.ToString();
        }
        replay.ChangeStatus(change, by, today, DateTime.UtcNow);
        return null;
    }

    /// <summary>Every generated row, in key order, as text: two zones are the same when their dumps are.</summary>
    private static Task<string> DumpAsync(CrmApp app) => app.WithDbAsync(async db =>
    {
        var text = new StringBuilder();
        void Add<T>(IEnumerable<T> rows)
        {
            foreach (var row in rows)
            {
                text.AppendLine(JsonSerializer.Serialize(row, CrmApp.Json));
            }
        }
        Add(await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => new { u.Id, u.Email, u.DisplayName, u.DeskCode, u.Language }).ToListAsync());
        Add(await db.Companies.AsNoTracking().OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.CreditCode, c.Tier, c.CreatedAt }).ToListAsync());
        Add(await db.Contacts.AsNoTracking().OrderBy(c => c.Id).ToListAsync());
        Add(await db.Deals.AsNoTracking().OrderBy(d => d.Id).Select(d => new
        {
            d.Id,
            d.Title,
            d.CompanyId,
            d.Stage,
            d.Status,
            d.StatusReason,
            d.Source,
            d.OrganizationId,
            d.AdvisorId,
            d.ReferringCompanyId,
            d.DeskCode,
            d.OwnerId,
            d.Region,
            d.Segment,
            d.IsExpansion,
            d.EstimatedInvestmentYuan,
            d.AgreedInvestmentYuan,
            d.InvestmentYuan,
            d.LandMu,
            d.JobsExpected,
            d.NextFollowUpOn,
            d.PlannedStartOn,
            d.PlannedProductionOn,
            d.LeadOn,
            d.SignedOn,
            d.StartedOn,
            d.ProducingOn,
            d.AtCapacityOn,
            d.LastActivityOn,
            d.Tags,
            d.Notes,
            d.CreatedAt,
            d.UpdatedAt,
        }).ToListAsync());
        Add(await db.StageChanges.AsNoTracking().OrderBy(s => s.Id).Select(s => new { s.Id, s.DealId, s.FromStage, s.ToStage, s.FromStatus, s.ToStatus, s.EffectiveOn, s.RecordedAt, s.ById, s.Note }).ToListAsync());
        Add(await db.Activities.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Id, a.DealId, a.Type, a.OccurredOn, a.Summary, a.NextFollowUpOn, a.ById, a.RecordedAt }).ToListAsync());
        Add(await db.Referrals.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, r.CompanyName, r.Status, r.DealId, r.SubmittedById, r.CreatedAt }).ToListAsync());
        return text.ToString();
    });
}
