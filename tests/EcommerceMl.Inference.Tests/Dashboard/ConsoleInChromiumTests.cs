using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EcommerceMl.Inference.Tests.Dashboard;

/// <summary>
/// The console (<c>/</c>) in a real headless Chromium on a shop whose models have lived a while
/// (<see cref="ConsoleScenario"/>): each part is checked for the values the store and the sink hold, and the page is
/// kept as a screenshot under TestResults/screenshots/.
/// </summary>
public sealed partial class ConsoleInChromiumTests
{
    [Fact]
    public async Task Console_ShowsVersionsWithTriggersAndGates_DriftAndAccuracyOverTime_AndTheForecastWithItsHistory()
    {
        var sink = Directory.CreateTempSubdirectory("ecml-console-sink-");
        try
        {
            await ConsoleScenario.WriteEventsAsync(sink.FullName);
            await using var server = await LoopbackServer.StartReadyAsync(await ConsoleScenario.StoreAsync(), b =>
            {
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Ecml:Events:Sink"] = sink.FullName });
                b.Services.AddSingleton<TimeProvider>(new TestServerHost.RetryFriendlyClock(ConsoleScenario.Now));
            });
            await ShopperAddsARecommendationToTheCartAsync(server.Address);
            await using var chromium = await HeadlessChromium.StartAsync();
            var page = chromium.Page;

            await page.GotoAsync(server.Address.ToString());
            await page.WaitForSelectorAsync("body[data-loaded=true]", new() { Timeout = 30_000 });
            await chromium.ScreenshotAsync("console.png");
            await chromium.ScreenshotAsync("console-recs-loop.png", ".loop[data-model=recs]");
            await chromium.ScreenshotAsync("console-forecast.png", "#forecast");

            Assert.Equal("", await page.TextContentAsync("#error"));
            await AssertMetricsAndTimesAreFormattedAsync(page);
            await AssertVersionTimelineAsync(page);
            await AssertDriftAndAccuracyAsync(page);
            await AssertForecastAsync(page);
            await AssertPurchasesAreBoundedAsync(page);
            await AssertConversionsPerVersionAsync(page);
            Assert.Empty(chromium.ConsoleErrors);
        }
        finally
        {
            sink.Delete(recursive: true);
        }
    }

    /// <summary>One recommendation answer, and a product view and a cart add that carry its recommendationId.</summary>
    private static async Task ShopperAddsARecommendationToTheCartAsync(Uri server)
    {
        using var http = new HttpClient { BaseAddress = server };
        var summary = await http.GetFromJsonAsync<JsonElement>("/v1/dashboard", TestContext.Current.CancellationToken);
        var customer = summary.GetProperty("recommenders")[0].GetProperty("customers")[0].GetString();
        var answer = await http.GetFromJsonAsync<JsonElement>($"/v1/recommendations/{customer}", TestContext.Current.CancellationToken);
        var id = answer.GetProperty("recommendationId").GetString();
        var product = answer.GetProperty("recommendations")[0].GetProperty("productId").GetString();
        var events = new[] { "product_view", "add_to_cart" }.Select(type => new
        {
            id = $"console-{type}", type, occurredAt = "2026-12-01T10:00:00Z", sessionId = "console", customerId = customer, productId = product, recommendationId = id,
        });
        var posted = await http.PostAsJsonAsync("/v1/events", new { schemaVersion = 2, events }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
    }

    private static async Task AssertConversionsPerVersionAsync(IPage page)
    {
        var row = page.Locator($"#conversions tr[data-model=recs][data-version=\"{ConsoleScenario.Serving}\"] td");
        Assert.Equal(
            ["recs", ConsoleScenario.Serving, "1", "1", "1", "0", "100.0%", "0.0%"],
            await row.EvaluateAllAsync<string[]>("cells => cells.map(c => c.textContent)"));
    }

    private static async Task AssertMetricsAndTimesAreFormattedAsync(IPage page)
    {
        async Task<string?> Metric(string model, string metric) =>
            await page.TextContentAsync($"#models tr[data-model={model}] [data-metric={metric}] b");

        Assert.Equal("1,013", await Metric("churn", "customers_trained"));
        Assert.Equal("44 ms", await Metric("churn", "fit_seconds"));
        Assert.Equal("0.817", await Metric("churn", "auc"));
        Assert.Equal("6.3%", await Metric("recs", "precision_at_10"));
        Assert.Equal("1,013", await Metric("recs", "users_evaluated"));
        Assert.Equal("0.912", await Metric("sales", "mase"));
        Assert.Equal("644", await Metric("sales", "rmse"));
        Assert.Equal("85.7%", await Metric("sales", "coverage_80"));

        var text = await page.InnerTextAsync("body");
        Assert.DoesNotMatch(SevenDigitFraction(), text);
        Assert.DoesNotContain("+00:00", text, StringComparison.Ordinal);
        Assert.Contains("Nov 29, 2026, 2:00 AM", await page.InnerTextAsync("#models tr[data-model=recs]"), StringComparison.Ordinal);
        Assert.Contains("2026-11-30 (6 days ago)", await page.InnerTextAsync("#models tr[data-model=sales]"), StringComparison.Ordinal);
    }

    private static async Task AssertVersionTimelineAsync(IPage page)
    {
        var recs = page.Locator(".loop[data-model=recs]");
        Assert.Equal(
            [ConsoleScenario.Serving, ConsoleScenario.GateFailed, ConsoleScenario.Lost, ConsoleScenario.First],
            await recs.Locator("table.versions tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.version)"));
        Assert.Equal(
            ["DriftDetected", "Scheduled", "DriftDetected", "Initial"],
            await recs.Locator("table.versions td.trigger").AllTextContentsAsync());

        var lost = recs.Locator($"tr[data-version='{ConsoleScenario.Lost}']");
        Assert.Equal("lost_to_champion", await lost.GetAttributeAsync("data-outcome"));
        Assert.Equal("no", await lost.Locator("td.servable").TextContentAsync());
        Assert.Equal(
            $"lost to {ConsoleScenario.First}: ndcg at 10 0.210 against the champion's 0.250 (tolerance 0.010)",
            await lost.Locator("td.champion").TextContentAsync());

        var failed = recs.Locator($"tr[data-version='{ConsoleScenario.GateFailed}']");
        Assert.Equal("gate_failed", await failed.GetAttributeAsync("data-outcome"));
        Assert.Equal("failed: ndcg at 10 0.050 (needs ≥ 0.100)", await failed.Locator("td.gate").TextContentAsync());
        Assert.Equal("no", await failed.Locator("td.servable").TextContentAsync());

        var serving = recs.Locator($"tr[data-version='{ConsoleScenario.Serving}']");
        Assert.Equal("yes", await serving.Locator("td.servable").TextContentAsync());
        Assert.Equal(1, await serving.Locator(".tag.serving").CountAsync());
        Assert.Equal(1, await recs.Locator(".tag.serving").CountAsync());

        // The strip: one mark per version, shaped by outcome, the serving one ringed.
        Assert.Equal(
            ["passed", "lost_to_champion", "gate_failed", "passed"],
            await recs.Locator(".versions-chart .version-mark").EvaluateAllAsync<string[]>("marks => marks.map(m => m.dataset.outcome)"));
        Assert.Equal(1, await recs.Locator($".version-mark[data-version='{ConsoleScenario.Serving}'] .v-serving").CountAsync());
    }

    private static async Task AssertDriftAndAccuracyAsync(IPage page)
    {
        var recs = page.Locator(".loop[data-model=recs]");
        var category = recs.Locator(".drift-feature[data-feature=purchased_category]");
        Assert.Equal(ConsoleScenario.CheckedAt.Length.ToString(CultureInfo.InvariantCulture), await category.GetAttributeAsync("data-points"));
        Assert.Equal("0.1", await category.GetAttributeAsync("data-threshold"));
        Assert.Equal(ConsoleScenario.CategoryDrift.Count(d => d >= ConsoleScenario.DriftThreshold), await category.Locator("circle[data-bad=true]").CountAsync());
        Assert.Equal(1, await category.Locator("line.threshold").CountAsync());
        Assert.Equal(0, await recs.Locator(".drift-feature[data-feature=basket_size] circle[data-bad=true]").CountAsync());
        Assert.Contains("no drift", await recs.Locator(".drift-summary").TextContentAsync(), StringComparison.Ordinal);

        // Scores from too few rows are drawn hollow and kept out of the line, never as drift above the threshold.
        var thin = recs.Locator(".drift-feature[data-feature=recency_days]");
        Assert.Equal(ConsoleScenario.CheckedAt.Length, await thin.Locator("circle[data-thin=true]").CountAsync());
        Assert.Equal(0, await thin.Locator("circle[data-bad=true]").CountAsync());
        Assert.Equal(string.Empty, await thin.Locator("path.series").GetAttributeAsync("d"));
        Assert.Contains($"{ConsoleScenario.CheckedAt.Length} hollow: too few rows to judge", await thin.Locator(".note").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await category.Locator("circle[data-thin=true]").CountAsync());

        var perf = recs.Locator(".perf");
        Assert.Equal("ndcg_at_10", await perf.GetAttributeAsync("data-metric"));
        Assert.Equal(2, await perf.Locator("circle[data-bad=true]").CountAsync()); // 0.19 and 0.16 against 0.25: more than the 20 % drop allowed
        Assert.Equal(2, await perf.Locator("line.reference").CountAsync()); // one per version monitored: 0.25, then 0.27
        Assert.Equal("latest 0.265 against 0.270 at training (-1.9%)", await perf.Locator(".perf-caption").TextContentAsync());

        Assert.Equal(1, await page.Locator(".loop[data-model=churn] .drift-empty").CountAsync());
        Assert.Equal(1, await page.Locator(".loop[data-model=churn] .perf-empty").CountAsync());
    }

    private static async Task AssertForecastAsync(IPage page)
    {
        var chart = page.Locator("#forecast-chart");
        var band = await chart.Locator("polygon.band").GetAttributeAsync("points");
        Assert.Equal(60, band!.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length); // 30 upper + 30 lower corners
        Assert.Equal(ConsoleScenario.HistoryDays, await chart.Locator("circle.actual-dot").CountAsync());
        Assert.Equal("date (shop's time zone)", await chart.Locator(".x-label").TextContentAsync());
        Assert.Equal("revenue per day", await chart.Locator(".y-label").TextContentAsync());
        Assert.Contains("forecast from Dec 6", await chart.InnerHTMLAsync(), StringComparison.Ordinal);

        // Hover over the last day of history, then over a forecast day: the values under the pointer.
        var lastDay = ConsoleScenario.ForecastStart.AddDays(-1);
        Assert.Equal(
            string.Create(CultureInfo.InvariantCulture, $"Sat, Dec 5, 2026\nactual {ConsoleScenario.Revenue(lastDay):N0}"),
            await HoverAsync(page, chart.Locator(string.Create(CultureInfo.InvariantCulture, $"circle.actual-dot[data-date='{lastDay:yyyy-MM-dd}']"))));
        Assert.Equal(
            "Fri, Nov 20, 2026\nactual 0.00",
            await HoverAsync(page, chart.Locator(string.Create(CultureInfo.InvariantCulture, $"circle.actual-dot[data-date='{ConsoleScenario.ZeroDay:yyyy-MM-dd}']"))));
        var box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.97f), box.Y + (box.Height / 2));
        var tip = await page.TextContentAsync("#tooltip");
        Assert.Matches(ForecastTooltip(), tip);
        await page.Mouse.MoveAsync(0, 0);

        var caption = await page.TextContentAsync("#forecast-caption");
        Assert.StartsWith("revenue of shop, Sun, Dec 6, 2026 to Mon, Jan 4, 2027; actuals of 28 days from the event sink.", caption, StringComparison.Ordinal);
    }

    private static async Task<string?> HoverAsync(IPage page, ILocator target)
    {
        await target.HoverAsync(new() { Force = true });
        return await page.TextContentAsync("#tooltip");
    }

    private static async Task AssertPurchasesAreBoundedAsync(IPage page)
    {
        Assert.Equal(ConsoleScenario.BigCustomer, await page.InputValueAsync("#customer"));
        Assert.Equal(20, await page.Locator("#purchased li").CountAsync());
        Assert.Equal($"and 7 more ({ConsoleScenario.CustomerProducts} products in all)", await page.TextContentAsync("#purchased-more"));
    }

    [GeneratedRegex(@"\d\.\d{7}")]
    private static partial Regex SevenDigitFraction();

    [GeneratedRegex(@"^[A-Z][a-z]{2}, [A-Z][a-z]{2} \d{1,2}, 20\d\d\nforecast [\d,.]+\n80% interval [\d,.]+ – [\d,.]+\nactual —$")]
    private static partial Regex ForecastTooltip();
}
