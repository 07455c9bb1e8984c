using Crm.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Crm.Tests.E2E;

/// <summary>
/// A real host on a Kestrel port and Debian's headless Chromium (never a downloaded browser). One host
/// and browser per fixture; each test makes its own users and deals and gets a fresh browser context.
/// Without Chromium the tests are ignored with the reason, except under CI=true where that is a failure.
/// </summary>
[NonParallelizable]
public abstract class BrowserTest
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"];

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowserContext? _context;

    protected CrmWebServer Server { get; private set; } = default!;
    /// <summary>The host's clock, standing at the fixture's start: the test's "today" is the host's.</summary>
    protected StandingClock Time { get; } = TestClock.AtPresent();
    protected IPage Page { get; private set; } = default!;

    /// <summary>Phone width by default: the layout must work at 375 px.</summary>
    protected virtual ViewportSize Viewport => new() { Width = 375, Height = 812 };

    protected virtual string Locale => "zh-CN";

    /// <summary>The host's settings beyond the test defaults (e.g. a job server for the jobs page).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            const string reason = "Chromium is not installed at " + ChromiumPath + " (apt-get install -y chromium fonts-noto-cjk).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(reason);
            }
            Assert.Ignore(reason);
        }
        // Six developers share two cores here: generous waits keep the tests about behaviour, not load.
        Assertions.SetDefaultExpectTimeout(20_000);
        Server = CrmWebServer.Start(Time, Settings);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    [SetUp]
    public async Task NewContextAsync()
    {
        _context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUrl,
            ViewportSize = Viewport,
            Locale = Locale,
            TimezoneId = "Asia/Shanghai",
        });
        _context.SetDefaultTimeout(30_000);
        Page = await _context.NewPageAsync();
    }

    [TearDown]
    public async Task CloseContextAsync()
    {
        if (_context is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed && Page is not null)
            {
                await ScreenshotAsync("FAILED");
            }
            await _context.CloseAsync();
        }
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        Server?.Dispose();
    }

    /// <summary>Signs in through the real form and waits for the interactive home page.</summary>
    protected async Task SignInAsync(TestUser user)
    {
        await Page.GotoAsync("/account/login");
        await Page.FillAsync("#email", user.Email);
        await Page.FillAsync("#password", CrmApp.Password);
        await Page.ClickAsync("#login-submit");
        await Page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        await WaitReadyAsync();
    }

    protected async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitReadyAsync();
    }

    /// <summary>A click before the circuit is live hits the prerendered page; the layout marks when it is.</summary>
    protected Task WaitReadyAsync() =>
        Page.Locator("#crm-ready").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Types into a MudBlazor field by its id (on the input itself or on its wrapper) and leaves it, so the value is bound.</summary>
    protected async Task FillAsync(string id, string value)
    {
        var field = Page.Locator($"input#{id}, textarea#{id}, #{id} input, #{id} textarea").First;
        await field.FillAsync(value);
        await field.PressAsync("Tab");
    }

    /// <summary>Saves the page to bin/.../screenshots/{test}-{step}.png for a person to look at.</summary>
    protected async Task<string> ScreenshotAsync(string step)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{TestContext.CurrentContext.Test.Name}-{step}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path);
        return path;
    }
}
