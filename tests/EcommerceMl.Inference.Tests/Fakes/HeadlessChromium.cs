using Microsoft.Playwright;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// The Debian <c>chromium</c>, headless, launched through Playwright (never a downloaded browser), with a page in a
/// fixed locale and time zone so what the page formats can be asserted, and every console error collected.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private HeadlessChromium(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
        Page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        Page.PageError += (_, error) => ConsoleErrors.Add(error);
    }

    public IPage Page { get; }

    public List<string> ConsoleErrors { get; } = [];

    public static async Task<HeadlessChromium> StartAsync(int width = 1400, int height = 1000)
    {
        var chromium = MachineTool.Require("/usr/bin/chromium", "apt-get install -y --no-install-recommends chromium");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new() { Locale = "en-US", TimezoneId = "UTC", ViewportSize = new() { Width = width, Height = height } });
        return new HeadlessChromium(playwright, browser, page);
    }

    public async Task<string> ScreenshotAsync(string name) =>
        await TestArtifacts.SaveAsync(name, await Page.ScreenshotAsync(new() { FullPage = true }), "image/png");

    /// <summary>One element of the page, for a closer look than the full page gives.</summary>
    public async Task<string> ScreenshotAsync(string name, string selector) =>
        await TestArtifacts.SaveAsync(name, await Page.Locator(selector).ScreenshotAsync(), "image/png");

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
