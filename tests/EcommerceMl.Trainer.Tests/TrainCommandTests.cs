using System.CommandLine;
using EcommerceMl.Artifacts;

namespace EcommerceMl.Trainer.Tests;

public sealed class TrainCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => _folder.Dispose();

    private Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("test");
        TrainCommand.Configure(root);
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Invoke_TrainsFromACsvFolderIntoAStore()
    {
        var shop = Path.Combine(_folder.Path, "shop");
        EcommerceMl.Ml.Data.Csv.ShopCsvWriter.Write(SmallShop.Data, shop);
        var store = Path.Combine(_folder.Path, "store");

        var exit = await InvokeAsync("--task", "churn", "--data", shop, "--store", store, "--model", "churn", "--hp", "churn_days=45");

        Assert.True(exit == 0, _error.ToString());
        var manifest = await new LocalModelStore(store).GetManifestAsync("churn", cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotNull(manifest);
        Assert.Equal("45", manifest.Hyperparameters["churn_days"]);
    }

    [Fact]
    public async Task Invoke_WithAWindow_TrainsOnTheLastDaysAndTheManifestSaysSo()
    {
        var shop = Path.Combine(_folder.Path, "shop");
        EcommerceMl.Ml.Data.Csv.ShopCsvWriter.Write(SmallShop.Data, shop);
        var store = Path.Combine(_folder.Path, "store");
        var lastOrder = SmallShop.Data.Orders.Max(o => o.OrderedAt);
        var lastDay = SmallShop.Data.Events.Select(e => e.OccurredAt).Append(lastOrder).Max().Date;

        var exit = await InvokeAsync("--task", "recommendation", "--algorithm", "popularity", "--data", shop, "--store", store, "--model", "recs", "--window-days", "90");

        Assert.True(exit == 0, _error.ToString());
        var manifest = (await new LocalModelStore(store).GetManifestAsync("recs", cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Contains("(last 90 days: ", manifest.Data.Source, StringComparison.Ordinal);
        Assert.True(manifest.Data.From >= lastDay.AddDays(-89), $"data from {manifest.Data.From} should be inside the window");
        var inWindow = SmallShop.Data.Orders.Count(o => o.OrderedAt >= lastDay.AddDays(-89));
        Assert.Equal(inWindow, manifest.Data.Rows["orders"]);
        Assert.Contains("window: the last 90 days", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithEventsFromTheStore_MergesThemBeforeTheWindow_AndTheManifestSaysSo()
    {
        var shop = Path.Combine(_folder.Path, "shop");
        EcommerceMl.Ml.Data.Csv.ShopCsvWriter.Write(SmallShop.Data, shop);
        var store = Path.Combine(_folder.Path, "store");
        var now = DateTimeOffset.UtcNow;
        await TrainingEventsTests.WriteBatchAsync(
            store,
            now.AddMinutes(-5),
            TrainingEventsTests.Purchase("e1", "web-1", now.AddMinutes(-5)),
            TrainingEventsTests.Purchase("e2", "web-2", now.AddMinutes(-5), productId: "P-NEW"));

        var exit = await InvokeAsync("--task", "recommendation", "--algorithm", "popularity", "--data", shop, "--store", store, "--model", "recs", "--events", "store", "--events-window-days", "30");

        Assert.True(exit == 0, _error.ToString());
        var manifest = (await new LocalModelStore(store).GetManifestAsync("recs", cancellationToken: TestContext.Current.CancellationToken))!;
        Assert.Contains(" + events from ", manifest.Data.Source, StringComparison.Ordinal);
        Assert.Equal(SmallShop.Data.Orders.Count + 2, manifest.Data.Rows["orders"]);
        Assert.Equal(SmallShop.Data.Products.Count + 1, manifest.Data.Rows["products"]);
        Assert.Contains("events: 2 read (0 repeated ids dropped); 2 purchases became orders", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithABadEventsWindow_ExitsTwoSayingWhy()
    {
        var exit = await InvokeAsync("--task", "churn", "--data", "synthetic", "--store", _folder.Path, "--model", "churn", "--events", "store", "--events-window-days", "0");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("--events-window-days must be between 1 and 3650", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithANegativeWindow_ExitsTwoSayingWhy()
    {
        var exit = await InvokeAsync("--task", "churn", "--data", "synthetic", "--store", _folder.Path, "--model", "churn", "--window-days", "-5");

        Assert.Equal(2, exit);
        Assert.Contains("--window-days must be 0 (all data) or more, not -5", _error.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int Exit, string Store)> TrainChurnAsync(params string[] gate)
    {
        var shop = Path.Combine(_folder.Path, "shop");
        EcommerceMl.Ml.Data.Csv.ShopCsvWriter.Write(SmallShop.Data, shop);
        var store = Path.Combine(_folder.Path, "store");
        return (await InvokeAsync(["--task", "churn", "--data", shop, "--store", store, "--model", "churn", .. gate]), store);
    }

    [Fact]
    public async Task Invoke_WhenTheGateIsNotMet_PublishesTheVersionWithItsGate_AndExitsThree()
    {
        var (exit, store) = await TrainChurnAsync("--gate-metric", "auc", "--gate-minimum", "1.01");

        Assert.Equal(TrainerExitCodes.GateNotMet, exit);
        Assert.Contains("gate not met: auc = ", _error.ToString(), StringComparison.Ordinal);
        var published = new LocalModelStore(store);
        var manifest = Assert.Single(await published.ListVersionsAsync("churn", TestContext.Current.CancellationToken));
        var gate = manifest.Gate!;
        Assert.Equal(("auc", GateResult.Minimum, 1.01, false), (gate.Metric, gate.Bound, gate.Threshold, gate.Passed));
        Assert.Null(await published.GetManifestAsync("churn", ModelVersions.Latest, TestContext.Current.CancellationToken));
        Assert.Equal(manifest.Metrics["auc"], gate.Value);
    }

    [Fact]
    public async Task Invoke_WhenTheGateIsMet_ExitsZeroAndRecordsIt()
    {
        var (exit, store) = await TrainChurnAsync("--gate-metric", "brier", "--gate-maximum", "1");

        Assert.True(exit == 0, _error.ToString());
        var manifest = await new LocalModelStore(store).GetManifestAsync("churn", cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(manifest!.Gate!.Passed);
        Assert.Equal(GateResult.Maximum, manifest.Gate.Bound);
    }

    [Theory]
    [InlineData("--gate-metric", "no_such_metric", "--gate-minimum", "0.1", "does not produce")]
    [InlineData("--gate-metric", "auc", "--gate-minimum", "0.1", "--gate-maximum", "0.9", "exactly one of")]
    public async Task Invoke_WhenTheGateIsMalformed_ExitsTwoAndPublishesNothing(params string[] argsAndMessage)
    {
        var (exit, store) = await TrainChurnAsync(argsAndMessage[..^1]);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains(argsAndMessage[^1], _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(store, "models", "churn")));
    }

    [Theory]
    [InlineData("--gate-tolerance", "0.01", "needs --gate-metric")]
    [InlineData("--gate-metric", "auc", "--gate-minimum", "0.1", "--gate-tolerance", "-0.01", "must be 0 or more")]
    [InlineData("--trigger", "Whenever", "must be one of Initial, DriftDetected")]
    public async Task Invoke_WhenToleranceOrTriggerIsInvalid_ExitsTwoAndPublishesNothing(params string[] argsAndMessage)
    {
        var (exit, store) = await TrainChurnAsync(argsAndMessage[..^1]);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains(argsAndMessage[^1], _error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(store, "models", "churn")));
    }

    [Theory]
    [InlineData(null, TrainingTriggers.Manual)]
    [InlineData(TrainingTriggers.DriftDetected, TrainingTriggers.DriftDetected)]
    public async Task Invoke_RecordsTheTriggerInTheManifest_ManualByDefault(string? trigger, string recorded)
    {
        var (exit, store) = await TrainChurnAsync(trigger is null ? [] : ["--trigger", trigger]);

        Assert.True(exit == 0, _error.ToString());
        var manifest = await new LocalModelStore(store).GetManifestAsync("churn", cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(recorded, manifest!.Trigger);
    }

    [Fact]
    public async Task Invoke_WhenDataFolderHasBadRows_ExitsTwoWithFileAndLine()
    {
        var shop = Path.Combine(_folder.Path, "shop");
        EcommerceMl.Ml.Data.Csv.ShopCsvWriter.Write(SmallShop.Data, shop);
        var orders = Path.Combine(shop, "orders.csv");
        var lines = File.ReadAllLines(orders);
        lines[3] = lines[3].Replace(",20", ",20x", StringComparison.Ordinal);
        File.WriteAllLines(orders, lines);

        var exit = await InvokeAsync("--task", "churn", "--data", shop, "--store", Path.Combine(_folder.Path, "store"), "--model", "churn");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("orders.csv:4:", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenHyperparameterMalformed_ExitsTwoAndSaysHow()
    {
        var exit = await InvokeAsync("--task", "churn", "--data", "synthetic", "--store", _folder.Path, "--model", "churn", "--hp", "l2");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("key=value", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenTaskUnknown_IsAParseError()
    {
        var exit = await InvokeAsync("--task", "pricing", "--data", "synthetic", "--store", _folder.Path, "--model", "m");

        Assert.NotEqual(0, exit);
        Assert.Contains("pricing", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_TakesExactlyTheContractsArguments_EachNamingItsVariable()
    {
        var root = new RootCommand("test");
        TrainCommand.Configure(root);
        var options = root.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name is not "--help" and not "--version").ToList();

        Assert.Equal(TrainerArguments.All.Select(a => a.Option).Order(StringComparer.Ordinal), options.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(TrainerArguments.All, argument =>
            Assert.Contains($"env {argument.Variable}", options.Single(o => o.Name == argument.Option).Description, StringComparison.Ordinal));
    }
}
