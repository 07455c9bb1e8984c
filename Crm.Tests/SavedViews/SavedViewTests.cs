using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Desks;
using Crm.Domain.SavedViews;
using Crm.Domain.Users;
using Crm.Tests.Infrastructure;

namespace Crm.Tests.SavedViews;

public sealed class SavedViewTests
{
    private CrmApp _app = null!;
    private HttpClient _gd = null!;
    private HttpClient _gd2 = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _app = new CrmApp();
        (_, _gd) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
        (_, _gd2) = await _app.SignedInAsync(Roles.Recruiter, DeskCodes.Guangdong);
    }

    [OneTimeTearDown]
    public void Stop() => _app.Dispose();

    private static async Task<List<SavedViewResponse>> ViewsAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<List<SavedViewResponse>>("/api/v1/me/views?page=deals", CrmApp.Json))!;

    [Test]
    public async Task Views_are_each_users_own_a_name_once_and_only_known_filters_are_kept()
    {
        var saved = await _gd.PostAsJsonAsync("/api/v1/me/views", new SavedViewInput
        {
            Page = SavedViewPages.Deals,
            Name = "GD signed this year",
            Query = "stage=Signed&desk=GD&stage=Galactic&evil=%3Cscript%3E&sort=-leadOn",
        }, CrmApp.Json);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var view = await saved.ReadAsync<SavedViewResponse>();
        Assert.That(view.Query, Is.EqualTo("stage=Signed&desk=GD&sort=-leadOn"));

        var again = await _gd.PostAsJsonAsync("/api/v1/me/views",
            new SavedViewInput { Page = SavedViewPages.Deals, Name = " GD signed this year ", Query = "" }, CrmApp.Json);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        Assert.That(await again.Content.ReadAsStringAsync(), Does.Contain("savedView.nameTaken"));

        // The same name is free for a colleague of the same desk; neither sees the other's.
        var colleagues = await _gd2.PostAsJsonAsync("/api/v1/me/views",
            new SavedViewInput { Page = SavedViewPages.Deals, Name = "GD signed this year", Query = "stage=Lead" }, CrmApp.Json);
        Assert.That(colleagues.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.Multiple(async () =>
        {
            Assert.That((await ViewsAsync(_gd)).Select(v => v.Id), Is.EqualTo(new[] { view.Id }));
            Assert.That((await ViewsAsync(_gd2)).Select(v => v.Query), Is.EqualTo(new[] { "stage=Lead" }));
            Assert.That((await _gd2.DeleteAsync($"/api/v1/me/views/{view.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "not theirs");
        });
        Assert.That((await _gd.DeleteAsync($"/api/v1/me/views/{view.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await ViewsAsync(_gd), Is.Empty);
    }

    [TestCase("{\"page\":\"reports\",\"name\":\"x\",\"query\":\"\"}", "page")]
    [TestCase("{\"page\":\"deals\",\"name\":\"\",\"query\":\"\"}", "name")]
    [TestCase("{\"page\":\"deals\",\"name\":\"x\"}", "query")]
    public async Task Bad_input_is_400_naming_the_field(string json, string field)
    {
        var response = await _gd.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/me/views")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
        await Deals.DealValidationTests.AssertNamesAsync(response, field);
    }
}
