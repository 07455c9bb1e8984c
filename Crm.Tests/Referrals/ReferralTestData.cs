using System.Net.Http.Json;
using Crm.Domain.Deals;
using Crm.Domain.Referrals;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.Referrals;

public static class ReferralTestData
{
    public static ReferralInput NewReferral(string? companyName = null, string? creditCode = null) => new()
    {
        CompanyName = companyName ?? TestData.Unique("推荐企业"),
        CreditCode = creditCode,
        ContactName = "王经理",
        ContactPhone = "+86 138 0000 0000",
        Region = Region.BohaiRim,
        Segment = Segment.Beverages,
        EstimatedInvestmentYuan = 300_000_000,
        Notes = "老乡会介绍，有意在北方建厂。",
    };

    public static async Task<ReferralResponse> SubmitReferralAsync(this HttpClient advisor, string? companyName = null, string? creditCode = null)
    {
        var response = await advisor.PostAsJsonAsync("/api/v1/referrals", NewReferral(companyName, creditCode), CrmApp.Json);
        await response.EnsureSuccessAsync();
        return await response.ReadAsync<ReferralResponse>();
    }
}
