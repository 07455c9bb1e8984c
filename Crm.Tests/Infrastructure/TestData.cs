using System.Net.Http.Json;
using Crm.Domain.Companies;
using Crm.Domain.Deals;

namespace Crm.Tests.Infrastructure;

/// <summary>Builders that create data through the API, as a user would. Every test makes its own.</summary>
public static class TestData
{
    private static int _sequence;

    public static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _sequence)}";

    /// <summary>A valid unified social credit code no other call returns in this run (its check character computed).</summary>
    public static string UniqueCreditCode()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var body = $"9144030{Interlocked.Increment(ref _sequence) % 10_000_000_000:D10}";
        var sum = body.Select((c, i) => alphabet.IndexOf(c) * weights[i]).Sum();
        return body + alphabet[(31 - sum % 31) % 31];
    }

    /// <param name="confirm">Register it even if the zone already knows a company of that name (duplicate check).</param>
    public static async Task<CompanyResponse> CreateCompanyAsync(this HttpClient client, string? name = null,
        CompanyTier tier = CompanyTier.None, string? creditCode = null, bool confirm = false)
    {
        var response = await client.PostAsJsonAsync(confirm ? "/api/v1/companies?confirm=true" : "/api/v1/companies",
            new CompanyInput { Name = name ?? Unique("测试食品有限公司"), Tier = tier, CreditCode = creditCode }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<CompanyResponse>(CrmApp.Json))!;
    }

    public static async Task<CompanyResponse> AddContactAsync(this HttpClient client, int companyId, string? name = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/companies/{companyId}/contacts",
            new ContactInput { Name = name ?? Unique("联系人"), Phone = "13800000000" }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<CompanyResponse>(CrmApp.Json))!;
    }

    public static NewDealInput NewDeal(int companyId, Action<NewDealInputBuilder>? configure = null)
    {
        var builder = new NewDealInputBuilder(companyId);
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <param name="confirm">Create it even if another desk already follows the company (duplicate check).</param>
    public static async Task<DealResponse> CreateDealAsync(this HttpClient client, NewDealInput? input = null, string? companyName = null,
        bool confirm = false)
    {
        input ??= NewDeal((await client.CreateCompanyAsync(companyName)).Id);
        var response = await client.PostAsJsonAsync(confirm ? "/api/v1/deals?confirm=true" : "/api/v1/deals", input, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<DealResponse>(CrmApp.Json))!;
    }

    public static async Task<DealResponse> MoveAsync(this HttpClient client, DealResponse deal, DealStage stage, DateOnly on,
        long? agreed = null, DateOnly? plannedStart = null, DateOnly? plannedProduction = null, long? estimated = null, string? note = null)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/deals/{deal.Id}/stage", new StageMoveInput
        {
            Stage = stage,
            EffectiveOn = on,
            Version = deal.Version,
            AgreedInvestmentYuan = agreed,
            PlannedStartOn = plannedStart,
            PlannedProductionOn = plannedProduction,
            EstimatedInvestmentYuan = estimated,
            Note = note,
        }, CrmApp.Json);
        await response.EnsureSuccessAsync();
        return (await response.Content.ReadFromJsonAsync<DealResponse>(CrmApp.Json))!;
    }

    /// <summary>A new deal of <paramref name="desk"/>, led and signed on <paramref name="on"/> for <paramref name="agreedYuan"/> (3亿 by default).</summary>
    public static async Task<DealResponse> SignedOnAsync(this HttpClient client, string desk, string tag, DateOnly on, long agreedYuan = 300_000_000)
    {
        var deal = await client.CreateDealAsync(NewDeal((await client.CreateCompanyAsync()).Id, b =>
        {
            b.Title = Unique(tag);
            b.Desk = desk;
            b.LeadOn = on;
        }), confirm: true);
        return await client.MoveAsync(deal, DealStage.Signed, on, agreedYuan, on.AddDays(60), on.AddDays(300));
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<T>(CrmApp.Json))!;

    /// <summary>Like EnsureSuccessStatusCode, but the failure message carries the body (the ProblemDetails).</summary>
    public static async Task EnsureSuccessAsync(this HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

public sealed class NewDealInputBuilder(int companyId)
{
    public string Title { get; set; } = TestData.Unique("食品加工项目");
    public DealSource Source { get; set; } = DealSource.Desk;
    public Region Region { get; set; } = Region.PearlRiverDelta;
    public Segment Segment { get; set; } = Segment.Beverages;
    public long? EstimatedInvestmentYuan { get; set; } = 300_000_000;
    public DateOnly? LeadOn { get; set; }
    public string? Desk { get; set; }
    public string? OwnerId { get; set; }
    public DateOnly? NextFollowUpOn { get; set; }
    public bool IsExpansion { get; set; }

    public NewDealInput Build() => new()
    {
        Title = Title,
        CompanyId = companyId,
        Source = Source,
        Region = Region,
        Segment = Segment,
        EstimatedInvestmentYuan = EstimatedInvestmentYuan,
        LeadOn = LeadOn,
        Desk = Desk,
        OwnerId = OwnerId,
        NextFollowUpOn = NextFollowUpOn,
        IsExpansion = IsExpansion,
    };
}
