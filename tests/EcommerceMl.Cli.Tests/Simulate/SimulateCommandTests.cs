using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Cli.Simulate;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Events;

namespace EcommerceMl.Cli.Tests.Simulate;

/// <summary><c>ecml simulate</c> against the real inference server, in-process on a free port, serving a model trained on the shop the traffic replays.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ShopFolder => Path.Combine(_folder, "shop");

    private string StoreFolder => Path.Combine(_folder, "store");

    private async Task<LocalServer> ServeTrainedModelAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        ShopCsvWriter.Write(ShopperTrafficTests.Shop, ShopFolder);
        var (exit, _, error) = await Ecml.RunAsync("train", "--task", "recommendation", "--algorithm", "item-cosine", "--data", ShopFolder, "--store", StoreFolder, "--model", "shop-recommendations");
        Assert.True(exit == 0, error);
        var server = await LocalServer.StartAsync(ModelStores.Open(StoreFolder), [], "http://127.0.0.1:0", cancellationToken);
        await server.WaitUntilReadyAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        return server;
    }

    /// <summary>The events the server wrote to its sink (the store's events/), read as a trainer would.</summary>
    private async Task<List<ShopEventRecord>> SinkEventsAsync()
    {
        var reader = new EventSinkReader(new LocalEventObjects(StoreFolder));
        var now = DateTimeOffset.UtcNow;
        return await reader.ReadAsync(now.AddDays(-1), now.AddHours(1), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Simulate_SendsSessionsThatTheServerAccepts_AndItsSinkHoldsThemAsOrdersToTrainOn()
    {
        string output;
        await using (var server = await ServeTrainedModelAsync())
        {
            (var exit, output, var error) = await Ecml.RunAsync("simulate", "--url", server.BaseUrl, "--shop", ShopFolder, "--requests", "30", "--rate", "1000", "--seed", "3");

            Assert.True(exit == 0, output + error);
        } // a graceful stop flushes the sink

        Assert.Contains("simulated 30 shopper sessions against", output, StringComparison.Ordinal);
        Assert.Contains("30 answered by shop-recommendations", output, StringComparison.Ordinal);
        Assert.Contains("0 refused; 30 purchases", output, StringComparison.Ordinal);
        Assert.Contains("errors: none", output, StringComparison.Ordinal);
        var events = await SinkEventsAsync();
        var purchases = events.Where(e => e.Type == EventSchema.Purchase).ToList();
        Assert.Equal(30, purchases.Count);
        Assert.All(purchases.Where(p => p.RecommendationId is not null), p =>
        {
            Assert.True(RecommendationIds.TryParse(p.RecommendationId, out var model, out _));
            Assert.Equal("shop-recommendations", model);
        });
        var merged = EventShopData.MergeWithReport(ShopperTrafficTests.Shop, events);
        Assert.Equal(ShopperTrafficTests.Shop.Orders.Count + 30, merged.Data.Orders.Count);
        Assert.Empty(merged.Report.ProductsAdded); // unshifted traffic buys only the shop's own products
    }

    [Fact]
    public async Task Simulate_Shifted_SellsTheNewRange()
    {
        await using (var server = await ServeTrainedModelAsync())
        {
            var (exit, output, error) = await Ecml.RunAsync("simulate", "--url", server.BaseUrl, "--shop", ShopFolder, "--requests", "40", "--rate", "1000", "--shift");

            Assert.True(exit == 0, output + error);
            Assert.Contains($"shifted: {ShopperTraffic.ShiftDescription}", output, StringComparison.Ordinal);
        }

        var lines = (await SinkEventsAsync()).Where(e => e.Type == EventSchema.Purchase).SelectMany(e => e.Lines!).ToList();
        Assert.InRange(lines.Count(l => l.ProductId!.StartsWith(ShopperTraffic.NewRangePrefix, StringComparison.Ordinal)) / (double)lines.Count, 0.6, 0.95);
    }

    [Fact]
    public async Task Simulate_WhenNoServerListens_ExitsTwoSayingWhere()
    {
        ShopCsvWriter.Write(ShopperTrafficTests.Shop, ShopFolder);

        var (exit, _, error) = await Ecml.RunAsync("simulate", "--url", "http://127.0.0.1:9", "--shop", ShopFolder, "--requests", "1");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("error: cannot reach an inference server at http://127.0.0.1:9/", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--url", "localhost:8080", "--url must be the http:// or https:// address")]
    [InlineData("--rate", "0", "--rate must be more than 0 and at most 1000")]
    [InlineData("--rate", "5000", "--rate must be more than 0 and at most 1000")]
    [InlineData("--duration", "soon", "--duration must be a length such as 90s, 2m or 1h")]
    [InlineData("--duration", "25h", "--duration must be a length such as 90s, 2m or 1h")]
    [InlineData("--requests", "0", "--requests must be between 1 and")]
    public async Task Simulate_WithABadArgument_ExitsTwoNamingIt(string option, string value, string message)
    {
        string[] args = option == "--url" ? ["simulate", "--url", value] : ["simulate", "--url", "http://127.0.0.1:9", option, value];

        var (exit, _, error) = await Ecml.RunAsync(args);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_WithBothADurationAndARequestCount_SaysToChooseOne()
    {
        var (exit, _, error) = await Ecml.RunAsync("simulate", "--url", "http://127.0.0.1:9", "--duration", "10s", "--requests", "5");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("give --duration or --requests, not both", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("2m", 120)]
    [InlineData("1.5h", 5400)]
    [InlineData("45", 45)]
    public void ParseDuration_ReadsSecondsMinutesAndHours(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulateCommand.ParseDuration(text));
}
