using System.Linq.Expressions;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Duplicates;
using Crm.Domain.Organizations;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Deals;

public sealed class DealService(CrmDbContext db, TimeProvider time, DuplicateDetector duplicates, CompanyService companies)
{
    public async Task<ServiceResult<DealPage>> ListAsync(CurrentUser user, DealFilter filter, CancellationToken ct)
    {
        var cursor = DealCursor.TryDecode(filter.Cursor);
        if (filter.Cursor is not null && cursor is null)
        {
            return new ServiceResult<DealPage>.Invalid("cursor", "list.cursorUnknown");
        }
        var pageSize = Math.Clamp(filter.PageSize ?? DealFilter.DefaultPageSize, 1, DealFilter.MaxPageSize);

        IQueryable<Deal> query;
        try
        {
            query = db.Deals.AsNoTracking().VisibleTo(user).Filter(filter).SortAndSeek(filter.Sort, cursor);
        }
        catch (FormatException)
        {
            return new ServiceResult<DealPage>.Invalid("cursor", "list.cursorOtherSort");
        }

        var rows = await query.Select(Projection).Take(pageSize + 1).ToListAsync(ct);
        var next = rows.Count > pageSize ? DealQuery.CursorOf(rows[pageSize - 1], filter.Sort).Encode() : null;
        return new DealPage(rows.Take(pageSize).ToList(), next);
    }

    public async Task<DealResponse?> GetAsync(CurrentUser user, int id, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.Id == id).Select(Projection).SingleOrDefaultAsync(ct);
        if (deal is null)
        {
            return null;
        }
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.CompanyId == deal.CompanyId).OrderBy(c => c.Id)
            .Select(c => new ContactResponse(c.Id, c.Name, c.Title, c.Phone, c.Email, c.WeChat)).ToListAsync(ct);
        return deal with { Contacts = contacts };
    }

    /// <summary>A company's deals that this user may see, latest first: the register is shared, the deals carry the scope.</summary>
    public Task<List<DealResponse>> ForCompanyAsync(CurrentUser user, int companyId, CancellationToken ct) =>
        db.Deals.AsNoTracking().VisibleTo(user).Where(d => d.CompanyId == companyId)
            .OrderByDescending(d => d.UpdatedAt).Select(Projection).ToListAsync(ct);

    public async Task<IReadOnlyList<StageChangeResponse>?> HistoryAsync(CurrentUser user, int id, CancellationToken ct)
    {
        if (!await db.Deals.VisibleTo(user).AnyAsync(d => d.Id == id, ct))
        {
            return null;
        }
        return await db.StageChanges.AsNoTracking().Where(s => s.DealId == id)
            .OrderBy(s => s.EffectiveOn).ThenBy(s => s.Id)
            .Select(s => new StageChangeResponse(s.Id, s.FromStage, s.ToStage, s.FromStatus, s.ToStatus, s.EffectiveOn,
                s.RecordedAt, s.ById, db.Users.Where(u => u.Id == s.ById).Select(u => u.DisplayName).FirstOrDefault(), s.Note))
            .ToListAsync(ct);
    }

    /// <summary>
    /// Creates a deal at Lead. Another desk already pursuing this company (or one surely or likely the same) is refused
    /// as <see cref="ServiceResult{T}.Unconfirmed"/> unless <paramref name="confirmed"/>; a desk's own second deal on a
    /// company (an expansion) is not a cross-desk duplicate. The check and the insert are one step
    /// (<see cref="RegistrationLock"/>): of two desks asking at the same instant, the second gets the duplicate answer.
    /// </summary>
    public async Task<ServiceResult<DealResponse>> CreateAsync(CurrentUser user, NewDealInput input, bool confirmed, CancellationToken ct)
    {
        if (!user.WorksOnDeals)
        {
            return new ServiceResult<DealResponse>.Forbidden();
        }
        // Joins a caller's transaction (accepting a referral registers the company and creates the deal in one).
        await using var tx = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (!confirmed)
        {
            var companyName = await db.Companies.Where(c => c.Id == input.CompanyId).Select(c => c.Name).SingleOrDefaultAsync(ct);
            if (companyName is not null)
            {
                await RegistrationLock.TakeAsync(db, companyName, ct);
            }
            if (PossibleDuplicates.Unconfirmed<DealResponse>(user, await duplicates.ForNewDealAsync(user, input, ct)) is { } unconfirmed)
            {
                return unconfirmed;
            }
        }
        var (desk, owner) = user.IsZoneWide
            ? (input.Desk ?? user.DeskCode, input.OwnerId ?? user.Id)
            : (user.DeskCode, user.Id);
        if (desk is null)
        {
            return new ServiceResult<DealResponse>.Invalid("desk", "deal.deskRequired");
        }
        if (await CheckReferencesAsync(input, desk, owner, ct) is { } invalid)
        {
            return invalid;
        }

        var now = time.UtcNow();
        var (deal, created) = Deal.Create(input.Title.Trim(), input.CompanyId, desk, owner, input.LeadOn ?? time.ZoneToday(), user.Id, now);
        Apply(deal, input);
        deal.Touch(now);
        db.Deals.Add(deal);
        db.StageChanges.Add(created);
        await db.SaveChangesAsync(ct);
        var response = (await GetAsync(user, deal.Id, ct))!;
        db.AuditLog.Add(AuditEntry.Of<DealResponse>(user.Id, nameof(Deal), deal.Id, AuditActions.Create, null, response, now));
        await db.SaveChangesAsync(ct);
        await (tx?.CommitAsync(ct) ?? Task.CompletedTask);
        return response;
    }

    /// <summary>
    /// Registers a new company and creates its first deal in one transaction: a deal refused after the company was
    /// registered leaves no company behind. The company's duplicate check covers its deal's, so one confirmation does;
    /// it runs under the <see cref="RegistrationLock"/> of the name, as a registration of the company alone would.
    /// </summary>
    public async Task<ServiceResult<DealResponse>> CreateWithCompanyAsync(
        CurrentUser user, CompanyInput company, NewDealInput input, bool confirmed, CancellationToken ct)
    {
        if (!user.WorksOnDeals)
        {
            return new ServiceResult<DealResponse>.Forbidden();
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!confirmed)
        {
            await RegistrationLock.TakeAsync(db, company.Name, ct);
            if (PossibleDuplicates.Unconfirmed<DealResponse>(user, await duplicates.ForNewCompanyAsync(company, ct)) is { } unconfirmed)
            {
                return unconfirmed;
            }
        }
        ServiceResult<DealResponse> result = await companies.CreateAsync(user, company, confirmed: true, ct) switch
        {
            ServiceResult<CompanyResponse>.Ok created => await CreateAsync(user, input with { CompanyId = created.Value.Id }, confirmed: true, ct),
            ServiceResult<CompanyResponse>.Refused refused => refused.Violation,
            ServiceResult<CompanyResponse>.Invalid invalid => new ServiceResult<DealResponse>.Invalid(invalid.Field, invalid.Reason),
            _ => new ServiceResult<DealResponse>.Forbidden(),
        };
        if (result is ServiceResult<DealResponse>.Ok)
        {
            await tx.CommitAsync(ct);
        }
        else
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
        }
        return result;
    }

    public async Task<ServiceResult<DealResponse>> UpdateAsync(CurrentUser user, int id, DealUpdateInput input, CancellationToken ct)
    {
        var (deal, before, refusal) = await LoadForChangeAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        if (deal.Status is DealStatus.Lost or DealStatus.Withdrawn)
        {
            return PipelineRules.ClosedDealIsReadOnly(deal.Status);
        }

        var (desk, owner) = user.IsZoneWide ? (input.Desk ?? deal.DeskCode, input.OwnerId ?? deal.OwnerId) : (deal.DeskCode, deal.OwnerId);
        if (await CheckReferencesAsync(input, desk, owner, ct) is { } invalid)
        {
            return invalid;
        }
        if (!deal.Stage.IsAfterSigning()
            && (input.AgreedInvestmentYuan != deal.AgreedInvestmentYuan || input.PlannedStartOn != deal.PlannedStartOn
                || input.PlannedProductionOn != deal.PlannedProductionOn))
        {
            return new ServiceResult<DealResponse>.Invalid("agreedInvestmentYuan", "deal.agreementAtSigning");
        }
        // After the signing the agreement's 开工 and 投产 dates are the schedule's plans: they move on the schedule, with a reason.
        if (deal.Stage.IsAfterSigning() && input.PlannedStartOn != deal.PlannedStartOn)
        {
            return new ServiceResult<DealResponse>.Invalid(nameof(DealUpdateInput.PlannedStartOn), "schedule.replanOnSchedule");
        }
        if (deal.Stage.IsAfterSigning() && input.PlannedProductionOn != deal.PlannedProductionOn)
        {
            return new ServiceResult<DealResponse>.Invalid(nameof(DealUpdateInput.PlannedProductionOn), "schedule.replanOnSchedule");
        }

        deal.Title = input.Title.Trim();
        deal.CompanyId = input.CompanyId;
        deal.DeskCode = desk;
        deal.OwnerId = owner;
        Apply(deal, input);
        if (deal.Stage.IsAfterSigning())
        {
            deal.AgreedInvestmentYuan = input.AgreedInvestmentYuan;
        }
        return await SaveChangeAsync(user, deal, before, AuditActions.Update, null, ct);
    }

    /// <summary>
    /// The stages and statuses this user may move the deal to now, each allowed or with its refusal; null when the deal
    /// is out of their scope. A deal they may see but not change offers nothing.
    /// </summary>
    public async Task<DealMoves?> MovesAsync(CurrentUser user, int id, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().Include(d => d.Care).VisibleTo(user).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null)
        {
            return null;
        }
        var today = time.ZoneToday();
        var stages = deal.StageTargets(user, today);
        var statuses = deal.StatusTargets(user, today);
        if (!user.MayEdit(deal))
        {
            stages = stages.Select(s => s with { Refusal = PipelineRules.NotYours() }).ToList();
            statuses = statuses.Select(s => s with { Refusal = PipelineRules.NotYours() }).ToList();
        }
        return new DealMoves(deal.Id, deal.Version, stages, statuses);
    }

    public async Task<ServiceResult<DealResponse>> MoveStageAsync(CurrentUser user, int id, StageMoveInput input, CancellationToken ct)
    {
        var (deal, before, refusal) = await LoadForChangeAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var move = input.ToMove();
        var today = time.ZoneToday();
        if (deal.CheckMove(move, user, today) is { } violation)
        {
            return violation;
        }
        var change = deal.MoveTo(move, user, today, time.UtcNow());
        return await SaveChangeAsync(user, deal, before, AuditActions.MoveStage, change, ct);
    }

    public async Task<ServiceResult<DealResponse>> ChangeStatusAsync(CurrentUser user, int id, StatusChangeInput input, CancellationToken ct)
    {
        var (deal, before, refusal) = await LoadForChangeAsync(user, id, input.Version, ct);
        if (refusal is not null)
        {
            return refusal;
        }
        var today = time.ZoneToday();
        var change = new StatusChange { Status = input.Status, Reason = input.Reason, EffectiveOn = input.EffectiveOn ?? today };
        if (deal.CheckStatusChange(change, user, today) is { } violation)
        {
            return violation;
        }
        var row = deal.ChangeStatus(change, user, today, time.UtcNow());
        return await SaveChangeAsync(user, deal, before, AuditActions.ChangeStatus, row, ct);
    }

    /// <summary>
    /// Loads a deal for a change, tracked: out of scope is 404, not editable 403, a stale version 409 with the
    /// stored deal. Otherwise the deal and its representation before the change (for the audit row).
    /// </summary>
    private async Task<(Deal Deal, DealResponse Before, ServiceResult<DealResponse>? Refusal)> LoadForChangeAsync(
        CurrentUser user, int id, long version, CancellationToken ct)
    {
        var deal = await db.Deals.Include(d => d.Care).VisibleTo(user).SingleOrDefaultAsync(d => d.Id == id, ct);
        if (deal is null)
        {
            return (null!, null!, new ServiceResult<DealResponse>.NotFound());
        }
        if (!user.MayEdit(deal))
        {
            return (deal, null!, new ServiceResult<DealResponse>.Forbidden());
        }
        var before = (await GetAsync(user, id, ct))!;
        return deal.Version != version
            ? (deal, before, new ServiceResult<DealResponse>.Conflict(before))
            : (deal, before, null);
    }

    /// <summary>Saves a tracked deal whose version the caller checked: bumps it, writes history and audit together.</summary>
    private async Task<ServiceResult<DealResponse>> SaveChangeAsync(
        CurrentUser user, Deal deal, DealResponse before, string action, StageChange? change, CancellationToken ct)
    {
        var now = time.UtcNow();
        deal.Version++;
        deal.Touch(now);
        if (change is not null)
        {
            db.StageChanges.Add(change);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: theirs stands, ours is refused whole.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ServiceResult<DealResponse>.Conflict((await GetAsync(user, deal.Id, ct))!);
        }
        var after = (await GetAsync(user, deal.Id, ct))!;
        db.AuditLog.Add(AuditEntry.Of(user.Id, nameof(Deal), deal.Id, action, before with { Contacts = null }, after with { Contacts = null }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    private async Task<ServiceResult<DealResponse>.Invalid?> CheckReferencesAsync(DealInput input, string desk, string owner, CancellationToken ct)
    {
        if (!await db.Companies.AnyAsync(c => c.Id == input.CompanyId, ct))
        {
            return new("companyId", "input.noSuchCompany");
        }
        if (!await db.Desks.AnyAsync(d => d.Code == desk, ct))
        {
            return new("desk", "input.noSuchDesk");
        }
        var ownerRoles = await db.UserRoles.Where(r => r.UserId == owner)
            .Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync(ct);
        if (!ownerRoles.Any(r => r is Roles.Recruiter or Roles.Manager))
        {
            return new("ownerId", "deal.ownerNotDealWorker");
        }
        if (input.OrganizationId is { } orgId)
        {
            var kind = input.Source == DealSource.HometownAssociation ? OrganizationKind.HometownAssociation : OrganizationKind.BusinessAssociation;
            if (!await db.Organizations.AnyAsync(o => o.Id == orgId && (o.Kind == kind || input.Source == DealSource.Other), ct))
            {
                return new("organizationId", "deal.noSuchOrganization");
            }
        }
        if (input.AdvisorId is { } advisorId
            && !await db.UserRoles.AnyAsync(r => r.UserId == advisorId && db.Roles.Any(x => x.Id == r.RoleId && x.Name == Roles.Advisor), ct))
        {
            return new("advisorId", "deal.noSuchAdvisor");
        }
        if (input.ReferringCompanyId is { } referrer && !await db.Companies.AnyAsync(c => c.Id == referrer, ct))
        {
            return new("referringCompanyId", "input.noSuchCompany");
        }
        return null;
    }

    private static void Apply(Deal deal, DealInput input)
    {
        deal.Source = input.Source;
        deal.OrganizationId = input.Source is DealSource.HometownAssociation or DealSource.BusinessAssociation or DealSource.Other
            ? input.OrganizationId : null;
        deal.AdvisorId = input.Source == DealSource.Advisor ? input.AdvisorId : null;
        deal.ReferringCompanyId = input.Source == DealSource.EnterpriseReferral ? input.ReferringCompanyId : null;
        deal.Region = input.Region;
        deal.Segment = input.Segment;
        deal.IsExpansion = input.IsExpansion;
        deal.EstimatedInvestmentYuan = input.EstimatedInvestmentYuan;
        deal.LandMu = input.LandMu;
        deal.JobsExpected = input.JobsExpected;
        deal.NextFollowUpOn = input.NextFollowUpOn;
        deal.Tags = input.Tags?.Select(t => t.Trim()).Where(t => t.Length > 0).Distinct().ToList() ?? [];
        deal.Notes = input.Notes?.Trim();
    }

    public static readonly Expression<Func<Deal, DealResponse>> Projection = d => new DealResponse
    {
        Id = d.Id,
        Version = d.Version,
        Title = d.Title,
        Stage = d.Stage,
        Status = d.Status,
        StatusReason = d.StatusReason,
        Desk = d.DeskCode,
        OwnerId = d.OwnerId,
        OwnerName = d.Owner!.DisplayName,
        CompanyId = d.CompanyId,
        CompanyName = d.Company!.Name,
        CreditCode = d.Company.CreditCode,
        Tier = d.Company.Tier,
        Source = d.Source,
        OrganizationId = d.OrganizationId,
        OrganizationName = d.Organization!.Name,
        AdvisorId = d.AdvisorId,
        ReferringCompanyId = d.ReferringCompanyId,
        Region = d.Region,
        Segment = d.Segment,
        IsExpansion = d.IsExpansion,
        EstimatedInvestmentYuan = d.EstimatedInvestmentYuan,
        AgreedInvestmentYuan = d.AgreedInvestmentYuan,
        InvestmentYuan = d.InvestmentYuan,
        LandMu = d.LandMu,
        JobsExpected = d.JobsExpected,
        NextFollowUpOn = d.NextFollowUpOn,
        PlannedStartOn = d.PlannedStartOn,
        PlannedProductionOn = d.PlannedProductionOn,
        LeadOn = d.LeadOn,
        SignedOn = d.SignedOn,
        StartedOn = d.StartedOn,
        ProducingOn = d.ProducingOn,
        AtCapacityOn = d.AtCapacityOn,
        LastActivityOn = d.LastActivityOn,
        LastMoveOn = d.LastMoveOn,
        Tags = d.Tags,
        Notes = d.Notes,
        CreatedAt = d.CreatedAt,
        UpdatedAt = d.UpdatedAt,
    };
}
