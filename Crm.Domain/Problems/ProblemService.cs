using System.Linq.Expressions;
using Crm.Domain.Auditing;
using Crm.Domain.Common;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Problems;

/// <summary>A problem as listed, returned and audited; <see cref="State"/> is <see cref="ProblemDeadline"/>'s on the zone date.</summary>
public sealed record ProblemResponse
{
    public required int Id { get; init; }
    public required int DealId { get; init; }
    public required string DealTitle { get; init; }
    public required ProblemKind Kind { get; init; }
    public required string Description { get; init; }
    public required DateOnly LoggedOn { get; init; }
    public required string LoggedBy { get; init; }
    public required string DepartmentCode { get; init; }
    public required string DepartmentName { get; init; }
    public required string DepartmentNameEn { get; init; }
    public required string AssigneeId { get; init; }
    public required string AssigneeName { get; init; }
    public required DateOnly DueOn { get; init; }
    public DateOnly? ClosedOn { get; init; }
    public string? Answer { get; init; }
    public string? ClosedBy { get; init; }
    public required ProblemState State { get; init; }
    public required long Version { get; init; }
}

/// <summary>The manager's list: by department and state; both optional.</summary>
public sealed record ProblemFilter(string? DepartmentCode = null, ProblemState? State = null);

/// <summary>One department's problems on a day, by <see cref="ProblemDeadline"/>'s states.</summary>
public sealed record DepartmentProblemFigures(string DepartmentCode, string Name, string NameEn, int Open, int Overdue, int ClosedInTime, int ClosedLate);

/// <summary>A person a problem can be assigned to: someone who works on deals.</summary>
public sealed record ProblemAssignee(string Id, string DisplayName);

/// <summary>
/// The problem list of signed projects (问题清单). Who sees a deal sees its problems (<see cref="DealScope"/>); the person a
/// problem is assigned to sees that problem too. Who may change the deal logs and edits its problems; the assigned person
/// or a manager closes one; a manager reopens one. Every change is versioned (a stale one is a conflict) and audited.
/// </summary>
public sealed class ProblemService(CrmDbContext db, TimeProvider time)
{
    /// <summary>A project has problems to log once it is signed, and at every stage after.</summary>
    public static bool TakesProblems(DealStage stage) => stage.IsAfterSigning();

    /// <summary>The deal's problems, open first and by deadline; null when neither the deal nor any of its problems is the caller's to see.</summary>
    public async Task<IReadOnlyList<ProblemResponse>?> ForDealAsync(CurrentUser user, int dealId, CancellationToken ct)
    {
        IQueryable<Problem> problems = db.Problems.AsNoTracking().Where(p => p.DealId == dealId);
        if (!await db.Deals.VisibleTo(user).AnyAsync(d => d.Id == dealId, ct))
        {
            problems = problems.Where(p => p.AssigneeId == user.Id);
            if (!await problems.AnyAsync(ct))
            {
                return null;
            }
        }
        return await ListedAsync(problems, ct);
    }

    /// <summary>Every problem the caller may see, filtered; open and overdue first, then by deadline.</summary>
    public Task<IReadOnlyList<ProblemResponse>> ListAsync(CurrentUser user, ProblemFilter filter, CancellationToken ct)
    {
        var problems = Visible(user);
        if (filter.DepartmentCode is { } department)
        {
            problems = problems.Where(p => p.DepartmentCode == department);
        }
        if (filter.State is { } state)
        {
            problems = problems.Where(ProblemDeadline.In(state, time.ZoneToday()));
        }
        return ListedAsync(problems, ct);
    }

    /// <summary>Per department (every department that has problems, and every active one), the problems in each state today.</summary>
    public async Task<IReadOnlyList<DepartmentProblemFigures>> FiguresAsync(CancellationToken ct)
    {
        var today = time.ZoneToday();
        var open = await CountAsync(ProblemDeadline.IsOpen(today));
        var overdue = await CountAsync(ProblemDeadline.IsOverdue(today));
        var inTime = await CountAsync(ProblemDeadline.IsClosedInTime);
        var late = await CountAsync(ProblemDeadline.IsClosedLate);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code).ToListAsync(ct);
        return departments
            .Select(d => new DepartmentProblemFigures(d.Code, d.Name, d.NameEn,
                open.GetValueOrDefault(d.Code), overdue.GetValueOrDefault(d.Code), inTime.GetValueOrDefault(d.Code), late.GetValueOrDefault(d.Code)))
            .Where(f => departments.First(d => d.Code == f.DepartmentCode).IsActive || f.Open + f.Overdue + f.ClosedInTime + f.ClosedLate > 0)
            .ToList();

        Task<Dictionary<string, int>> CountAsync(Expression<Func<Problem, bool>> state) =>
            db.Problems.AsNoTracking().Where(state).GroupBy(p => p.DepartmentCode)
                .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
    }

    /// <summary>
    /// Each department's problems due from <paramref name="from"/> to <paramref name="to"/> (inclusive) and how many of them
    /// were closed in time, ranked (<see cref="DepartmentClosure.Ranked"/>): every active department, and any inactive one
    /// that had problems due.
    /// </summary>
    public async Task<IReadOnlyList<DepartmentClosure>> ClosureAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var dueIn = db.Problems.AsNoTracking().Where(p => p.DueOn >= from && p.DueOn <= to);
        var due = await dueIn.GroupBy(p => p.DepartmentCode).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var inTime = await dueIn.Where(ProblemDeadline.IsClosedInTime).GroupBy(p => p.DepartmentCode)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var departments = await db.Departments.AsNoTracking().ToListAsync(ct);
        return DepartmentClosure.Ranked(departments
            .Where(d => d.IsActive || due.ContainsKey(d.Code))
            .Select(d => new DepartmentClosure(d.Code, d.Name, d.NameEn, d.SortOrder, due.GetValueOrDefault(d.Code), inTime.GetValueOrDefault(d.Code))));
    }

    /// <summary>Who a problem may be assigned to: every user who works on deals, by name.</summary>
    public Task<List<ProblemAssignee>> AssigneesAsync(CancellationToken ct) =>
        (from u in db.Users.AsNoTracking()
         where db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && DealWorkerRoles.Contains(r.Name!)))
         orderby u.DisplayName
         select new ProblemAssignee(u.Id, u.DisplayName)).ToListAsync(ct);

    public async Task<ServiceResult<ProblemResponse>> CreateAsync(CurrentUser by, int dealId, ProblemInput input, CancellationToken ct)
    {
        var deal = await db.Deals.AsNoTracking().VisibleTo(by).SingleOrDefaultAsync(d => d.Id == dealId, ct);
        if (deal is null)
        {
            return new ServiceResult<ProblemResponse>.NotFound();
        }
        if (!by.MayEdit(deal))
        {
            return new ServiceResult<ProblemResponse>.Forbidden();
        }
        if (!TakesProblems(deal.Stage))
        {
            return new RuleViolation("problem.dealNotSigned");
        }
        if (await ReferenceRefusalAsync(input.DepartmentCode, input.AssigneeId, null, ct) is { } invalid)
        {
            return invalid;
        }
        var now = time.UtcNow();
        var problem = new Problem
        {
            DealId = dealId,
            Kind = input.Kind,
            Description = input.Description.Trim(),
            LoggedOn = time.ZoneToday(),
            LoggedById = by.Id,
            DepartmentCode = input.DepartmentCode,
            AssigneeId = input.AssigneeId,
            DueOn = input.DueOn,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Problems.Add(problem);
        await db.SaveChangesAsync(ct);
        var after = await StoredAsync(problem.Id, ct);
        db.AuditLog.Add(AuditEntry.Of<ProblemResponse>(by.Id, nameof(Problem), problem.Id, AuditActions.Create, null, after, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    /// <summary>Edits or reassigns an open problem (a closed one is reopened first); a moved deadline is watched afresh.</summary>
    public Task<ServiceResult<ProblemResponse>> UpdateAsync(CurrentUser by, int dealId, int id, ProblemUpdateInput input, CancellationToken ct) =>
        ChangeAsync(by, dealId, id, input.Version, AuditActions.Update, async (problem, deal) =>
        {
            if (!by.MayEdit(deal))
            {
                return new ServiceResult<ProblemResponse>.Forbidden();
            }
            if (problem.IsClosed)
            {
                return new RuleViolation("problem.closed");
            }
            if (input.DueOn < problem.LoggedOn)
            {
                return new ServiceResult<ProblemResponse>.Invalid("dueOn", "problem.dueBeforeLogged", problem.LoggedOn);
            }
            if (await ReferenceRefusalAsync(input.DepartmentCode, input.AssigneeId, problem, ct) is { } invalid)
            {
                return invalid;
            }
            problem.Kind = input.Kind;
            problem.Description = input.Description.Trim();
            problem.DepartmentCode = input.DepartmentCode;
            problem.AssigneeId = input.AssigneeId;
            problem.DueOn = input.DueOn;
            return null;
        }, ct);

    /// <summary>Closes a problem with its answer: the person it is assigned to, or a manager.</summary>
    public Task<ServiceResult<ProblemResponse>> CloseAsync(CurrentUser by, int dealId, int id, ProblemCloseInput input, CancellationToken ct) =>
        ChangeAsync(by, dealId, id, input.Version, AuditActions.Close, (problem, _) =>
        {
            if (problem.AssigneeId != by.Id && !by.IsZoneWide)
            {
                return Task.FromResult<ServiceResult<ProblemResponse>?>(new ServiceResult<ProblemResponse>.Forbidden());
            }
            if (problem.IsClosed)
            {
                return Task.FromResult<ServiceResult<ProblemResponse>?>(new RuleViolation("problem.alreadyClosed"));
            }
            var on = input.ClosedOn ?? time.ZoneToday();
            if (on < problem.LoggedOn)
            {
                return Task.FromResult<ServiceResult<ProblemResponse>?>(
                    new ServiceResult<ProblemResponse>.Invalid("closedOn", "problem.closedBeforeLogged", problem.LoggedOn));
            }
            problem.Close(input.Answer.Trim(), on, by.Id);
            return Task.FromResult<ServiceResult<ProblemResponse>?>(null);
        }, ct);

    /// <summary>Reopens a closed problem (its answer did not solve it): a manager's decision.</summary>
    public Task<ServiceResult<ProblemResponse>> ReopenAsync(CurrentUser by, int dealId, int id, ProblemReopenInput input, CancellationToken ct) =>
        ChangeAsync(by, dealId, id, input.Version, AuditActions.Reopen, (problem, _) =>
        {
            if (!by.MayOverrule)
            {
                return Task.FromResult<ServiceResult<ProblemResponse>?>(new ServiceResult<ProblemResponse>.Forbidden());
            }
            if (!problem.IsClosed)
            {
                return Task.FromResult<ServiceResult<ProblemResponse>?>(new RuleViolation("problem.notClosed"));
            }
            problem.Reopen();
            return Task.FromResult<ServiceResult<ProblemResponse>?>(null);
        }, ct);

    private static readonly string[] DealWorkerRoles = [Roles.Admin, Roles.Manager, Roles.Recruiter];

    /// <summary>
    /// Finds the problem the caller may see, checks the version, lets <paramref name="apply"/> refuse or change it, and
    /// stores the change with its audit row in one transaction; a version moved meanwhile is a conflict.
    /// </summary>
    private async Task<ServiceResult<ProblemResponse>> ChangeAsync(CurrentUser by, int dealId, int id, long version, string action,
        Func<Problem, Deal, Task<ServiceResult<ProblemResponse>?>> apply, CancellationToken ct)
    {
        var problem = await Visible(by).AsTracking().SingleOrDefaultAsync(p => p.Id == id && p.DealId == dealId, ct);
        if (problem is null)
        {
            return new ServiceResult<ProblemResponse>.NotFound();
        }
        var deal = await db.Deals.AsNoTracking().SingleAsync(d => d.Id == dealId, ct);
        var before = await StoredAsync(id, ct);
        if (problem.Version != version)
        {
            return new ServiceResult<ProblemResponse>.Conflict(before);
        }
        if (await apply(problem, deal) is { } refused)
        {
            db.ChangeTracker.Clear();
            return refused;
        }
        problem.Version++;
        problem.UpdatedAt = time.UtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return new ServiceResult<ProblemResponse>.Conflict(await StoredAsync(id, ct));
        }
        var after = await StoredAsync(id, ct);
        db.AuditLog.Add(AuditEntry.Of(by.Id, nameof(Problem), id, action, before, after, problem.UpdatedAt));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return after;
    }

    /// <summary>
    /// The department must exist and be active (an edit may keep the inactive one it has); the person must work on deals.
    /// </summary>
    private async Task<ServiceResult<ProblemResponse>.Invalid?> ReferenceRefusalAsync(string departmentCode, string assigneeId, Problem? current,
        CancellationToken ct)
    {
        var keepsDepartment = current is not null && current.DepartmentCode == departmentCode;
        if (!keepsDepartment && !await db.Departments.AnyAsync(d => d.Code == departmentCode && d.IsActive, ct))
        {
            return new("departmentCode", "problem.departmentUnknown", departmentCode);
        }
        var works = await db.UserRoles.AnyAsync(ur => ur.UserId == assigneeId && db.Roles.Any(r => r.Id == ur.RoleId && DealWorkerRoles.Contains(r.Name!)), ct);
        return works ? null : new("assigneeId", "problem.assigneeUnknown");
    }

    /// <summary>The problems of deals the caller sees, and those assigned to them.</summary>
    private IQueryable<Problem> Visible(CurrentUser user)
    {
        var deals = db.Deals.VisibleTo(user).Select(d => d.Id);
        var id = user.Id;
        return db.Problems.AsNoTracking().Where(p => deals.Contains(p.DealId) || p.AssigneeId == id);
    }

    private async Task<ProblemResponse> StoredAsync(int id, CancellationToken ct) =>
        (await ListedAsync(db.Problems.AsNoTracking().Where(p => p.Id == id), ct)).Single();

    private async Task<IReadOnlyList<ProblemResponse>> ListedAsync(IQueryable<Problem> problems, CancellationToken ct)
    {
        var today = time.ZoneToday();
        var rows = await (
            from p in problems
            join d in db.Deals on p.DealId equals d.Id
            join dep in db.Departments on p.DepartmentCode equals dep.Code
            join logger in db.Users on p.LoggedById equals logger.Id
            join assignee in db.Users on p.AssigneeId equals assignee.Id
            orderby p.ClosedOn != null, p.DueOn, p.Id
            select new
            {
                p.Id,
                p.DealId,
                DealTitle = d.Title,
                p.Kind,
                p.Description,
                p.LoggedOn,
                LoggedBy = logger.DisplayName,
                p.DepartmentCode,
                DepartmentName = dep.Name,
                DepartmentNameEn = dep.NameEn,
                p.AssigneeId,
                AssigneeName = assignee.DisplayName,
                p.DueOn,
                p.ClosedOn,
                p.Answer,
                ClosedBy = db.Users.Where(u => u.Id == p.ClosedById).Select(u => u.DisplayName).FirstOrDefault(),
                p.Version,
            }).ToListAsync(ct);
        return rows.Select(r => new ProblemResponse
        {
            Id = r.Id,
            DealId = r.DealId,
            DealTitle = r.DealTitle,
            Kind = r.Kind,
            Description = r.Description,
            LoggedOn = r.LoggedOn,
            LoggedBy = r.LoggedBy,
            DepartmentCode = r.DepartmentCode,
            DepartmentName = r.DepartmentName,
            DepartmentNameEn = r.DepartmentNameEn,
            AssigneeId = r.AssigneeId,
            AssigneeName = r.AssigneeName,
            DueOn = r.DueOn,
            ClosedOn = r.ClosedOn,
            Answer = r.Answer,
            ClosedBy = r.ClosedBy,
            State = ProblemDeadline.StateOf(r.DueOn, r.ClosedOn, today),
            Version = r.Version,
        }).ToList();
    }
}
