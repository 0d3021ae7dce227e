using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Tests.Tracker;

/// <summary>
/// The storefront tracker in a real headless Chromium: a shop on another origin includes <c>/v1/tracker.js</c>, a
/// shopper searches, follows a recommendation, adds the product to the cart and buys it, and the server's sink holds
/// exactly those events — schema v2, one visitor, one session, the recommendation attributed.
/// </summary>
public sealed class TrackerInChromiumTests
{
    /// <param name="eventsKey">
    /// Null: a server without an API key. Else the server requires an API key (which the page never has) and the shop
    /// puts this publishable events key on the tracker's URL: the script and the events get through with it.
    /// </param>
    [Theory]
    [InlineData(null)]
    [InlineData("pk_shop_events_1")]
    public async Task Tracker_OnAShopPage_SendsExactlyTheShoppersEvents_ToTheSink(string? eventsKey)
    {
        var sink = Directory.CreateTempSubdirectory("ecml-tracker-sink-");
        try
        {
            LoopbackServer? server = null;
            await using var shop = await TestShop.StartAsync(() => server!.Address, eventsKey);
            var settings = new Dictionary<string, string?>
            {
                ["Ecml:Events:Sink"] = sink.FullName,
                ["Ecml:Inference:TrackerOrigins:0"] = shop.Origin,
            };
            if (eventsKey is not null)
            {
                settings["Ecml:Inference:ApiKey"] = "secret-api-key";
                settings["Ecml:Inference:EventsKey"] = eventsKey;
            }

            server = await LoopbackServer.StartReadyAsync(await TestModels.StoreWithAllAsync(), b => b.Configuration.AddInMemoryCollection(settings));
            var started = DateTimeOffset.UtcNow;
            object? stats;
            await using (server)
            {
                await using var chromium = await HeadlessChromium.StartAsync();
                var page = chromium.Page;

                await page.GotoAsync(shop.Address.ToString());
                await page.WaitForFunctionAsync("() => window.ecml && window.ecml.version"); // loaded async, as the README's snippet
                await page.ClickAsync("#go");
                await page.ClickAsync("#rec-p2");
                await page.WaitForURLAsync("**/product/p2");
                await page.ClickAsync("#add");
                await page.ClickAsync("#buy");
                stats = await page.EvaluateAsync<JsonElement>("() => ecml.flush()");
                await chromium.ScreenshotAsync("tracker-shop.png");
                Assert.Empty(chromium.ConsoleErrors);
            }

            // The server has stopped, so its sink wrote everything it took.
            var events = await new EventSinkReader(EventObjectStores.Open(sink.FullName))
                .ReadAsync(started.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), TestContext.Current.CancellationToken)
                .ToListAsync(TestContext.Current.CancellationToken);
            var shopper = events.OrderBy(e => e.OccurredAt).ToList();

            Assert.Equal(0, ((JsonElement)stats!).GetProperty("refused").GetInt32());
            Assert.Equal(
                ["page_view", "search", "page_view", "product_view", "add_to_cart", "checkout_step", "purchase", "custom"],
                shopper.Select(e => e.Type));
            Assert.All(shopper, e => Assert.Equal(EventSchema.V2, e.SchemaVersion));
            Assert.Single(shopper.Select(e => e.VisitorId).Distinct());
            Assert.All(shopper, e => Assert.Equal(TestShop.Customer, e.CustomerId)); // identified by a call queued before the script loaded
            Assert.Single(shopper.Select(e => e.SessionId).Distinct());
            Assert.False(string.IsNullOrEmpty(shopper[0].VisitorId));
            Assert.Equal(shopper.Count, shopper.Select(e => e.Id).Distinct().Count());
            Assert.Equal(["/", "/", "/product/p2"], shopper.Where(e => e.Type is "page_view" or "search").Select(e => e.Source?.Page));
            Assert.Equal(("mug", 3), (shopper[1].Query, shopper[1].ResultCount));

            var view = shopper[3];
            Assert.Equal(("p2", "rec-123", 1), (view.ProductId, view.RecommendationId, view.Source?.Position));
            Assert.Equal(("p2", "rec-123"), (shopper[4].ProductId, shopper[4].RecommendationId));
            Assert.Equal((1, "payment"), (shopper[5].Step, shopper[5].StepName));
            var purchase = shopper[6];
            Assert.Equal("order-1", purchase.OrderId);
            Assert.Equal([new PurchaseLine("p2", 1, 19.99m)], purchase.Lines);
            Assert.Equal("newsletter_signup", shopper[7].Name);
            Assert.Equal("receipt", shopper[7].Properties!["placement"].GetString());
            Assert.All(shopper, e => Assert.True(e.OccurredAt >= started.AddMinutes(-1) && e.OccurredAt <= DateTimeOffset.UtcNow, $"{e.Type} at {e.OccurredAt}"));
        }
        finally
        {
            sink.Delete(recursive: true);
        }
    }
}
