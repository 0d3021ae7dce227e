using Microsoft.Playwright;

namespace EcommerceMl.Inference.Tests.Dashboard;

/// <summary>The console's search box in a real headless Chromium, against a real bm25 model (<see cref="SearchModels"/>).</summary>
public sealed class ConsoleSearchInChromiumTests
{
    [Fact]
    public async Task SearchBox_SuggestsCompletions_AndListsHitsWithTheirMatchesMarked()
    {
        await using var server = await LoopbackServer.StartReadyAsync(await SearchModels.StoreAsync());
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = chromium.Page;
        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", new() { Timeout = 30_000 });
        Assert.True(await page.IsVisibleAsync("#search"));
        // A search version's counts read as counts: "300", not "300.000" (which reads as three hundred thousand).
        Assert.Equal(["300", "1,200"], await page.EvaluateAsync<string[]>("() => [ecml.fmt.metric('products_indexed', 300), ecml.fmt.metric('queries', 1200)]"));

        await page.Locator("#search-q").PressSequentiallyAsync("blu");
        await page.WaitForFunctionAsync("document.querySelectorAll('#search-suggestions option').length === 3");
        Assert.Equal(["blue", "bluebell", "blush"], (await page.Locator("#search-suggestions option").EvaluateAllAsync<string[]>("os => os.map(o => o.value)")).Order(StringComparer.Ordinal));

        await page.FillAsync("#search-q", "blue lamp");
        await page.ClickAsync("#search-form button");
        await page.WaitForSelectorAsync("#search-results li");
        var first = page.Locator("#search-results li").First;
        Assert.Equal("P1", await first.GetAttributeAsync("data-product"));
        Assert.Equal(["Blue", "Lamp"], await first.Locator("mark").AllTextContentsAsync());
        Assert.Equal(2, await page.Locator("#search-results li").CountAsync());
        Assert.Equal("2 products match “blue lamp”", await page.TextContentAsync("#search-caption"));

        await page.FillAsync("#search-q", "cushon");
        await page.PressAsync("#search-q", "Enter");
        await page.WaitForFunctionAsync("document.querySelector('#search-caption').textContent.includes('cushon')");
        Assert.Equal("1 product matches “cushon” (“cushon” searched as cushion)", await page.TextContentAsync("#search-caption"));
        Assert.Equal("description: Soft linen cushion in deep navy.", await page.Locator("#search-results li .note").TextContentAsync());
        await chromium.ScreenshotAsync("console-search.png", "#search");
        Assert.Equal("", await page.TextContentAsync("#error"));
        Assert.Empty(chromium.ConsoleErrors);
    }

    [Fact]
    public async Task SearchBox_IsHidden_WhenNoSearchModelIsServed()
    {
        await using var server = await LoopbackServer.StartReadyAsync(await TestModels.StoreWithAllAsync());
        await using var chromium = await HeadlessChromium.StartAsync();
        var page = chromium.Page;
        await page.GotoAsync(server.Address.ToString());
        await page.WaitForSelectorAsync("body[data-loaded=true]", new() { Timeout = 30_000 });

        Assert.False(await page.IsVisibleAsync("#search"));
    }
}
