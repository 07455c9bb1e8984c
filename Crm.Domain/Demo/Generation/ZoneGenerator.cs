using System.Globalization;
using System.Reflection;
using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Desks;
using Crm.Domain.Organizations;
using Crm.Domain.Referrals;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Demo.Generation;

public sealed record ZoneGeneratorOptions
{
    public int Deals { get; init; } = 10_000;
    public int Seed { get; init; } = 1;
    /// <summary>The zone's today: nothing is dated after it; follow-ups are spread around it.</summary>
    public required DateOnly Today { get; init; }
    /// <summary>Deals written per transaction.</summary>
    public int BatchDeals { get; init; } = 5_000;
}

public sealed record GeneratedUser(string Id, string Email, string Role, string? Desk);

public sealed record GeneratedZone(
    IReadOnlyList<GeneratedUser> Users, int Companies, int Contacts, int Deals, int StageChanges, int Activities, int Referrals, TimeSpan Took,
    TimeSpan Writing);

/// <summary>
/// A large zone for benchmarks: deterministic from a seed, every deal's history made by <see cref="Deal"/>'s own
/// rules (so it is as valid as one a person built), written in batches of multi-row INSERTs through the model's
/// mapping (<see cref="BulkTable{T}"/>). Goes into an empty, migrated database.
/// </summary>
public sealed class ZoneGenerator(CrmDbContext db)
{
    /// <summary>The password of every generated account.</summary>
    public const string Password = "Zone-Bench-Password-2026";

    /// <summary>
    /// Identity's V3 hash of <see cref="Password"/> (PBKDF2-SHA512, 100,000 iterations, a fixed salt): the same on
    /// every run, and no 100 ms of hashing per user.
    /// </summary>
    private const string PasswordHash = "AQAAAAIAAYagAAAAEAABAgMEBQYHCAkKCwwNDg/56Pb/KsPBnYjZTfdPwoo+1a7g93AUau4i8l9R8JYhow==";

    private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly string[] Desks = [DeskCodes.Guangdong, DeskCodes.Fujian, DeskCodes.Beijing, DeskCodes.ZoneOffice];
    private static readonly int[] DeskWeights = [28, 22, 25, 25];
    private static readonly DealStage[] StageOrder = Enum.GetValues<DealStage>();
    private static readonly int[] StageWeights = [24, 25, 20, 11, 8, 8, 4];
    private static readonly DealSource[] SourceOrder = Enum.GetValues<DealSource>();
    private static readonly int[] SourceWeights = [30, 15, 12, 12, 8, 15, 8];
    private static readonly CompanyTier[] TierOrder = Enum.GetValues<CompanyTier>();
    private static readonly int[] TierWeights = [80, 2, 3, 5, 10];
    private static readonly Segment[] SegmentOrder = Enum.GetValues<Segment>();
    private static readonly Region[] RegionOrder = Enum.GetValues<Region>();

    public async Task<GeneratedZone> GenerateAsync(ZoneGeneratorOptions options, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Deals, 1);
        if (await db.Deals.AnyAsync(ct) || await db.Companies.AnyAsync(ct) || await db.Users.AnyAsync(ct))
        {
            throw new InvalidOperationException("A zone is generated into an empty database only.");
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = new Run(new Random(options.Seed), options.Today);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var users = await CreateUsersAsync(run, options.Deals, ct);
        var organizations = await CreateOrganizationsAsync(ct);
        await Targets.TargetsSeed.SeedAsync(db, options.Today.Year, run.Now, ct);
        db.ChangeTracker.Clear();

        var tables = new Tables(db);
        var counts = new Counts();
        var connection = db.Database.GetDbConnection();
        var written = TimeSpan.Zero;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            for (var first = 0; first < options.Deals; first += options.BatchDeals)
            {
                var last = Math.Min(options.Deals, first + options.BatchDeals);
                for (var i = first; i < last; i++)
                {
                    AddDeal(run, users, organizations, tables, counts);
                }
                if (last == options.Deals)
                {
                    AddOpenReferrals(run, users, tables, counts, Math.Max(1, options.Deals / 200));
                }
                var writing = System.Diagnostics.Stopwatch.GetTimestamp();
                await using var tx = await connection.BeginTransactionAsync(ct);
                await tables.FlushAsync(connection, tx, ct);
                await tx.CommitAsync(ct);
                written += System.Diagnostics.Stopwatch.GetElapsedTime(writing);
            }
            if (db.Database.IsNpgsql())
            {
                await ResetSequencesAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new GeneratedZone(users.All, counts.Companies, counts.Contacts, counts.Deals, counts.StageChanges, counts.Activities, counts.Referrals,
            clock.Elapsed, written);
    }

    private async Task<Users> CreateUsersAsync(Run run, int deals, CancellationToken ct)
    {
        var roles = new Dictionary<string, string>();
        foreach (var name in Roles.All)
        {
            var role = await db.Roles.FirstOrDefaultAsync(r => r.Name == name, ct);
            if (role is null)
            {
                role = new IdentityRole(name) { Id = run.Guid(), NormalizedName = name.ToUpperInvariant(), ConcurrencyStamp = run.Guid() };
                db.Roles.Add(role);
            }
            roles[name] = role.Id;
        }

        var all = new List<GeneratedUser>();
        var result = new Users(all);
        void Add(string email, string display, string role, string? desk)
        {
            var user = new CrmUser
            {
                Id = run.Guid(),
                UserName = email,
                NormalizedUserName = email.ToUpperInvariant(),
                Email = email,
                NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true,
                PasswordHash = PasswordHash,
                SecurityStamp = run.Guid().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant(),
                ConcurrencyStamp = run.Guid(),
                LockoutEnabled = true,
                DisplayName = display,
                DeskCode = desk,
                Language = all.Count % 7 == 6 ? "en" : "zh-CN",
                CreatedAt = run.Now,
            };
            db.Users.Add(user);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = roles[role] });
            all.Add(new GeneratedUser(user.Id, email, role, desk));
        }

        Add("admin@zone.bench", "系统管理员", Roles.Admin, null);
        for (var m = 1; m <= 3; m++)
        {
            Add($"manager{m}@zone.bench", run.PersonName(), Roles.Manager, null);
        }
        var perDesk = Math.Max(2, deals / 4_000);
        foreach (var desk in Desks)
        {
            for (var r = 1; r <= perDesk; r++)
            {
                Add($"{desk.ToLowerInvariant()}.recruiter{r}@zone.bench", run.PersonName(), Roles.Recruiter, desk);
            }
        }
        for (var a = 1; a <= Math.Max(5, deals / 10_000); a++)
        {
            Add($"advisor{a}@zone.bench", run.PersonName(), Roles.Advisor, null);
        }
        await db.SaveChangesAsync(ct);
        return result;
    }

    private async Task<List<Organization>> CreateOrganizationsAsync(CancellationToken ct)
    {
        var organizations = DemoZone.Organizations
            .Select(o => new Organization { Name = o.Name, Kind = o.Kind, Region = o.Region, Notes = o.Notes })
            .ToList();
        foreach (var place in ZoneVocabulary.AssociationPlaces)
        {
            organizations.Add(new Organization { Name = $"{place}淮北商会", Kind = OrganizationKind.HometownAssociation, Region = Region.Other });
            organizations.Add(new Organization { Name = $"{place}食品工业协会", Kind = OrganizationKind.BusinessAssociation, Region = Region.Other });
        }
        db.Organizations.AddRange(organizations);
        await db.SaveChangesAsync(ct);
        return organizations;
    }

    private static void AddDeal(Run run, Users users, List<Organization> organizations, Tables tables, Counts counts)
    {
        var r = run.Random;
        var today = run.Today;
        var desk = run.Weighted(Desks, DeskWeights);
        var owner = users.Recruiters(desk)[r.Next(users.Recruiters(desk).Count)];
        var manager = users.Managers[r.Next(users.Managers.Count)];
        var asOwner = new CurrentUser(owner.Id, new HashSet<string> { Roles.Recruiter }, desk);
        var asManager = new CurrentUser(manager.Id, new HashSet<string> { Roles.Manager }, null);

        // The company: a new one mostly (0.85 per deal), else a second project of a known one (an expansion).
        var expansion = counts.Companies > 0 && r.NextDouble() < 0.15;
        var company = expansion ? run.Companies[r.Next(run.Companies.Count)] : NewCompany(run, desk, tables, counts);

        var target = run.Weighted(StageOrder, StageWeights);
        var signed = target.IsAfterSigning();
        var status = Pick<DealStatus>(r, signed ? [(DealStatus.Active, 93), (DealStatus.Withdrawn, 7)]
            : [(DealStatus.Active, 75), (DealStatus.Dormant, 10), (DealStatus.Lost, 15)]);
        var revived = !signed && status == DealStatus.Active && target >= DealStage.Contacted && r.NextDouble() < 0.03;
        var skipsContacted = target >= DealStage.Negotiating && r.NextDouble() < 0.1;

        var steps = new List<Step> { new(DealStage.Lead, null, 0) };
        for (var s = DealStage.Contacted; s <= target; s++)
        {
            if (s == DealStage.Contacted && skipsContacted)
            {
                continue;
            }
            steps.Add(new Step(s, null, Gap(r, s)));
            if (revived && s == DealStage.Contacted)
            {
                steps.Add(new Step(null, DealStatus.Lost, r.Next(15, 41), ZoneVocabulary.RevivedLostReason));
                steps.Add(new Step(null, DealStatus.Active, r.Next(25, 61), ZoneVocabulary.RevivedNote, ByManager: true));
            }
        }
        if (status != DealStatus.Active)
        {
            var reason = status switch
            {
                DealStatus.Lost => ZoneVocabulary.LostReasons[r.Next(ZoneVocabulary.LostReasons.Length)],
                DealStatus.Withdrawn => ZoneVocabulary.WithdrawnReason,
                _ => ZoneVocabulary.DormantReason,
            };
            steps.Add(new Step(null, status, r.Next(10, 61), reason, ByManager: status == DealStatus.Withdrawn));
        }

        // Dated backwards from the last event, recent ones more often, so no history is out of order or in the future.
        var lastOn = today.AddDays(-(int)(Math.Pow(r.NextDouble(), 1.5) * 1_100));
        var dates = new DateOnly[steps.Count];
        dates[^1] = lastOn;
        for (var i = steps.Count - 2; i >= 0; i--)
        {
            dates[i] = dates[i + 1].AddDays(-steps[i + 1].Gap);
        }

        var wan = 500L * Math.Max(2, (long)Math.Round(Math.Exp(7 + r.NextDouble() * 4.5) / 500));
        var estimated = wan * 10_000;
        var agreed = (long)Math.Round(wan * (0.8 + r.NextDouble() * 0.4) / 100) * 100 * 10_000;
        var names = run.Names[company.Id];
        var title = $"{names.Brand}{names.Product}{ZoneVocabulary.ProjectKinds[r.Next(ZoneVocabulary.ProjectKinds.Length)]}";
        if (!title.EndsWith("项目", StringComparison.Ordinal))
        {
            title += "项目";
        }

        var sequence = 0;
        var dealId = ++counts.Deals;
        var (deal, created) = Deal.Create(title, company.Id, desk, owner.Id, dates[0], owner.Id, run.At(dates[0], sequence++));
        Keys.Set(deal, nameof(Deal.Id), dealId);
        var source = run.Weighted(SourceOrder, SourceWeights);
        if (source == DealSource.EnterpriseReferral && run.Companies.Count < 2)
        {
            source = DealSource.Desk;
        }
        deal.Source = source;
        deal.Region = names.Region;
        deal.Segment = names.Segment;
        deal.IsExpansion = expansion;
        switch (source)
        {
            case DealSource.HometownAssociation or DealSource.BusinessAssociation:
                var kind = source == DealSource.HometownAssociation ? OrganizationKind.HometownAssociation : OrganizationKind.BusinessAssociation;
                var ofKind = organizations.Where(o => o.Kind == kind).ToList();
                deal.OrganizationId = ofKind[r.Next(ofKind.Count)].Id;
                break;
            case DealSource.Advisor:
                deal.AdvisorId = users.Advisors[r.Next(users.Advisors.Count)].Id;
                break;
            case DealSource.EnterpriseReferral:
                var referrer = run.Companies[r.Next(run.Companies.Count)];
                deal.ReferringCompanyId = referrer.Id == company.Id ? run.Companies[0].Id : referrer.Id;
                break;
        }
        if (target < DealStage.Negotiating && r.NextDouble() < 0.85)
        {
            // Before negotiation the figure is the investor's first word; from Negotiating on the move records it.
            deal.EstimatedInvestmentYuan = estimated;
        }
        if (target >= DealStage.Negotiating || r.NextDouble() < 0.5)
        {
            deal.LandMu = Math.Max(5m, Math.Round(wan / (decimal)r.Next(200, 351) * 2) / 2);
            deal.JobsExpected = Math.Max(20, (int)Math.Round(wan / (double)r.Next(60, 151) / 10) * 10);
        }
        var history = new List<StageChange> { created };
        var activities = new List<(DateOnly On, ActivityType Type, string Summary, string ById, bool Closes)>();
        for (var i = 1; i < steps.Count; i++)
        {
            var step = steps[i];
            var by = step.ByManager ? asManager : asOwner;
            var at = run.At(dates[i], sequence++);
            if (step.Stage is { } stage)
            {
                var plannedStart = dates[i].AddDays(r.Next(30, 91));
                var move = new StageMove
                {
                    Stage = stage,
                    EffectiveOn = dates[i],
                    EstimatedInvestmentYuan = stage == DealStage.Negotiating ? estimated : null,
                    AgreedInvestmentYuan = stage == DealStage.Signed ? agreed : null,
                    PlannedStartOn = stage == DealStage.Signed ? plannedStart : null,
                    PlannedProductionOn = stage == DealStage.Signed ? plannedStart.AddDays(r.Next(180, 366)) : null,
                };
                history.Add(deal.MoveTo(move, by, today, at));
                var (type, summary) = ZoneVocabulary.ForStage(stage, names.Short);
                activities.Add((dates[i], type, summary, by.Id, false));
            }
            else
            {
                var change = new StatusChange { Status = step.Status!.Value, EffectiveOn = dates[i], Reason = step.Note };
                history.Add(deal.ChangeStatus(change, by, today, at));
                var closes = step.Status is DealStatus.Lost or DealStatus.Withdrawn;
                // At Lead a real contact would have moved the deal on (Deal.RecordContact): there it is a note on file.
                var type = target == DealStage.Lead ? ActivityType.Document : closes ? ActivityType.Meeting : ActivityType.Call;
                activities.Add((dates[i], type, $"与{names.Short}沟通：{step.Note}", by.Id, closes));
            }
        }

        // About five contacts a deal: the moves' own, then follow-ups between the lead and the last event (or today).
        var wanted = r.Next(2, 9);
        var until = deal.Status == DealStatus.Active ? today : lastOn;
        while (activities.Count < wanted)
        {
            var on = DateOnly.FromDayNumber(r.Next(dates[0].DayNumber, until.DayNumber + 1));
            var (type, format) = target == DealStage.Lead
                ? (ActivityType.Document, ZoneVocabulary.LeadDocuments[r.Next(ZoneVocabulary.LeadDocuments.Length)])
                : on >= (deal.SignedOn ?? DateOnly.MaxValue)
                    ? ZoneVocabulary.AfterSigning[r.Next(ZoneVocabulary.AfterSigning.Length)]
                    : ZoneVocabulary.BeforeSigning[r.Next(ZoneVocabulary.BeforeSigning.Length)];
            // A real contact before the deal left Lead would have moved it (Deal.RecordContact): those are documents.
            if (target > DealStage.Lead && steps.Count > 1 && on < dates[1])
            {
                type = ActivityType.Document;
                format = ZoneVocabulary.LeadDocuments[r.Next(ZoneVocabulary.LeadDocuments.Length)];
            }
            activities.Add((on, type, string.Format(CultureInfo.InvariantCulture, format, names.Short), owner.Id, false));
        }
        activities.Sort((a, b) => a.On.CompareTo(b.On));

        var latest = activities[^1].On;
        deal.NextFollowUpOn = deal.Status switch
        {
            DealStatus.Dormant => today.AddDays(r.Next(45, 121)),
            DealStatus.Active when r.NextDouble() < 0.9 => NextFollowUp(r, today, latest),
            _ => null,
        };
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            DateOnly? agreedNext = a.Closes ? null
                : i + 1 < activities.Count ? (activities[i + 1].On > a.On ? activities[i + 1].On : null)
                : deal.NextFollowUpOn;
            tables.Activities.Add(new Activity
            {
                Id = ++counts.Activities,
                DealId = dealId,
                Type = a.Type,
                OccurredOn = a.On,
                Summary = a.Summary,
                NextFollowUpOn = agreedNext,
                ById = a.ById,
                RecordedAt = run.At(a.On, sequence++),
            });
        }
        deal.LastActivityOn = latest;
        var tags = new List<string>();
        if (ZoneVocabulary.TierTag(company.Tier) is { Length: > 0 } tierTag)
        {
            tags.Add(tierTag);
        }
        if ((signed ? agreed : estimated) >= 500_000_000)
        {
            tags.Add("5亿元以上");
        }
        if (expansion)
        {
            tags.Add("扩建");
        }
        deal.Tags = tags;
        deal.Notes = r.NextDouble() < 0.2 ? $"{ZoneVocabulary.Segments[names.Segment].Trade}项目，{names.City}企业。" : null;
        deal.Touch(run.At(DateOnly.FromDayNumber(Math.Max(lastOn.DayNumber, latest.DayNumber)), sequence));
        tables.Deals.Add(deal);

        foreach (var change in history)
        {
            Keys.Set(change, nameof(StageChange.Id), (long)++counts.StageChanges);
            Keys.Set(change, nameof(StageChange.DealId), dealId);
            tables.StageChanges.Add(change);
        }

        if (source == DealSource.Advisor)
        {
            // The advisor's referral that became this deal, accepted by a manager on the lead date.
            var referral = new Referral
            {
                Id = ++counts.Referrals,
                CompanyName = company.Name,
                ContactName = run.PersonName(),
                ContactPhone = run.Phone(),
                Region = deal.Region,
                Segment = deal.Segment,
                EstimatedInvestmentYuan = estimated,
                SubmittedById = deal.AdvisorId!,
                CreatedAt = run.At(dates[0].AddDays(-r.Next(1, 8)), 0),
            };
            referral.Accept(dealId, manager.Id, run.At(dates[0], 0));
            tables.Referrals.Add(referral);
        }
    }

    /// <summary>Follow-ups spread so that a day's reminder run (due by tomorrow, overdue included) meets ~15 % of the active deals.</summary>
    private static DateOnly NextFollowUp(Random r, DateOnly today, DateOnly latest)
    {
        var roll = r.NextDouble();
        var on = roll switch
        {
            < 0.17 => today.AddDays(-r.Next(1, 61)),
            < 0.185 => today,
            < 0.2 => today.AddDays(1),
            _ => today.AddDays(r.Next(2, 91)),
        };
        return on > latest ? on : latest.AddDays(1);
    }

    private static void AddOpenReferrals(Run run, Users users, Tables tables, Counts counts, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var segment = SegmentOrder[run.Random.Next(SegmentOrder.Length)];
            var region = RegionOrder[run.Random.Next(RegionOrder.Length)];
            var (city, _) = ZoneVocabulary.Cities[region][run.Random.Next(ZoneVocabulary.Cities[region].Length)];
            var created = run.At(run.Today.AddDays(-run.Random.Next(0, 30)), 0);
            tables.Referrals.Add(new Referral
            {
                Id = ++counts.Referrals,
                CompanyName = $"{city}{run.Brand()}{ZoneVocabulary.Segments[segment].Trade}有限公司",
                ContactName = run.PersonName(),
                ContactPhone = run.Phone(),
                Region = region,
                Segment = segment,
                EstimatedInvestmentYuan = 10_000L * 500 * run.Random.Next(2, 100),
                SubmittedById = users.Advisors[run.Random.Next(users.Advisors.Count)].Id,
                CreatedAt = created,
                UpdatedAt = created,
            });
        }
    }

    private static Company NewCompany(Run run, string desk, Tables tables, Counts counts)
    {
        var r = run.Random;
        var region = r.NextDouble() < 0.8 ? ZoneVocabulary.DeskRegions[desk] : RegionOrder[r.Next(RegionOrder.Length)];
        var (city, area) = ZoneVocabulary.Cities[region][r.Next(ZoneVocabulary.Cities[region].Length)];
        var segment = SegmentOrder[r.Next(SegmentOrder.Length)];
        var (trade, products) = ZoneVocabulary.Segments[segment];
        var brand = run.Brand();
        var tier = run.Weighted(TierOrder, TierWeights);
        var form = tier is CompanyTier.Listed ? "股份有限公司" : ZoneVocabulary.LegalForms[r.Next(ZoneVocabulary.LegalForms.Length)];
        var created = run.At(run.Today.AddDays(-r.Next(0, 1_500)), 0);
        var company = new Company
        {
            Id = ++counts.Companies,
            Name = $"{city}{brand}{trade}{form}",
            CreditCode = r.NextDouble() < 0.3 ? run.CreditCode(area) : null,
            Tier = tier,
            CreatedAt = created,
            UpdatedAt = created,
        };
        tables.Companies.Add(company);
        var contacts = r.Next(1, 4);
        for (var i = 0; i < contacts; i++)
        {
            var phone = run.Phone();
            tables.Contacts.Add(new Contact
            {
                Id = ++counts.Contacts,
                CompanyId = company.Id,
                Name = run.PersonName(),
                Title = i == 0 ? ZoneVocabulary.ContactTitles[r.Next(0, 4)] : ZoneVocabulary.ContactTitles[r.Next(3, ZoneVocabulary.ContactTitles.Length)],
                Phone = phone,
                WeChat = r.NextDouble() < 0.5 ? phone : null,
            });
        }
        run.Companies.Add(company);
        run.Names[company.Id] = new CompanyWords(brand, products[r.Next(products.Length)], city, region, segment);
        return company;
    }

    private static int Gap(Random r, DealStage stage) => stage switch
    {
        DealStage.Contacted => r.Next(4, 26),
        DealStage.Negotiating => r.Next(12, 51),
        DealStage.Signed => r.Next(15, 71),
        DealStage.Started => r.Next(20, 76),
        DealStage.Producing => r.Next(90, 201),
        _ => r.Next(60, 181),
    };

    private static T Pick<T>(Random r, (T Value, int Weight)[] options)
    {
        var roll = r.Next(options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }
        return options[^1].Value;
    }

    /// <summary>PostgreSQL's identity sequences do not move when keys are written: they start after the generated rows.</summary>
    private async Task ResetSequencesAsync(CancellationToken ct)
    {
        foreach (var table in new[] { "Companies", "Contacts", "Deals", "StageChanges", "Activities", "Referrals", "Organizations", "QuarterTargets" })
        {
#pragma warning disable EF1002 // Table names are the model's own constants, not input.
            await db.Database.ExecuteSqlRawAsync(
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'Id'), GREATEST((SELECT MAX(\"Id\") FROM \"{table}\"), 1))", ct);
#pragma warning restore EF1002
        }
    }

    private sealed record Step(DealStage? Stage, DealStatus? Status, int Gap, string? Note = null, bool ByManager = false);

    private sealed record CompanyWords(string Brand, string Product, string City, Region Region, Segment Segment)
    {
        public string Short => Brand + Product[..Math.Min(2, Product.Length)];
    }

    private sealed class Counts
    {
        public int Companies;
        public int Contacts;
        public int Deals;
        public int StageChanges;
        public int Activities;
        public int Referrals;
    }

    private sealed class Users(List<GeneratedUser> all)
    {
        private Dictionary<string, List<GeneratedUser>>? _recruiters;

        public List<GeneratedUser> All { get; } = all;
        public List<GeneratedUser> Managers => field ??= [.. All.Where(u => u.Role == Roles.Manager)];
        public List<GeneratedUser> Advisors => field ??= [.. All.Where(u => u.Role == Roles.Advisor)];

        public List<GeneratedUser> Recruiters(string desk) =>
            (_recruiters ??= All.Where(u => u.Role == Roles.Recruiter).GroupBy(u => u.Desk!).ToDictionary(g => g.Key, g => g.ToList()))[desk];
    }

    private sealed class Tables(CrmDbContext db)
    {
        public BulkTable<Company> Companies { get; } = new(db);
        public BulkTable<Contact> Contacts { get; } = new(db);
        public BulkTable<Deal> Deals { get; } = new(db);
        public BulkTable<Referral> Referrals { get; } = new(db);
        public BulkTable<StageChange> StageChanges { get; } = new(db);
        public BulkTable<Activity> Activities { get; } = new(db);

        /// <summary>In the order of the foreign keys.</summary>
        public async Task FlushAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, CancellationToken ct)
        {
            await Companies.FlushAsync(connection, tx, ct);
            await Contacts.FlushAsync(connection, tx, ct);
            await Deals.FlushAsync(connection, tx, ct);
            await Referrals.FlushAsync(connection, tx, ct);
            await StageChanges.FlushAsync(connection, tx, ct);
            await Activities.FlushAsync(connection, tx, ct);
        }
    }

    /// <summary>Keys the domain leaves to the database (and the history rows' deal id, known only once the deal has one).</summary>
    private static class Keys
    {
        public static void Set<TEntity, TValue>(TEntity entity, string property, TValue value)
            where TEntity : class =>
            typeof(TEntity).GetField($"<{property}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(entity, value);
    }

    private sealed class Run(Random random, DateOnly today)
    {
        public Random Random { get; } = random;
        public DateOnly Today { get; } = today;
        public DateTime Now { get; } = ZoneTime.StartOfZoneDateUtc(today).AddHours(18);
        public List<Company> Companies { get; } = [];
        public Dictionary<int, CompanyWords> Names { get; } = [];
        private readonly HashSet<string> _creditCodes = [];

        /// <summary>The instant an event of a business date was recorded: that morning, in order, never after now.</summary>
        public DateTime At(DateOnly date, int sequence)
        {
            var at = ZoneTime.StartOfZoneDateUtc(date).AddHours(9).AddMinutes(sequence * 7);
            return at > Now ? Now : at;
        }

        public T Weighted<T>(T[] values, int[] weights)
        {
            var roll = Random.Next(weights.Sum());
            for (var i = 0; i < values.Length; i++)
            {
                if ((roll -= weights[i]) < 0)
                {
                    return values[i];
                }
            }
            return values[^1];
        }

        public string Guid()
        {
            var bytes = new byte[16];
            Random.NextBytes(bytes);
            return new System.Guid(bytes).ToString();
        }

        public string PersonName() =>
            ZoneVocabulary.Surnames[Random.Next(ZoneVocabulary.Surnames.Length)] + ZoneVocabulary.GivenNames[Random.Next(ZoneVocabulary.GivenNames.Length)];

        public string Phone() =>
            $"1{ZoneVocabulary.PhonePrefixes[Random.Next(ZoneVocabulary.PhonePrefixes.Length)]}{Random.Next(10_000_000, 100_000_000)}";

        public string Brand()
        {
            // The demo zone's own brands now and then, else two syllables.
            if (Random.NextDouble() < 0.05)
            {
                var demo = DemoZone.Companies[Random.Next(DemoZone.Companies.Length)].Key;
                if (demo.Length <= 3)
                {
                    return demo;
                }
            }
            var s = ZoneVocabulary.BrandSyllables;
            return s[Random.Next(s.Length)] + s[Random.Next(s.Length)];
        }

        /// <summary>A made-up but valid and unused unified social credit code (企业, registered in <paramref name="areaCode"/>).</summary>
        public string? CreditCode(string areaCode)
        {
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var body = "91" + areaCode + new string([.. Enumerable.Range(0, 9).Select(_ => CodeAlphabet[Random.Next(CodeAlphabet.Length)])]);
                var code = CodeAlphabet.Select(c => body + c).Single(Crm.Domain.Companies.CreditCode.IsValid);
                if (_creditCodes.Add(code))
                {
                    return code;
                }
            }
            return null;
        }
    }
}
