using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Duplicates;
using Crm.Domain.Localization;
using Crm.Domain.Notifications;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Referrals;

public static class ReferralAuditActions
{
    public const string Accept = "Accept";
    public const string Decline = "Decline";
    public const string MarkDuplicate = "MarkDuplicate";
}

/// <summary>What an advisor reads when the zone already knew the company they referred.</summary>
public static class ReferralNotices
{
    public static string Known(System.Globalization.CultureInfo? culture = null) => Catalogue.Text("Referral.Notice.Known", culture);

    public static string Own(DateOnly since, System.Globalization.CultureInfo? culture = null) => Catalogue.Text("Referral.Notice.Own", culture, since);
}

public static class ReferralRules
{
    public static RuleViolation AlreadyDecided(ReferralStatus status) =>
        new("referral.alreadyDecided", status);

    public static RuleViolation AlreadyFollowed(DuplicateMatch match) =>
        new("referral.alreadyFollowed", match.Level, match.Kind, match.Id, match.Desk, match.Since);

    public static RuleViolation DuplicateOfItself() => new("referral.duplicateOfItself");
}

/// <summary>
/// Advisors' referrals. Record scope: an advisor sees only what they submitted (in the SQL query), anyone
/// else who is not zone-wide sees nothing, and a referral outside the caller's scope is "not found".
/// </summary>
public sealed class ReferralService(
    CrmDbContext db, TimeProvider time, DuplicateDetector duplicates, CompanyService companies, DealService deals, NotificationWriter notifications)
{
    public async Task<ServiceResult<ReferralResponse>> SubmitAsync(CurrentUser user, ReferralInput input, CancellationToken ct)
    {
        if (!user.IsAdvisor)
        {
            return new ServiceResult<ReferralResponse>.Forbidden();
        }
        var code = string.IsNullOrWhiteSpace(input.CreditCode) ? null : CreditCode.Normalize(input.CreditCode);
        var now = time.UtcNow();
        var referral = new Referral
        {
            CompanyName = input.CompanyName.Trim(),
            CreditCode = code,
            ContactName = input.ContactName.Trim(),
            ContactPhone = NullIfBlank(input.ContactPhone),
            ContactEmail = NullIfBlank(input.ContactEmail),
            Region = input.Region,
            Segment = input.Segment,
            EstimatedInvestmentYuan = input.EstimatedInvestmentYuan,
            Notes = NullIfBlank(input.Notes),
            SubmittedById = user.Id,
            CreatedAt = now,
            UpdatedAt = now,
        };

        // First come: if the zone already follows the company, the submitter learns it now, but only that (an outside
        // advisor learns neither desk nor date); their own earlier referral of it is named as theirs.
        var matches = await duplicates.FindAsync(new DuplicateCheck(referral.CompanyName, code), ct);
        var followed = matches.Where(m => m.IsFollowed && m.Level >= DuplicateLevel.Likely).ToList();
        var referralIds = followed.Where(m => m.Kind == DuplicateKind.Referral).Select(m => m.Id).ToList();
        var ownIds = referralIds.Count == 0 ? []
            : await db.Referrals.Where(r => referralIds.Contains(r.Id) && r.SubmittedById == user.Id).Select(r => r.Id).ToListAsync(ct);
        var own = followed.FirstOrDefault(m => m.Kind == DuplicateKind.Referral && ownIds.Contains(m.Id));
        if (followed.FirstOrDefault() is { } first)
        {
            referral.PossibleDuplicateLevel = first.Level;
            referral.PossibleDuplicateKind = first.Kind;
            referral.PossibleDuplicateDesk = first.Kind == DuplicateKind.Deal ? first.Desk : null;
            referral.PossibleDuplicateSince = first.Since;
        }

        db.Referrals.Add(referral);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        var created = (await GetAsync(user, referral.Id, ct))!;
        db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(Referral), referral.Id, AuditActions.Create, null, await ManagerViewAsync(referral.Id, ct), now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return own is null ? created : created with { PossibleDuplicate = ReferralNotices.Own(own.Since), PossibleDuplicateIsOwn = true };
    }

    public async Task<ServiceResult<ReferralPage>> ListAsync(CurrentUser user, ReferralFilter filter, CancellationToken ct)
    {
        var pageSize = Math.Clamp(filter.PageSize ?? ReferralFilter.DefaultPageSize, 1, ReferralFilter.MaxPageSize);
        var query = db.Referrals.AsNoTracking().VisibleTo(user);
        if (filter.Status is { Length: > 0 } statuses)
        {
            query = query.Where(r => statuses.Contains(r.Status));
        }
        if (user.IsZoneWide && !string.IsNullOrWhiteSpace(filter.AdvisorId))
        {
            query = query.Where(r => r.SubmittedById == filter.AdvisorId);
        }
        if (filter.BeforeId is { } before)
        {
            query = query.Where(r => r.Id < before);
        }
        var rows = await Rows(query.OrderByDescending(r => r.Id).Take(pageSize + 1)).ToListAsync(ct);
        var items = rows.Take(pageSize).Select(r => r.ToResponse(user.IsZoneWide)).ToList();
        return new ReferralPage(items, rows.Count > pageSize ? items[^1].Id : null);
    }

    /// <summary>The referral a deal came from, for those who may see the deal; null when it came from elsewhere.</summary>
    public Task<DealReferral?> ForDealAsync(CurrentUser user, int dealId, CancellationToken ct) =>
        db.Referrals.AsNoTracking()
            .Where(r => r.DealId == dealId && db.Deals.VisibleTo(user).Any(d => d.Id == dealId))
            .Select(r => new DealReferral(r.Id, db.Users.Where(u => u.Id == r.SubmittedById).Select(u => u.DisplayName).FirstOrDefault() ?? "",
                r.CreatedAt, r.ContactName, r.ContactPhone, r.ContactEmail, r.EstimatedInvestmentYuan, r.Notes))
            .FirstOrDefaultAsync(ct);

    public async Task<ReferralResponse?> GetAsync(CurrentUser user, int id, CancellationToken ct)
    {
        var row = await Rows(db.Referrals.AsNoTracking().VisibleTo(user).Where(r => r.Id == id)).SingleOrDefaultAsync(ct);
        return row?.ToResponse(user.IsZoneWide);
    }

    /// <summary>For the triage queue: the referral and every record of the zone that may be the same company.</summary>
    public async Task<ReferralTriage?> TriageAsync(CurrentUser user, int id, CancellationToken ct)
    {
        if (!user.IsZoneWide || await GetAsync(user, id, ct) is not { } referral)
        {
            return null;
        }
        var matches = await duplicates.FindAsync(new DuplicateCheck(referral.CompanyName, referral.CreditCode, ExceptReferralId: id), ct);
        return new ReferralTriage(referral, matches);
    }

    /// <summary>
    /// A page of the triage queue at most: its duplicate check sends ten-odd parameters per referral, and SQL Server
    /// takes 2,100 per command.
    /// </summary>
    public const int MaxTriagePage = 50;

    /// <summary>
    /// The triage queue: the oldest waiting referrals (first come, first served), up to <paramref name="size"/>, each
    /// beside every record of the zone that may be the same company, in the same few queries whatever their number.
    /// </summary>
    public async Task<IReadOnlyList<ReferralTriage>> TriageQueueAsync(CurrentUser user, int size, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            return [];
        }
        var rows = await Rows(db.Referrals.AsNoTracking().VisibleTo(user).Where(r => r.Status == ReferralStatus.Submitted)
            .OrderBy(r => r.Id).Take(Math.Clamp(size, 1, MaxTriagePage))).ToListAsync(ct);
        var referrals = rows.Select(r => r.ToResponse(manager: true)).ToList();
        var matches = await duplicates.FindManyAsync(
            referrals.Select(r => new DuplicateCheck(r.CompanyName, r.CreditCode, ExceptReferralId: r.Id)).ToList(), ct);
        return referrals.Select((r, i) => new ReferralTriage(r, matches[i])).ToList();
    }

    public async Task<ReferralResults> ResultsAsync(CurrentUser user, CancellationToken ct)
    {
        var mine = db.Referrals.AsNoTracking().SubmittedBy(user);
        var byStatus = await mine.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(ReferralStatus status) => byStatus.FirstOrDefault(s => s.Key == status)?.Count ?? 0;

        // "Ever reached", from the stage-change records: a deal that was signed and later withdrawn still counts.
        DealStage[] signed = [DealStage.Signed, DealStage.Started, DealStage.Producing, DealStage.AtCapacity];
        DealStage[] started = [DealStage.Started, DealStage.Producing, DealStage.AtCapacity];
        DealStage[] producing = [DealStage.Producing, DealStage.AtCapacity];
        Task<int> Reached(DealStage[] stages) =>
            mine.CountAsync(r => r.DealId != null && db.StageChanges.Any(s => s.DealId == r.DealId && stages.Contains(s.ToStage)), ct);

        return new ReferralResults
        {
            Submitted = byStatus.Sum(s => s.Count),
            Open = Of(ReferralStatus.Submitted),
            Accepted = Of(ReferralStatus.Accepted),
            Declined = Of(ReferralStatus.Declined),
            Duplicate = Of(ReferralStatus.Duplicate),
            Signed = await Reached(signed),
            Started = await Reached(started),
            Producing = await Reached(producing),
        };
    }

    /// <summary>
    /// Accept: register the company unless it is known, create the deal at Lead through <see cref="DealService"/>
    /// (source Advisor, attributed to the submitter), link it, all in one transaction.
    /// </summary>
    public async Task<ServiceResult<ReferralResponse>> AcceptAsync(CurrentUser user, int id, AcceptReferralInput input, CancellationToken ct)
    {
        var (referral, refusal) = await LoadForDecisionAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        // The attribution check and the deal it allows are one step: a desk creating a deal for this company at the same
        // instant waits for this transaction, or this one for theirs (RegistrationLock, decision 0012).
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var chosenName = input.CompanyId is { } chosenCompany
            ? await db.Companies.Where(c => c.Id == chosenCompany).Select(c => c.Name).SingleOrDefaultAsync(ct)
            : null;
        await RegistrationLock.TakeAsync(db, chosenName is null ? [referral!.CompanyName] : [referral!.CompanyName, chosenName], ct);
        var matches = await duplicates.FindAsync(new DuplicateCheck(referral.CompanyName, referral.CreditCode, ExceptReferralId: id), ct);
        // Attribution is first come: a deal some desk pursues, or an earlier open referral, keeps the company.
        var earlier = matches.FirstOrDefault(m => m.Level >= DuplicateLevel.Likely && m.IsFollowed
            && (m.Kind == DuplicateKind.Deal || (m.Kind == DuplicateKind.Referral && m.Id < id)));
        if (earlier is null && input.CompanyId is { } chosen)
        {
            var followed = await db.Deals.AsNoTracking()
                .Where(d => d.CompanyId == chosen && (d.Status == DealStatus.Active || d.Status == DealStatus.Dormant))
                .OrderBy(d => d.LeadOn).Select(d => new { d.Id, d.DeskCode, d.LeadOn, d.CompanyId, CompanyName = d.Company!.Name })
                .FirstOrDefaultAsync(ct);
            if (followed is not null)
            {
                earlier = new DuplicateMatch
                {
                    Level = DuplicateLevel.Certain,
                    Reason = DuplicateReason.SameCreditCode,
                    Kind = DuplicateKind.Deal,
                    Id = followed.Id,
                    CompanyId = followed.CompanyId,
                    CompanyName = followed.CompanyName,
                    Desk = followed.DeskCode,
                    Since = followed.LeadOn,
                    Status = DealStatus.Active,
                };
            }
        }
        if (earlier is not null)
        {
            return ReferralRules.AlreadyFollowed(earlier);
        }

        var before = await ManagerViewAsync(id, ct);
        var now = time.UtcNow();

        var companyId = input.CompanyId ?? RegisteredCompany(matches);
        // The duplicate question was answered above (first come, first attributed), so the creates below are confirmed.
        if (companyId is null)
        {
            var company = await companies.CreateAsync(user, new CompanyInput
            {
                Name = referral.CompanyName,
                CreditCode = referral.CreditCode,
                Contacts = [new ContactInput { Name = referral.ContactName, Phone = referral.ContactPhone, Email = referral.ContactEmail }],
            }, confirmed: true, ct);
            if (company is not ServiceResult<CompanyResponse>.Ok createdCompany)
            {
                return await RollBackAsync(tx, Map(company), ct);
            }
            companyId = createdCompany.Value.Id;
        }

        // The organisation's kind would be the source if advisors were tied to an association; they are not
        // (yet): an advisor's referral is sourced Advisor (docs/decisions/0005-referrals-and-duplicates.md).
        var deal = await deals.CreateAsync(user, new NewDealInput
        {
            Title = referral.CompanyName,
            CompanyId = companyId.Value,
            Source = DealSource.Advisor,
            AdvisorId = referral.SubmittedById,
            Desk = input.Desk,
            OwnerId = input.OwnerId,
            Region = referral.Region,
            Segment = referral.Segment,
            EstimatedInvestmentYuan = referral.EstimatedInvestmentYuan,
            Notes = referral.Notes,
        }, confirmed: true, ct);
        if (deal is not ServiceResult<DealResponse>.Ok createdDeal)
        {
            return await RollBackAsync(tx, Map(deal), ct);
        }

        referral.Accept(createdDeal.Value.Id, user.Id, now);
        return await SaveDecisionAsync(user, tx, referral, before, ReferralAuditActions.Accept, now, ct);
    }

    public async Task<ServiceResult<ReferralResponse>> DeclineAsync(CurrentUser user, int id, DeclineReferralInput input, CancellationToken ct)
    {
        var (referral, refusal) = await LoadForDecisionAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var before = await ManagerViewAsync(id, ct);
        var now = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        referral!.Decline(input.Reason, user.Id, now);
        return await SaveDecisionAsync(user, tx, referral, before, ReferralAuditActions.Decline, now, ct);
    }

    public async Task<ServiceResult<ReferralResponse>> MarkDuplicateAsync(CurrentUser user, int id, DuplicateReferralInput input, CancellationToken ct)
    {
        var (referral, refusal) = await LoadForDecisionAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        // The advisor learns only that the zone already knows the company (the status says it): no desk, no date, no
        // other advisor, so nothing is stored as a reason.
        if (input.DealId is { } dealId)
        {
            if (!await db.Deals.AnyAsync(d => d.Id == dealId, ct))
            {
                return new ServiceResult<ReferralResponse>.Invalid("dealId", "input.noSuchDeal");
            }
        }
        else
        {
            var otherId = input.ReferralId!.Value;
            if (otherId == id)
            {
                return ReferralRules.DuplicateOfItself();
            }
            if (!await db.Referrals.AnyAsync(r => r.Id == otherId, ct))
            {
                return new ServiceResult<ReferralResponse>.Invalid("referralId", "input.noSuchReferral");
            }
        }

        var before = await ManagerViewAsync(id, ct);
        var now = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        referral!.MarkDuplicate(input.DealId, input.ReferralId, user.Id, now);
        return await SaveDecisionAsync(user, tx, referral, before, ReferralAuditActions.MarkDuplicate, now, ct);
    }

    private async Task<(Referral? Referral, ServiceResult<ReferralResponse>? Refusal)> LoadForDecisionAsync(
        CurrentUser user, int id, long version, CancellationToken ct)
    {
        if (!user.IsZoneWide)
        {
            // Not a decider: an advisor must not even learn that the id exists.
            return (null, await GetAsync(user, id, ct) is null ? new ServiceResult<ReferralResponse>.NotFound() : new ServiceResult<ReferralResponse>.Forbidden());
        }
        var referral = await db.Referrals.SingleOrDefaultAsync(r => r.Id == id, ct);
        if (referral is null)
        {
            return (null, new ServiceResult<ReferralResponse>.NotFound());
        }
        if (referral.Version != version)
        {
            return (null, new ServiceResult<ReferralResponse>.Conflict((await GetAsync(user, id, ct))!));
        }
        if (!referral.IsOpen)
        {
            return (null, ReferralRules.AlreadyDecided(referral.Status));
        }
        return (referral, null);
    }

    private async Task<ServiceResult<ReferralResponse>> SaveDecisionAsync(
        CurrentUser user, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, Referral referral,
        ReferralResponse? before, string action, DateTime now, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another manager decided in between: theirs stands, ours (deal included) is rolled back whole.
            return await RollBackAsync(tx, new ServiceResult<ReferralResponse>.Conflict((await GetAsync(user, referral.Id, ct))!), ct);
        }
        var after = await ManagerViewAsync(referral.Id, ct);
        db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(Referral), referral.Id, action, before, after, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        // The advisor learns of the decision in-app and by email; the key makes a retry harmless.
        var language = await db.Users.Where(u => u.Id == referral.SubmittedById).Select(u => u.Language).SingleOrDefaultAsync(ct);
        var words = Catalogue.CultureOf(language);
        var title = Catalogue.Text("Notice.ReferralDecided.Title", words, referral.CompanyName);
        var body = Catalogue.Text(referral.Status is ReferralStatus.Accepted or ReferralStatus.Duplicate
            ? $"Notice.ReferralDecided.{referral.Status}" : "Notice.ReferralDecided.Declined", words, referral.CompanyName, referral.DecisionReason);
        await notifications.AddAsync(
            [new NotificationDraft(referral.SubmittedById, NotificationKind.ReferralDecided, Notification.NoDeal, $"Referral:{referral.Id}", title, body)], ct);
        return after!;
    }

    private async Task<ServiceResult<ReferralResponse>> RollBackAsync(
        Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, ServiceResult<ReferralResponse> result, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>A company of the register that is surely this one and nobody follows: reuse it rather than register it twice.</summary>
    private static int? RegisteredCompany(IReadOnlyList<DuplicateMatch> matches) =>
        matches.Where(m => m.Kind == DuplicateKind.Company && m.Level >= DuplicateLevel.Strong)
            .OrderByDescending(m => m.Level).Select(m => m.CompanyId).FirstOrDefault();

    private static ServiceResult<ReferralResponse> Map<T>(ServiceResult<T> result) => result switch
    {
        ServiceResult<T>.Refused refused => new ServiceResult<ReferralResponse>.Refused(refused.Violation),
        ServiceResult<T>.Invalid invalid => new ServiceResult<ReferralResponse>.Invalid(invalid.Field, invalid.Reason),
        ServiceResult<T>.Forbidden => new ServiceResult<ReferralResponse>.Forbidden(),
        ServiceResult<T>.NotFound => new ServiceResult<ReferralResponse>.NotFound(),
        _ => throw new InvalidOperationException($"Unexpected {result.GetType().Name} while accepting a referral."),
    };

    private async Task<ReferralResponse?> ManagerViewAsync(int id, CancellationToken ct) =>
        (await Rows(db.Referrals.AsNoTracking().Where(r => r.Id == id)).SingleOrDefaultAsync(ct))?.ToResponse(true);

    private IQueryable<ReferralRow> Rows(IQueryable<Referral> referrals) => referrals.Select(r => new ReferralRow
    {
        Referral = r,
        DealStage = r.Deal == null ? null : r.Deal.Stage,
        DealStatus = r.Deal == null ? null : r.Deal.Status,
        SubmittedByName = db.Users.Where(u => u.Id == r.SubmittedById).Select(u => u.DisplayName).FirstOrDefault(),
    });

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A referral with the little it needs from the deal and the submitter; shaped per caller by <see cref="ToResponse"/>.</summary>
internal sealed class ReferralRow
{
    public required Referral Referral { get; init; }
    public DealStage? DealStage { get; init; }
    public DealStatus? DealStatus { get; init; }
    public string? SubmittedByName { get; init; }

    public ReferralResponse ToResponse(bool manager)
    {
        var r = Referral;
        return new ReferralResponse
        {
            Id = r.Id,
            Version = r.Version,
            CompanyName = r.CompanyName,
            CreditCode = r.CreditCode,
            ContactName = r.ContactName,
            ContactPhone = r.ContactPhone,
            ContactEmail = r.ContactEmail,
            Region = r.Region,
            Segment = r.Segment,
            EstimatedInvestmentYuan = r.EstimatedInvestmentYuan,
            Notes = r.Notes,
            Status = r.Status,
            // A duplicate has no reason to read (earlier versions stored one naming a desk and a date).
            DecisionReason = r.Status == ReferralStatus.Duplicate ? null : r.DecisionReason,
            DecidedAt = r.DecidedAt,
            Progress = DealStatus is Deals.DealStatus.Lost or Deals.DealStatus.Withdrawn ? ReferralProgress.Closed
                : DealStage is { } stage ? (ReferralProgress)(int)stage : null,
            PossibleDuplicate = r.PossibleDuplicateLevel is { } level && r.PossibleDuplicateKind is { } kind && r.PossibleDuplicateSince is { } since
                ? manager ? DuplicateWords.Notice(level, kind, r.PossibleDuplicateDesk, since) : ReferralNotices.Known() : null,
            PossibleDuplicateLevel = r.PossibleDuplicateLevel,
            PossibleDuplicateKind = manager ? r.PossibleDuplicateKind : null,
            PossibleDuplicateDesk = manager ? r.PossibleDuplicateDesk : null,
            PossibleDuplicateSince = manager ? r.PossibleDuplicateSince : null,
            CreatedAt = r.CreatedAt,
            SubmittedById = manager ? r.SubmittedById : null,
            SubmittedByName = manager ? SubmittedByName : null,
            DecidedById = manager ? r.DecidedById : null,
            DealId = manager ? r.DealId : null,
            DuplicateOfDealId = manager ? r.DuplicateOfDealId : null,
            DuplicateOfReferralId = manager ? r.DuplicateOfReferralId : null,
        };
    }
}
