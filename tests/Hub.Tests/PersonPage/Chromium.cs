using Microsoft.Playwright;

namespace Hub.Tests.PersonPage;

/// <summary>
/// Debian's chromium (installed by test.sh), driven by Playwright: one browser for a test class, a
/// fresh context (cookies, storage) for each test.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: HUB_SCREENSHOT_DIR (docs/screenshots when the README's are refreshed), else the test output.</summary>
    public static string ScreenshotDirectory { get; } =
        Environment.GetEnvironmentVariable("HUB_SCREENSHOT_DIR") is { Length: > 0 } directory ? directory : Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: ./test.sh installs Debian's chromium package");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            ChromiumSandbox = false,
            // This machine's network is closed: without these, chromium keeps trying Google's services.
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A new context, as a phone-sized window unless <paramref name="desktop"/>, in the given language.</summary>
    public Task<IBrowserContext> NewContextAsync(string locale = "ja-JP", bool desktop = false) => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        Locale = locale,
        ViewportSize = desktop ? new ViewportSize { Width = 1100, Height = 900 } : new ViewportSize { Width = 390, Height = 844 },
        AcceptDownloads = true,
    });

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
