using Microsoft.Playwright;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// The dashboard in a real headless Chromium (the Debian package, launched by the test, never a downloaded
/// browser): the page loads from the server, draws the forecast band, the churn mix and the recommendation
/// browser, and a screenshot is kept as a test attachment and under TestResults/screenshots/.
/// </summary>
public sealed class DashboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dashboard_InChromium_DrawsTheForecastBandChurnMixAndBrowsesRecommendations()
    {
        var chromium = MachineTool.Require("/usr/bin/chromium", "apt-get install -y --no-install-recommends chromium");
        await using var server = await LoopbackServer.StartReadyAsync(await TestModels.StoreWithAllAsync());
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };

        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", new() { Timeout = 30_000 });

        Assert.Equal("", await page.TextContentAsync("#error"));
        Assert.Equal(3, await page.Locator("#models tbody tr").CountAsync());
        Assert.Equal("21.0%", await page.TextContentAsync("#models tr[data-model=recs] [data-metric=precision_at_10] b"));
        var band = await page.GetAttributeAsync("#forecast-chart polygon.band", "points");
        Assert.Equal(60, band!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length); // 30 upper + 30 lower corners
        Assert.StartsWith("M", await page.GetAttributeAsync("#forecast-chart path.line", "d"), StringComparison.Ordinal);
        Assert.Equal(["LOW 1 (50.0%)", "MEDIUM 0 (0.0%)", "HIGH 1 (50.0%)"], await page.Locator("#churn-bars .bar").AllTextContentsAsync());

        var first = TestModels.Recommender().SampleCustomers(1)[0];
        Assert.Equal(first, await page.InputValueAsync("#customer"));
        await AssertBrowserShowsAsync(page, first);
        await page.SelectOptionAsync("#customer", "c2");
        await page.WaitForFunctionAsync("() => document.querySelector('#purchased li:last-child')?.dataset.product === 'p3'");
        await AssertBrowserShowsAsync(page, "c2");

        await TestArtifacts.SaveAsync("dashboard.png", await page.ScreenshotAsync(new() { FullPage = true }), "image/png");
        Assert.Empty(consoleErrors);
    }

    private static async Task AssertBrowserShowsAsync(IPage page, string customer)
    {
        var model = TestModels.Recommender();
        Assert.Equal(model.PurchasedBy(customer), await page.Locator("#purchased li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.product)"));
        Assert.Equal(
            model.Recommend(customer, 10).Select(p => p.ProductId),
            await page.Locator("#recs li").EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.product)"));
    }
}
