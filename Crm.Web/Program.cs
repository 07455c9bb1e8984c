using Crm.Api;
using Crm.Domain.Data;
using Crm.Web;
using Crm.Web.Auth;
using Crm.Web.Components;
using Crm.Web.Hosting;
using Crm.Web.Jobs;
using Crm.Web.Localization;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddCrmDomain(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddCrmIdentity(builder.Configuration);
builder.Services.AddCrmApiHosting();
builder.Services.AddCrmJobs(builder.Configuration);
builder.Services.AddDatabaseStartup(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddCrmWeb();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSecurityHeaders();
app.UseAuthentication();
// After authentication: a signed-in user's own language is a claim of their sign-in.
app.UseRequestLocalization();
app.UseValidationDisplayNames();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi().AllowAnonymous();
app.MapCrmApiReference().AllowAnonymous();
app.MapGet("/health", () => TypedResults.Ok("ok")).AllowAnonymous().ExcludeFromDescription();
app.MapCrmApi();
app.MapCrmJobs();
app.MapCrmWeb();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await app.InitializeDatabaseAsync();
app.Run();

/// <summary>Visible to the test host.</summary>
public partial class Program;
