using Crm.Domain.Companies;
using Crm.Domain.Data;
using Crm.Domain.Deals;
using Crm.Domain.Users;

namespace Crm.Domain.Documents;

/// <summary>A document is seen with the record it is filed on: its deal (<see cref="DealScope"/>) or its company (<see cref="CompanyScope"/>).</summary>
public static class DocumentScope
{
    public static IQueryable<Document> VisibleTo(this IQueryable<Document> documents, CrmDbContext db, CurrentUser user)
    {
        var deals = db.Deals.VisibleTo(user);
        var companies = db.Companies.VisibleTo(user);
        return documents.Where(d => (d.DealId != null && deals.Any(x => x.Id == d.DealId))
            || (d.CompanyId != null && companies.Any(c => c.Id == d.CompanyId)));
    }
}
