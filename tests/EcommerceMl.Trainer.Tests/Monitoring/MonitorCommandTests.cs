using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Evaluation;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Trainer.Tests.Monitoring;

[Collection(EnvironmentVariables.Collection)]
public sealed class MonitorCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly string? _previousThreshold = Environment.GetEnvironmentVariable(MonitorArguments.Threshold.Variable);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(MonitorArguments.Threshold.Variable, _previousThreshold);
        _folder.Dispose();
    }

    private string Store => Path.Combine(_folder.Path, "store");

    [Fact]
    public void Configure_GivesExactlyTheContractsOptions()
    {
        var command = new Command(MonitorArguments.Command);

        MonitorCommand.Configure(command);

        Assert.Equal(MonitorArguments.All.Select(a => a.Option).Order(StringComparer.Ordinal), command.Options.Select(o => o.Name).Order(StringComparer.Ordinal));
        Assert.All(MonitorArguments.All, a => Assert.Contains(a.Variable, command.Options.Single(o => o.Name == a.Option).Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_AfterTraining_WritesTheReportBesideTheVersion_AndExitsZero()
    {
        var (trained, live) = WriteShops();
        Assert.Equal(0, await TrainAsync(trained));

        var exit = await MonitorAsync("--model", "recs", "--data", live, "--store", Store, "--min-samples", "100", "--window-days", "60");

        Assert.True(exit == 0, _error.ToString());
        var manifest = (await new LocalModelStore(Store).GetManifestAsync("recs", cancellationToken: TestContext.Current.CancellationToken))!;
        var reports = await new LocalModelStore(Store).ListMonitoringReportsAsync("recs", manifest.Version, cancellationToken: TestContext.Current.CancellationToken);
        var report = Assert.Single(reports.Reports);
        Assert.Equal(manifest.Version, report.Version);
        Assert.True(report.NewData.Orders > 0);
        Assert.NotNull(report.Drift);
        var printed = _output.ToString();
        Assert.Contains("feature", printed, StringComparison.Ordinal);
        Assert.Contains("purchased_product ", printed, StringComparison.Ordinal);
        Assert.Contains("recommended_popularity_rank (output)", printed, StringComparison.Ordinal);
        Assert.Contains("report written beside recs/", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_JudgesASinkPurchaseDatedBeforeTheDataEnd_OnlyWhenItArrivedAfterTheVersionWasCreated()
    {
        // The run read what the sink had received before it started; a purchase received after the version was created
        // cannot be in it, though a session sent at its end dates it earlier. One received before is left to the data end rule.
        // (This run read no sink, so its manifest records no read end: the version's creation bounds the read.)
        var (trained, live) = WriteShops();
        Assert.Equal(0, await TrainAsync(trained));
        var manifest = (await new LocalModelStore(Store).GetManifestAsync("recs", cancellationToken: TestContext.Current.CancellationToken))!;
        var dated = new DateTimeOffset(DateTime.SpecifyKind(manifest.Data.To!.Value, DateTimeKind.Utc)).AddHours(-1);
        var unread = TrainingEventsTests.Purchase("e-late", "web-late", manifest.CreatedAt.AddMilliseconds(1)) with { OccurredAt = dated };
        var read = TrainingEventsTests.Purchase("e-read", "web-read", manifest.CreatedAt.AddMinutes(-1)) with { OccurredAt = dated };
        await TrainingEventsTests.WriteBatchAsync(Store, manifest.CreatedAt.AddMinutes(-1), read);
        await TrainingEventsTests.WriteBatchAsync(Store, manifest.CreatedAt.AddMilliseconds(1), unread);

        // 61 days: the window reaches back past the version's data end, so the judged part starts there.
        var exit = await MonitorAsync("--model", "recs", "--data", live, "--store", Store, "--min-samples", "100", "--window-days", "61");

        Assert.True(exit == 0, _error.ToString());
        var report = (await new LocalModelStore(Store).ListMonitoringReportsAsync("recs", manifest.Version, cancellationToken: TestContext.Current.CancellationToken)).Newest!;
        Assert.Contains(report.Notes, n => n.StartsWith("window: also judges 1 order(s) dated before the data end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_JudgesASinkPurchaseReceivedAfterTheRunsReadEnded_ThoughBeforeTheVersionWasCreated()
    {
        // Training takes a while: the run read the sink up to where its read ended, and the version was created minutes
        // later. A purchase received in between was never read, though it came before the version; one received before
        // the read ended was read (left to the data end rule).
        var (trained, live) = WriteShops();
        Assert.Equal(0, await TrainAsync(trained));
        var ct = TestContext.Current.CancellationToken;
        var store = new LocalModelStore(Store);
        var version = (await store.GetManifestAsync("recs", cancellationToken: ct))!;
        var readEnd = version.CreatedAt.AddMinutes(-10);
        // The same version as a run whose read ended ten minutes before it published; its id a minute later, so it is
        // the servable latest the monitor picks (ids order by second, and randomly within one).
        var manifest = await store.PublishAsync(
            version with
            {
                Version = ModelVersions.NewVersion(new FakeTimeProvider(version.CreatedAt.AddMinutes(1))),
                Data = version.Data with { EventsReceivedBefore = readEnd },
            },
            (await store.LoadAsync("recs", version.Version, ct)).Files,
            ct);
        var dated = new DateTimeOffset(DateTime.SpecifyKind(manifest.Data.To!.Value, DateTimeKind.Utc)).AddHours(-1);
        await TrainingEventsTests.WriteBatchAsync(Store, readEnd.AddMinutes(-1), TrainingEventsTests.Purchase("e-read", "web-read", readEnd.AddMinutes(-1)) with { OccurredAt = dated });
        await TrainingEventsTests.WriteBatchAsync(Store, readEnd.AddMinutes(1), TrainingEventsTests.Purchase("e-unread", "web-unread", readEnd.AddMinutes(1)) with { OccurredAt = dated });

        var exit = await MonitorAsync("--model", "recs", "--data", live, "--store", Store, "--min-samples", "100", "--window-days", "61");

        Assert.True(exit == 0, _error.ToString());
        var report = (await store.ListMonitoringReportsAsync("recs", manifest.Version, cancellationToken: ct)).Newest!;
        Assert.Contains(report.Notes, n => n.StartsWith("window: also judges 1 order(s) dated before the data end that reached the event sink after the version's run read it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invoke_WithoutAServableVersion_ExitsTwoNamingTheModel()
    {
        var exit = await MonitorAsync("--model", "recs", "--data", "synthetic", "--store", Store);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("error: Model 'recs' has no servable version", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WithAThresholdVariableThatIsNoNumber_ExitsTwoNamingTheVariable()
    {
        Environment.SetEnvironmentVariable(MonitorArguments.Threshold.Variable, "high");
        var root = new RootCommand("trainer");
        var monitor = new Command(MonitorArguments.Command);
        MonitorCommand.Configure(monitor);
        root.Subcommands.Add(monitor);

        var parse = root.Parse(["monitor", "--model", "recs", "--data", "synthetic", "--store", Store]);

        Assert.Contains(parse.Errors, e => e.Message.Contains("ECML_MONITOR_THRESHOLD is 'high'", StringComparison.Ordinal));
        Assert.Equal(TrainerExitCodes.InvalidInput, await CommandLineRunner.InvokeAsync(root, ["monitor", "--model", "recs", "--data", "synthetic", "--store", Store]));
    }

    [Fact]
    public async Task Invoke_WithANegativeWindow_ExitsTwo()
    {
        var (trained, live) = WriteShops();
        Assert.Equal(0, await TrainAsync(trained));

        var exit = await MonitorAsync("--model", "recs", "--data", live, "--store", Store, "--window-days", "0");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("window must be 1 to 3,660 days", _error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>The small shop up to 60 days before its end (what the version is trained on), and the whole shop (live).</summary>
    private (string Trained, string Live) WriteShops()
    {
        var end = SmallShop.Data.Orders.Max(o => o.OrderedAt).Date.AddDays(1);
        var trained = Path.Combine(_folder.Path, "trained");
        var live = Path.Combine(_folder.Path, "live");
        ShopCsvWriter.Write(TemporalSplit.At(SmallShop.Data, end.AddDays(-60)).Train, trained);
        ShopCsvWriter.Write(SmallShop.Data, live);
        return (trained, live);
    }

    private Task<int> TrainAsync(string data)
    {
        var root = new RootCommand("test");
        TrainCommand.Configure(root);
        return root.Parse(["--task", "recommendation", "--algorithm", "popularity", "--data", data, "--store", Store, "--model", "recs"])
            .InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, TestContext.Current.CancellationToken);
    }

    private Task<int> MonitorAsync(params string[] args)
    {
        var command = new RootCommand("test");
        MonitorCommand.Configure(command);
        return command.Parse(args).InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, TestContext.Current.CancellationToken);
    }
}
