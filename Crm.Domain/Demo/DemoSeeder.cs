using Crm.Domain.Activities;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Organizations;
using Crm.Domain.Targets;
using Crm.Domain.Users;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Domain.Demo;

/// <summary>
/// Seeds the demo zone of the 2014 work plan (DESIGN.md §4) into an empty database: its users, associations,
/// companies and ~60 deals whose histories run through <see cref="Deal"/>'s own rules, dated relative to the
/// zone's today so that every quarter so far, the reminders and the board have content.
/// </summary>
public sealed class DemoSeeder(CrmDbContext db, UserManager<CrmUser> users, TimeProvider time, ILogger<DemoSeeder> logger)
{
    /// <summary>The password of every demo account (README lists the accounts).</summary>
    public const string DemoPassword = "Huaibei-Food-Zone-2014";

    /// <summary>A fixed seed, so the demo zone (and its screenshots) are the same on every machine and day.</summary>
    private const int RandomSeed = 2014;

    private const string RevivedLostReason = "企业计划转投河南新厂，暂不考虑来区投资";
    private const string RevivedNote = "企业重新表达投资意向，经分管领导同意重启洽谈";

    private static readonly string[] Surnames = ["张", "王", "李", "赵", "刘", "陈", "杨", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "郑", "谢", "宋"];
    private static readonly string[] GivenNames = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "秀兰", "霞", "刚", "建华", "志刚", "海燕", "国庆", "晓东", "文博", "振宇", "雪梅", "立新"];
    private static readonly string[] ContactTitles = ["董事长", "总经理", "副总经理", "投资发展部总监", "项目经理", "行政总监", "财务总监", "战略投资部经理"];
    private static readonly string[] PhonePrefixes = ["38", "39", "37", "36", "35", "58", "59", "86", "88", "89"];

    public async Task SeedAsync(CancellationToken ct)
    {
        // Only into an empty database: a zone that has users or deals of its own is never touched.
        if (await db.Users.AnyAsync(ct) || await db.Deals.AnyAsync(ct) || await db.Companies.AnyAsync(ct))
        {
            logger.LogInformation("Demo zone not seeded: the database already has users or deals.");
            return;
        }

        var seeding = new Seeding(new Random(RandomSeed), time.ZoneToday(), time.UtcNow());
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var people = await CreateUsersAsync(seeding.Now);
        var organizations = DemoZone.Organizations.ToDictionary(o => o.Key, o => new Organization
        {
            Name = o.Name,
            Kind = o.Kind,
            Region = o.Region,
            Notes = o.Notes,
        });
        db.Organizations.AddRange(organizations.Values);
        db.Departments.AddRange(DemoZone.Departments.Select(d => new Departments.Department
        {
            Code = d.Code,
            Name = d.Name,
            NameEn = d.NameEn,
            SortOrder = d.SortOrder,
        }));

        var plans = DemoZone.Deals.Select(seeding.Plan).ToList();
        var companies = CreateCompanies(seeding, plans);
        await db.SaveChangesAsync(ct);

        var manager = people["manager@zone.demo"];
        var followUps = 0;
        var deskTurns = new Dictionary<string, int>();
        foreach (var plan in plans)
        {
            var recruiters = DemoZone.Users.Where(u => u.Role == Roles.Recruiter && u.Desk == plan.Spec.Desk).ToList();
            var turn = deskTurns.GetValueOrDefault(plan.Spec.Desk);
            deskTurns[plan.Spec.Desk] = turn + 1;
            var owner = people[recruiters[turn % recruiters.Count].Email];
            AddDeal(seeding, plan, companies, organizations, people, owner, manager, ref followUps);
            // One deal per save keeps each deal's history rows in the order they were made.
            await db.SaveChangesAsync(ct);
        }

        // The plan's annual targets, mapped onto this year, so the review and the ten-day assessment have a yardstick.
        await Targets.TargetsSeed.SeedAsync(db, seeding.Today.Year, seeding.Now, ct);
        await SeedPlanAsync(seeding, manager, ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Demo zone seeded: {Users} users, {Companies} companies, {Deals} deals.",
            people.Count, companies.Count, plans.Count);
    }

    /// <summary>The year's plan: the work plan's goal targets and its key-project lists, entered by the manager.</summary>
    private async Task SeedPlanAsync(Seeding seeding, CrmUser manager, CancellationToken ct)
    {
        var year = seeding.Today.Year;
        db.AnnualGoals.AddRange(Plans.PlanSeed.GoalTargets.Select(g => new Plans.AnnualGoal
        {
            Year = year,
            Goal = g.Key,
            Target = g.Value,
            UpdatedAt = seeding.Now,
            UpdatedById = manager.Id,
        }));
        await SeedCareAndScaleAsync(seeding, manager, ct);
        await SeedApprovalsAsync(seeding, ct);
        var tagged = await db.Deals.AsNoTracking().OrderBy(d => d.Id).Select(d => new { d.Id, d.Tags }).ToListAsync(ct);
        foreach (var spec in DemoZone.KeyLists)
        {
            db.KeyProjectLists.Add(new Plans.KeyProjectList
            {
                Year = year,
                Name = spec.Name,
                Aim = spec.Aim,
                DueOn = new QuarterPeriod(year, spec.DueQuarter).End,
                CreatedAt = seeding.Now,
                CreatedById = manager.Id,
                Entries = [.. tagged.Where(d => d.Tags.Contains(spec.Tag)).Select(d => new Plans.KeyProjectEntry
                {
                    DealId = d.Id,
                    AddedAt = seeding.Now,
                    AddedById = manager.Id,
                })],
            });
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task<Dictionary<string, CrmUser>> CreateUsersAsync(DateTime now)
    {
        var created = new Dictionary<string, CrmUser>();
        // Every demo user has the one demo password: hashed once (a hash is deliberately slow, ~50 ms, and a salted one
        // verifies for any user) instead of once per user at every first start.
        string? hash = null;
        foreach (var demo in DemoZone.Users)
        {
            var user = new CrmUser
            {
                UserName = demo.Email,
                Email = demo.Email,
                EmailConfirmed = true,
                DisplayName = demo.DisplayName,
                DeskCode = demo.Desk,
                Language = demo.Language,
                CreatedAt = now,
            };
            user.PasswordHash = hash ??= users.PasswordHasher.HashPassword(user, DemoPassword);
            Check(await users.CreateAsync(user), demo.Email);
            Check(await users.AddToRoleAsync(user, demo.Role), demo.Email);
            created[demo.Email] = user;
        }
        return created;
    }

    /// <summary>
    /// 包保 and 规上 (docs/decisions/0024-project-care-and-scale.md): every active signed project gets the manager as its
    /// leader (包保领导) and its owner as officer (帮办专员), a visit every 7 days from its signing; the first few producing
    /// companies became 规模以上 this year, a month after they started producing (or on 1 January).
    /// </summary>
    private async Task SeedCareAndScaleAsync(Seeding seeding, CrmUser manager, CancellationToken ct)
    {
        var today = seeding.Today;
        var signed = await db.Deals.AsNoTracking()
            .Where(d => d.Status == DealStatus.Active && Care.CareVisits.CaredStages.Contains(d.Stage))
            .OrderBy(d => d.Id).Select(d => new { d.Id, d.OwnerId, d.SignedOn, d.ProducingOn, d.CompanyId }).ToListAsync(ct);
        db.CareAssignments.AddRange(signed.Select(d => new Care.CareAssignment
        {
            DealId = d.Id,
            LeaderId = manager.Id,
            OfficerId = d.OwnerId,
            AssignedOn = d.SignedOn ?? today,
            CreatedAt = seeding.Now,
            UpdatedAt = seeding.Now,
        }));
        var yearStart = new DateOnly(today.Year, 1, 1);
        var producing = signed.Where(d => d.ProducingOn is not null).DistinctBy(d => d.CompanyId).Take(4).ToList();
        var companyIds = producing.Select(d => d.CompanyId).ToList();
        var scaled = await db.Companies.Where(c => companyIds.Contains(c.Id)).ToListAsync(ct);
        foreach (var company in scaled)
        {
            var on = producing.First(d => d.CompanyId == company.Id).ProducingOn!.Value.AddDays(30);
            company.ScaleSince = on < yearStart ? yearStart : on > today ? today : on;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// 手续办理 (docs/decisions/0026-approval-checklists.md): the built-in food-plant template, applied to the first active
    /// started project (its approvals up to 开工 granted after the signing) and the first active signed one (its land
    /// approvals granted, the planning permit in progress).
    /// </summary>
    private async Task SeedApprovalsAsync(Seeding seeding, CancellationToken ct)
    {
        var template = Approvals.FoodPlantTemplate.Build(DemoZone.Departments.Select(d => d.Code).ToHashSet(), 1);
        db.ApprovalTemplates.Add(template);
        var projects = new List<(int Id, DateOnly SignedOn, Schedules.MilestoneKind DoneBefore)>();
        foreach (var stage in new[] { DealStage.Started, DealStage.Signed })
        {
            var deal = await db.Deals.AsNoTracking().Where(d => d.Status == DealStatus.Active && d.Stage == stage && d.SignedOn != null)
                .OrderBy(d => d.Id).Select(d => new { d.Id, d.SignedOn }).FirstOrDefaultAsync(ct);
            if (deal is not null)
            {
                projects.Add((deal.Id, deal.SignedOn!.Value,
                    stage == DealStage.Started ? Schedules.MilestoneKind.Started : Schedules.MilestoneKind.LandHandedOver));
            }
        }
        foreach (var (id, signedOn, doneBefore) in projects)
        {
            var days = Math.Max(0, seeding.Today.DayNumber - signedOn.DayNumber);
            var items = template.Items.OrderBy(i => i.SortOrder).ToList();
            for (var n = 0; n < items.Count; n++)
            {
                var item = items[n];
                var done = item.Before <= doneBefore;
                var inProgress = !done && items.Take(n).All(i => i.Before <= doneBefore);
                db.ProjectApprovals.Add(new Approvals.ProjectApproval
                {
                    DealId = id,
                    Name = item.Name,
                    NameEn = item.NameEn,
                    DepartmentCode = item.DepartmentCode,
                    Before = item.Before,
                    SortOrder = item.SortOrder,
                    Status = done ? Approvals.ApprovalStatus.Done : inProgress ? Approvals.ApprovalStatus.InProgress : Approvals.ApprovalStatus.NotStarted,
                    // Granted in the order of the list, between the signing and today.
                    DoneOn = done ? signedOn.AddDays(days * (n + 1) / (items.Count + 1)) : null,
                    PlannedOn = done ? null : seeding.Today.AddDays(14 * (n + 1)),
                    UpdatedAt = seeding.Now,
                });
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private Dictionary<string, Company> CreateCompanies(Seeding seeding, List<DealPlan> plans)
    {
        var companies = new Dictionary<string, Company>();
        foreach (var demo in DemoZone.Companies)
        {
            var firstLead = plans.Where(p => p.Spec.Company == demo.Key).Select(p => p.Steps[0].On).DefaultIfEmpty(seeding.Today).Min();
            var createdAt = seeding.At(firstLead, 0);
            var company = new Company
            {
                Name = demo.Name,
                CreditCode = demo.AreaCode is null ? null : seeding.CreditCodeFor(demo.AreaCode),
                Tier = demo.Tier,
                Notes = $"{Text.RegionName(demo.Region)}{Text.SegmentName(demo.Segment)}企业{Text.TierName(demo.Tier)}。",
                CreatedAt = createdAt,
                UpdatedAt = createdAt,
            };
            var contacts = seeding.Random.Next(1, 4);
            for (var i = 0; i < contacts; i++)
            {
                company.Contacts.Add(seeding.NewContact(i));
            }
            companies[demo.Key] = company;
        }
        db.Companies.AddRange(companies.Values);
        return companies;
    }

    private void AddDeal(
        Seeding seeding, DealPlan plan, Dictionary<string, Company> companies, Dictionary<string, Organization> organizations,
        Dictionary<string, CrmUser> people, CrmUser owner, CrmUser manager, ref int followUps)
    {
        var spec = plan.Spec;
        var company = companies[spec.Company];
        var demoCompany = DemoZone.Companies.Single(c => c.Key == spec.Company);
        var asOwner = new CurrentUser(owner.Id, new HashSet<string> { Roles.Recruiter }, owner.DeskCode);
        var asManager = new CurrentUser(manager.Id, new HashSet<string> { Roles.Manager }, null);
        var today = seeding.Today;
        var sequence = 0;

        var lead = plan.Steps[0].On;
        var (deal, created) = Deal.Create(spec.Title, company.Id, spec.Desk, owner.Id, lead, owner.Id, seeding.At(lead, sequence++));
        deal.Source = spec.Source;
        deal.Organization = spec.Organization is null ? null : organizations[spec.Organization];
        deal.AdvisorId = spec.Advisor == 0 ? null : people[$"advisor{spec.Advisor}@zone.demo"].Id;
        deal.ReferringCompanyId = spec.ReferredBy is null ? null : companies[spec.ReferredBy].Id;
        deal.Region = demoCompany.Region;
        deal.Segment = demoCompany.Segment;
        deal.IsExpansion = spec.IsExpansion;
        if (spec.Stage < DealStage.Negotiating)
        {
            // Before negotiation the figure is the investor's first word; from Negotiating on the move records it.
            deal.EstimatedInvestmentYuan = plan.EstimatedYuan;
        }
        if (spec.Stage >= DealStage.Negotiating || seeding.Random.NextDouble() < 0.5)
        {
            deal.LandMu = plan.LandMu;
            deal.JobsExpected = plan.Jobs;
        }
        db.Deals.Add(deal);
        db.StageChanges.Add(created);

        var sourceText = Text.Source(spec, organizations, people, companies);
        var activities = new List<PlannedActivity>();
        foreach (var step in plan.Steps.Skip(1))
        {
            var by = step.ByManager ? asManager : asOwner;
            var at = seeding.At(step.On, sequence++);
            if (step.Stage is { } stage)
            {
                var move = new StageMove
                {
                    Stage = stage,
                    EffectiveOn = step.On,
                    Note = Text.MoveNote(stage, plan),
                    EstimatedInvestmentYuan = stage == DealStage.Negotiating ? plan.EstimatedYuan : null,
                    AgreedInvestmentYuan = stage == DealStage.Signed ? plan.AgreedYuan : null,
                    PlannedStartOn = stage == DealStage.Signed ? plan.PlannedStartOn : null,
                    PlannedProductionOn = stage == DealStage.Signed ? plan.PlannedProductionOn : null,
                };
                db.StageChanges.Add(deal.MoveTo(move, by, today, at));
            }
            else
            {
                var change = new StatusChange { Status = step.Status!.Value, EffectiveOn = step.On, Reason = step.Note };
                db.StageChanges.Add(deal.ChangeStatus(change, by, today, at));
            }
            activities.Add(seeding.ActivityFor(step, spec.Company, plan, by.Id));
        }

        if (spec.Stage == DealStage.Lead)
        {
            activities.Add(new PlannedActivity(lead, ActivityType.Document, $"录入线索：{sourceText}推荐{spec.Company}，整理企业基本情况和投资意向", owner.Id));
            var second = DateOnly.FromDayNumber(Math.Min(lead.DayNumber + seeding.Random.Next(1, 7), today.DayNumber));
            activities.Add(new PlannedActivity(second, ActivityType.Document, $"收集{spec.Company}年报、产品和产能资料，准备首次拜访", owner.Id));
        }
        if (activities.Count > 4)
        {
            activities = [activities[0], .. activities.GetRange(activities.Count - 3, 3)];
        }

        var closed = spec.Status is DealStatus.Lost or DealStatus.Withdrawn;
        var last = activities.Count == 0 ? lead : activities.Max(a => a.On);
        DateOnly? next = null;
        if (spec.Status == DealStatus.Dormant)
        {
            next = today.AddDays(seeding.Random.Next(45, 121));
        }
        else if (!closed)
        {
            // Reminders need every kind of due date: today, tomorrow, overdue by more than three days, later.
            var kind = followUps++ % 6;
            if (kind != 2 && spec.Stage != DealStage.Lead && last < today && seeding.Random.NextDouble() < 0.6)
            {
                var on = last.AddDays(seeding.Random.Next(1, Math.Min(20, today.DayNumber - last.DayNumber) + 1));
                activities.Add(seeding.FollowUp(on, spec.Company, spec.Stage, owner.Id));
                last = on;
            }
            next = kind switch
            {
                0 => today,
                1 => today.AddDays(1),
                2 when last.DayNumber <= today.DayNumber - 5 =>
                    DateOnly.FromDayNumber(seeding.Random.Next(Math.Max(last.DayNumber + 1, today.DayNumber - 14), today.DayNumber - 3)),
                2 => today,
                _ => today.AddDays(seeding.Random.Next(3, 31)),
            };
        }
        if (activities.Count < 2)
        {
            activities.Insert(0, new PlannedActivity(lead, ActivityType.Document, $"录入线索：{sourceText}推荐{spec.Company}", owner.Id));
        }

        activities = [.. activities.OrderBy(a => a.On)];
        for (var i = 0; i < activities.Count; i++)
        {
            var a = activities[i];
            DateOnly? agreedNext = a.Closes ? null
                : i + 1 < activities.Count ? (activities[i + 1].On > a.On ? activities[i + 1].On : null)
                : next;
            db.Activities.Add(new Activity
            {
                Deal = deal,
                Type = a.Type,
                OccurredOn = a.On,
                Summary = a.Summary,
                NextFollowUpOn = agreedNext,
                ById = a.ById,
                RecordedAt = seeding.At(a.On, sequence++),
            });
        }

        deal.LastActivityOn = activities[^1].On;
        deal.NextFollowUpOn = next;
        deal.Tags = Text.Tags(spec, demoCompany, plan);
        deal.Notes = spec.Notes ?? $"{Text.SegmentName(demoCompany.Segment)}项目，{sourceText}。";
        var lastEvent = Math.Max(plan.Steps[^1].On.DayNumber, deal.LastActivityOn.Value.DayNumber);
        deal.Touch(seeding.At(DateOnly.FromDayNumber(lastEvent), sequence));
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo user {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    /// <summary>One event of a deal's story: a stage move or a status change (the first is the creation).</summary>
    private sealed class Step(DealStage? stage, DealStatus? status, string? note = null, bool byManager = false)
    {
        public DealStage? Stage { get; } = stage;
        public DealStatus? Status { get; } = status;
        public string? Note { get; } = note;
        public bool ByManager { get; } = byManager;
        public DateOnly On { get; set; }
    }

    private sealed record DealPlan(DemoDeal Spec, List<Step> Steps)
    {
        public long EstimatedYuan { get; init; }
        public long AgreedYuan { get; init; }
        public decimal LandMu { get; init; }
        public int Jobs { get; init; }
        public DateOnly? PlannedStartOn { get; set; }
        public DateOnly? PlannedProductionOn { get; set; }
    }

    /// <param name="Closes">The deal was given up here: no next step follows.</param>
    private sealed record PlannedActivity(DateOnly On, ActivityType Type, string Summary, string ById, bool Closes = false);

    /// <summary>One run of the seeder: its random numbers (fixed seed) and its today.</summary>
    private sealed class Seeding(Random random, DateOnly today, DateTime now)
    {
        private const string CodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

        public Random Random { get; } = random;
        public DateOnly Today { get; } = today;
        public DateTime Now { get; } = now;

        /// <summary>The instant an event of a business date was recorded: that morning, in order, never after now.</summary>
        public DateTime At(DateOnly date, int sequence)
        {
            var at = ZoneTime.StartOfZoneDateUtc(date).AddHours(9).AddMinutes(sequence * 7);
            return at > Now ? Now : at;
        }

        public DealPlan Plan(DemoDeal spec)
        {
            var steps = new List<Step> { new(DealStage.Lead, null) };
            if (spec.Stage >= DealStage.Contacted && !spec.SkipsContacted)
            {
                steps.Add(new Step(DealStage.Contacted, null));
            }
            if (spec.Revived)
            {
                steps.Add(new Step(null, DealStatus.Lost, RevivedLostReason));
                steps.Add(new Step(null, DealStatus.Active, RevivedNote, byManager: true));
            }
            for (var stage = DealStage.Negotiating; stage <= spec.Stage; stage++)
            {
                steps.Add(new Step(stage, null));
            }
            if (spec.Status != DealStatus.Active)
            {
                steps.Add(new Step(null, spec.Status, spec.Reason, byManager: spec.Status == DealStatus.Withdrawn));
            }

            // Dated backwards from the last event, so every history is in order and none is in the future.
            steps[^1].On = DateIn(spec.Quarter, spec.Fraction);
            for (var i = steps.Count - 2; i >= 0; i--)
            {
                steps[i].On = steps[i + 1].On.AddDays(-Gap(steps[i + 1]));
            }

            var agreed = spec.Wan * 10_000;
            var estimated = spec.Stage.IsAfterSigning()
                ? (long)Math.Round(spec.Wan * (0.8 + Random.NextDouble() * 0.4) / 500) * 500 * 10_000
                : agreed;
            var plan = new DealPlan(spec, steps)
            {
                EstimatedYuan = estimated,
                AgreedYuan = agreed,
                LandMu = Math.Max(5m, Math.Round(spec.Wan / (decimal)Random.Next(200, 351) * 2) / 2),
                Jobs = Math.Max(20, (int)Math.Round(spec.Wan / (double)Random.Next(60, 151) / 10) * 10),
            };
            if (steps.FirstOrDefault(s => s.Stage == DealStage.Signed) is { } signing)
            {
                PlanAgreement(plan, signing.On, steps.FirstOrDefault(s => s.Stage == DealStage.Started)?.On);
            }
            return plan;
        }

        /// <summary>
        /// The agreement's planned dates: after the signing; in the future for deals on schedule; already
        /// passed for the ones the plan calls slipped (the milestone watch has something to say).
        /// </summary>
        private void PlanAgreement(DealPlan plan, DateOnly signedOn, DateOnly? startedOn)
        {
            var spec = plan.Spec;
            var plannedStart = signedOn.AddDays(Random.Next(30, 91));
            var plannedProduction = plannedStart.AddDays(Random.Next(180, 366));
            var onSchedule = spec.Status == DealStatus.Active;
            if (onSchedule && spec.Stage == DealStage.Signed)
            {
                var daysSince = Today.DayNumber - signedOn.DayNumber;
                if (spec.Slipped && daysSince >= 10)
                {
                    plannedStart = signedOn.AddDays(Random.Next(5, daysSince - 2));
                    plannedProduction = plannedStart.AddDays(Random.Next(180, 366));
                }
                else if (plannedStart <= Today)
                {
                    plannedStart = Today.AddDays(Random.Next(10, 61));
                    plannedProduction = plannedStart.AddDays(Random.Next(180, 366));
                }
            }
            else if (onSchedule && spec.Stage == DealStage.Started && startedOn is { } started)
            {
                var daysSince = Today.DayNumber - started.DayNumber;
                if (spec.Slipped && daysSince >= 10)
                {
                    if (plannedStart > started)
                    {
                        plannedStart = started;
                    }
                    plannedProduction = started.AddDays(Random.Next(5, daysSince - 2));
                }
                else if (plannedProduction <= Today)
                {
                    plannedProduction = Today.AddDays(Random.Next(30, 241));
                }
            }
            plan.PlannedStartOn = plannedStart;
            plan.PlannedProductionOn = plannedProduction;
        }

        /// <summary>A date in quarter 1–4 of the current year (0: last year's fourth), never after today.</summary>
        private DateOnly DateIn(int quarter, double fraction)
        {
            DateOnly start, end;
            if (quarter == 0)
            {
                var last = new QuarterPeriod(Today.Year - 1, 4);
                (start, end) = (last.Start, last.End);
            }
            else
            {
                var current = QuarterPeriod.Of(Today).Quarter;
                var period = new QuarterPeriod(Today.Year, Math.Min(quarter, current));
                start = period.Start;
                if (quarter >= current && Today.DayNumber - start.DayNumber < 30)
                {
                    // Early in a quarter its deals would all crowd onto a few days (and nothing could be overdue):
                    // the first half of them goes to the month before, the second half stays in the quarter.
                    var early = Today.AddDays(-30);
                    return fraction < 0.5
                        ? early.AddDays((int)Math.Round(fraction * 2 * (start.DayNumber - 1 - early.DayNumber)))
                        : start.AddDays((int)Math.Round((fraction - 0.5) * 2 * (Today.DayNumber - start.DayNumber)));
                }
                end = period.CountedTo(Today);
            }
            return start.AddDays((int)Math.Round(fraction * (end.DayNumber - start.DayNumber)));
        }

        /// <summary>Days between an event and the one before it: how long such a step takes in a real zone.</summary>
        private int Gap(Step step) => step switch
        {
            { Stage: DealStage.Contacted } => Random.Next(4, 26),
            { Stage: DealStage.Negotiating } => Random.Next(12, 51),
            { Stage: DealStage.Signed } => Random.Next(15, 71),
            { Stage: DealStage.Started } => Random.Next(20, 76),
            { Stage: DealStage.Producing } => Random.Next(90, 201),
            { Stage: DealStage.AtCapacity } => Random.Next(60, 181),
            { Status: DealStatus.Lost, Note: RevivedLostReason } => Random.Next(15, 41),
            { Status: DealStatus.Active } => Random.Next(25, 61),
            _ => Random.Next(10, 61),
        };

        public PlannedActivity ActivityFor(Step step, string company, DealPlan plan, string byId)
        {
            var (type, summary) = step switch
            {
                { Stage: DealStage.Contacted } => Pick(
                    (ActivityType.Call, $"电话联系{company}投资负责人，介绍开发区食品产业园和扶持政策"),
                    (ActivityType.Visit, $"上门拜访{company}总部，了解企业扩产和选址计划"),
                    (ActivityType.WeChat, $"微信对接{company}投资部，企业表示有意来区考察")),
                { Stage: DealStage.Negotiating } => Pick(
                    (ActivityType.InvestorSiteVisit, $"{company}考察团来区实地考察，查看食品产业园地块和配套"),
                    (ActivityType.Meeting, $"与{company}就选址、用地和扶持政策座谈洽谈"),
                    (ActivityType.InvestorSiteVisit, $"{company}高层来区考察，双方就投资规模和建设进度交换意见")),
                { Stage: DealStage.Signed } => Pick(
                    (ActivityType.Meeting, $"举行{company}项目签约仪式，约定投资{Text.Money(plan.AgreedYuan)}"),
                    (ActivityType.Document, $"{company}投资协议正式签订，协议文本统一归档")),
                { Stage: DealStage.Started } => Pick(
                    (ActivityType.Visit, $"{company}项目开工奠基，现场协调施工手续办理"),
                    (ActivityType.Visit, $"{company}项目正式开工，同步推进附属工程进场")),
                { Stage: DealStage.Producing } => Pick(
                    (ActivityType.Visit, $"{company}项目建成投产，首条生产线试运行"),
                    (ActivityType.Visit, $"{company}正式投产，协调用工招聘和产品检测")),
                { Stage: DealStage.AtCapacity } =>
                    (ActivityType.Document, $"{company}达产验收材料归档，产能达到设计规模"),
                { Status: DealStatus.Active } => (ActivityType.Meeting, $"{company}{RevivedNote}"),
                { Status: DealStatus.Dormant } => (ActivityType.Call, $"电话回访{company}：{step.Note}"),
                { Status: DealStatus.Lost } => Pick(
                    (ActivityType.Call, $"{company}来电告知：{step.Note}"),
                    (ActivityType.Meeting, $"与{company}面谈确认：{step.Note}")),
                _ => (ActivityType.Meeting, $"与{company}协商解除投资协议：{step.Note}"),
            };
            return new PlannedActivity(step.On, type, summary, byId, step.Status is DealStatus.Lost or DealStatus.Withdrawn);
        }

        public PlannedActivity FollowUp(DateOnly on, string company, DealStage stage, string byId)
        {
            var (type, summary) = stage.IsAfterSigning()
                ? Pick(
                    (ActivityType.Visit, $"赴{company}项目现场巡查，了解施工和设备安装进度"),
                    (ActivityType.Call, $"电话跟进{company}供热、供电接入手续办理情况"),
                    (ActivityType.WeChat, $"微信沟通{company}用工需求，对接开发区用工平台"),
                    (ActivityType.Document, $"{company}项目周巡查记录归档"))
                : Pick(
                    (ActivityType.Call, $"电话回访{company}，跟进可研报告编制进度"),
                    (ActivityType.WeChat, $"微信沟通{company}用地指标和环评事项"),
                    (ActivityType.Email, $"向{company}发送食品工业发展专项资金扶持政策和投资方案"),
                    (ActivityType.Meeting, $"与{company}召开项目推进会，明确签约时间节点"));
            return new PlannedActivity(on, type, summary, byId);
        }

        public Contact NewContact(int index)
        {
            var name = Surnames[Random.Next(Surnames.Length)] + GivenNames[Random.Next(GivenNames.Length)];
            var phone = $"1{PhonePrefixes[Random.Next(PhonePrefixes.Length)]}{Random.Next(10_000_000, 100_000_000)}";
            return new Contact
            {
                Name = name,
                Title = index == 0 ? ContactTitles[Random.Next(0, 4)] : ContactTitles[Random.Next(3, ContactTitles.Length)],
                Phone = phone,
                WeChat = Random.NextDouble() < 0.5 ? phone : null,
            };
        }

        /// <summary>A made-up but valid unified social credit code (企业, registered in <paramref name="areaCode"/>).</summary>
        public string CreditCodeFor(string areaCode)
        {
            var body = "91" + areaCode + new string(Enumerable.Range(0, 9).Select(_ => CodeAlphabet[Random.Next(CodeAlphabet.Length)]).ToArray());
            // The check character is whichever one the domain's own check accepts.
            return CodeAlphabet.Select(c => body + c).Single(CreditCode.IsValid);
        }

        private (ActivityType, string) Pick(params (ActivityType, string)[] options) => options[Random.Next(options.Length)];
    }

    /// <summary>The Chinese words the demo data is written in.</summary>
    private static class Text
    {
        public static string Money(long yuan) =>
            yuan >= 100_000_000 ? $"{yuan / 100_000_000m:0.##}亿元" : $"{yuan / 10_000}万元";

        public static string RegionName(Region region) => region switch
        {
            Region.YangtzeRiverDelta => "长三角",
            Region.PearlRiverDelta => "珠三角",
            Region.BohaiRim => "环渤海",
            _ => "其他地区",
        };

        public static string SegmentName(Segment segment) => segment switch
        {
            Segment.GrainAndOil => "粮油加工",
            Segment.Beverages => "饮料",
            Segment.Dairy => "乳制品",
            Segment.BakedGoodsAndSnacks => "焙烤及休闲食品",
            Segment.Meat => "肉制品及水产",
            Segment.Condiments => "调味品",
            Segment.HealthFood => "保健食品",
            Segment.ColdChainLogistics => "冷链物流",
            Segment.Packaging => "食品包装",
            _ => "食品相关",
        };

        public static string TierName(CompanyTier tier) => tier switch
        {
            CompanyTier.FortuneGlobal500 => "，世界500强",
            CompanyTier.ChinaTop500 => "，中国企业500强",
            CompanyTier.IndustryTop50 => "，食品行业50强",
            CompanyTier.Listed => "，上市公司",
            _ => "",
        };

        public static string Source(
            DemoDeal spec, Dictionary<string, Organization> organizations, Dictionary<string, CrmUser> people, Dictionary<string, Company> companies) =>
            spec.Source switch
            {
                DealSource.Desk => "驻点招商小组",
                DealSource.HometownAssociation or DealSource.BusinessAssociation => organizations[spec.Organization!].Name,
                DealSource.Advisor => $"招商顾问{people[$"advisor{spec.Advisor}@zone.demo"].DisplayName}",
                DealSource.EnterpriseReferral => $"区内企业{companies[spec.ReferredBy!].Name}（以商招商）",
                DealSource.Direct => "企业主动来访",
                _ => "展会及其他渠道",
            };

        public static string? MoveNote(DealStage stage, DealPlan plan) => stage switch
        {
            DealStage.Negotiating => "进入选址洽谈",
            DealStage.Signed => $"签订投资协议，约定投资{Money(plan.AgreedYuan)}",
            DealStage.Started => "项目开工",
            DealStage.Producing => "项目投产",
            DealStage.AtCapacity => "达到设计产能",
            _ => null,
        };

        public static List<string> Tags(DemoDeal spec, DemoCompany company, DealPlan plan)
        {
            var tags = new List<string>();
            tags.AddRange(company.Tier switch
            {
                CompanyTier.FortuneGlobal500 => ["世界500强"],
                CompanyTier.ChinaTop500 => ["国内500强"],
                CompanyTier.IndustryTop50 => ["行业50强"],
                CompanyTier.Listed => ["上市公司"],
                _ => [],
            });
            var figure = spec.Stage.IsAfterSigning() ? plan.AgreedYuan : plan.EstimatedYuan;
            if (figure >= 500_000_000)
            {
                tags.Add("5亿元以上");
            }
            else if (figure >= 250_000_000)
            {
                tags.Add("3亿元左右");
            }
            if (spec.Slipped)
            {
                tags.Add("限时办结");
            }
            tags.AddRange(spec.Tags);
            return [.. tags.Distinct()];
        }
    }
}
