using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Trainer.Tests;

public sealed class TrainerCommandLineTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task InvokeAsync_TrainsAtTheRoot_AndMonitorsWithMonitorFirst_WithoutDemandingTheTrainOptions()
    {
        var shop = Path.Combine(_folder.Path, "shop");
        var store = Path.Combine(_folder.Path, "store");
        ShopCsvWriter.Write(SmallShop.Data, shop);

        var trained = await TrainerCommandLine.InvokeAsync(["--task", "recommendation", "--algorithm", "popularity", "--data", shop, "--store", store, "--model", "recs"]);
        var monitored = await TrainerCommandLine.InvokeAsync(["monitor", "--model", "recs", "--data", shop, "--store", store, "--min-samples", "50"]);

        Assert.Equal(TrainerExitCodes.Done, trained);
        Assert.Equal(TrainerExitCodes.Done, monitored);
        var version = (await new LocalModelStore(store).GetManifestAsync("recs", cancellationToken: TestContext.Current.CancellationToken))!.Version;
        var reports = await new LocalModelStore(store).ListMonitoringReportsAsync("recs", version, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Single(reports.Reports);
    }
}
