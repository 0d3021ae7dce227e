using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using EcommerceMl.Trainer;
using k8s;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// The canary analysis through the Kubernetes API test server with the real client, as Program.cs composes the
/// operator: two real inference servers (the inference app on Kestrel, serving trained models from the store) stand
/// for the stable and canary Pods, whose IPs and ports the test writes as a kubelet would; the operator scrapes their
/// /metrics (the default source) while the test sends shoppers' requests to both, as the Service would. The versions
/// are real models: retrains of item-cosine, and for the 5xx canary a popularity model of the same shop whose file
/// loads but holds an infinite score for the most bought product (JSON has no infinity: every answer recommending it
/// is a 500, while customers who bought it are answered).
/// </summary>
public sealed class CanaryAnalysisScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "recs";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-canary-scenario-");
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;
    private InferencePods _pods = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new LocalModelStore(_storeFolder.FullName);
        _pods = new InferencePods(_cluster, _store, Ns, Name);
    }

    public async ValueTask DisposeAsync()
    {
        await _pods.DisposeAsync();
        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
        if (Directory.Exists(ShopFolder))
        {
            Directory.Delete(ShopFolder, recursive: true);
        }
    }

    private string ShopFolder => Path.Combine(_storeFolder.FullName, "..", _storeFolder.Name + "-shop");

    private async Task<string> TrainAsync(string algorithm = "item-cosine", string data = "synthetic")
    {
        var before = await _store.ListVersionIdsAsync(Name, Ct);
        var exit = await TrainerCommandLine.InvokeAsync(["--task", "recommendation", "--algorithm", algorithm, "--data", data, "--store", _storeFolder.FullName, "--model", Name, "--namespace", Ns]);
        Assert.Equal(0, exit);
        return (await _store.ListVersionIdsAsync(Name, Ct)).Except(before).Single();
    }

    /// <summary>
    /// A popularity model of <paramref name="shop"/> whose score for the most bought product is +∞: the file format
    /// checks counts and indices, not popularity scores, so it loads and serves; an answer recommending it is a 500.
    /// </summary>
    private async Task<string> PublishInfiniteScoreAsync(ShopData shop)
    {
        var trained = await TrainAsync("popularity", ShopFolder);
        var loaded = await _store.LoadAsync(Name, trained, Ct);
        var data = InteractionData.FromShop(shop);
        var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
        popularity[Array.IndexOf(popularity, popularity.Max())] = float.PositiveInfinity;
        using var file = new MemoryStream();
        new PopularityRecommender(RecommenderCatalog.FromInteractions(data, popularity)).Save(file);
        var version = ModelVersions.NewVersion(TimeProvider.System);
        await _store.PublishAsync(loaded.Manifest with { Version = version }, new Dictionary<string, byte[]> { [loaded.Manifest.Files.Keys.Single()] = file.ToArray() }, Ct);
        return version;
    }

    /// <summary>The shop of the 5xx scenario, as CSVs the trainer reads: customers C00001… as the shoppers below ask for.</summary>
    private ShopData WriteShop()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 60, Categories = 6, Days = 200, Seed = 3 });
        ShopCsvWriter.Write(shop, ShopFolder);
        return shop;
    }

    private static RolloutAnalysisSpec DefaultAnalysis() =>
        new() { Interval = "1s", Steps = [50], FailureLimit = 2, Metrics = new AnalysisMetricsSpec { MinRequests = 10 } };

    private Task<(int StablePort, int CanaryPort)> CanaryAsync(string v1, string v2, RolloutAnalysisSpec? analysis = null) =>
        _pods.CanaryAsync(v1, v2, analysis ?? DefaultAnalysis(), Ct);

    [Fact]
    public async Task AGoodCanary_MeasuredFromItsPodsMetrics_IsPromoted()
    {
        var v1 = await TrainAsync();
        var v2 = await TrainAsync();
        await using var running = new RunningOperator(_server, Ns, _store);
        var (stablePort, canaryPort) = await CanaryAsync(v1, v2);

        // Shoppers, spread over both Pods as the Service would, one after another, until the canary is promoted.
        await using var shoppers = Shoppers.Start(Name, [stablePort, canaryPort], TimeSpan.Zero, Ct);
        var md = await shoppers.UntilAsync(_cluster, Name, m => m.Status?.CurrentVersion == v2, Ct);

        Assert.Equal((0, 0), (shoppers.Failures(stablePort), shoppers.Failures(canaryPort)));
        Assert.Equal((v2, v1), (md.Status!.CurrentVersion, md.Status.PreviousVersion));
        Assert.Equal(AnalysisPhases.Succeeded, md.Status.Analysis!.Phase);
        var requests = md.Status.Analysis.LastCheck!.Metrics.Single(m => m.Name == "requests");
        Assert.True(requests.Value >= 10 && requests.Stable >= 10, $"{requests.Value} canary, {requests.Stable} stable requests");
    }

    [Fact]
    public async Task AnotherOperatorInTheProcess_ReconcilingAModelDeploymentOfTheSameName_LeavesTheAnalysisItsIntervals()
    {
        var v1 = await TrainAsync();
        var v2 = await TrainAsync();
        // A second cluster and operator in this process, with its own shop/recs (no analysis), reconciled all along.
        await using var otherServer = await ApiTestServer.StartAsync();
        using var otherClient = otherServer.Client();
        var other = TestResources.ModelDeployment(Name, s => s.Model = Name);
        other.Metadata.NamespaceProperty = Ns;
        other.Metadata.Uid = null;
        await otherClient.CustomObjects.CreateNamespacedCustomObjectAsync(other, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);
        await using var otherOperator = new RunningOperator(otherServer, Ns, _store);
        await using var running = new RunningOperator(_server, Ns, _store);
        var (stablePort, canaryPort) = await CanaryAsync(v1, v2);

        await using var shoppers = Shoppers.Start(Name, [stablePort, canaryPort], TimeSpan.Zero, Ct);
        var md = await shoppers.UntilAsync(_cluster, Name, m => m.Status?.CurrentVersion == v2, Ct);

        Assert.Equal(AnalysisPhases.Succeeded, md.Status!.Analysis!.Phase);
    }

    [Fact]
    public async Task ACanaryAnswering5xx_IsRolledBackAfterFailureLimitFailedIntervals()
    {
        var shop = WriteShop();
        var v1 = await TrainAsync(data: ShopFolder);
        var broken = await PublishInfiniteScoreAsync(shop);
        await using var running = new RunningOperator(_server, Ns, _store);
        var (stablePort, canaryPort) = await CanaryAsync(v1, broken);

        await using var shoppers = Shoppers.Start(Name, [stablePort, canaryPort], TimeSpan.Zero, Ct);
        var md = await shoppers.UntilAsync(_cluster, Name, m => m.Status?.ModelStatus?.LastFailureInfo?.Version == broken, Ct);

        Assert.Equal(0, shoppers.Failures(stablePort));
        Assert.True(shoppers.Failures(canaryPort) > 0, "the broken canary answered no 500");
        var failure = md.Status!.ModelStatus!.LastFailureInfo!;
        Assert.Equal((ModelDeploymentReasons.AnalysisFailed, broken), (failure.Reason, failure.Version));
        Assert.Contains("canary requests answered 5xx", failure.Message, StringComparison.Ordinal);
        Assert.Equal((v1, null), (md.Status.CurrentVersion, md.Status.CandidateVersion));
        Assert.Equal((AnalysisPhases.Failed, 2), (md.Status.Analysis!.Phase, md.Status.Analysis.FailedChecks));
        Assert.Equal(ConditionStatus.True, Conditions.Find(md.Status.Conditions, ModelDeploymentConditions.RolledBack)!.Status);
        await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(_pods.CanaryDeployment, Ct), d => d is null, Ct);
        var events = await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct);
        Assert.Contains(events.Items, e => e.Reason == ModelDeploymentReasons.RolledBack && e.Type == "Warning" && e.Message.StartsWith(ModelDeploymentReasons.AnalysisFailed, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TooLittleTraffic_IsInconclusive_AndTheCanaryIsNotPromoted()
    {
        var v1 = await TrainAsync();
        var v2 = await TrainAsync();
        await using var running = new RunningOperator(_server, Ns, _store);
        var analysis = DefaultAnalysis();
        analysis.InconclusiveLimit = 2;
        analysis.OnInconclusive = RolloutAnalysisSpec.Wait;
        var (_, canaryPort) = await CanaryAsync(v1, v2, analysis);

        // Fewer than minRequests (10) canary requests in every 1 s interval: a shopper every half second.
        await using var shoppers = Shoppers.Start(Name, [canaryPort], TimeSpan.FromMilliseconds(500), Ct);
        var md = await shoppers.UntilAsync(_cluster, Name, m => m.Status?.Analysis is { Phase: AnalysisPhases.Inconclusive, InconclusiveChecks: >= 4 }, Ct);

        Assert.Equal(0, shoppers.Failures(canaryPort));
        Assert.Equal((v1, v2), (md.Status!.CurrentVersion, md.Status.CandidateVersion));
        Assert.Equal((AnalysisPhases.Inconclusive, 0, 0), (md.Status.Analysis!.Phase, md.Status.Analysis.SuccessfulChecks, md.Status.Analysis.FailedChecks));
        Assert.True(md.Status.Analysis.InconclusiveChecks >= 4, md.Status.Analysis.Message);
        Assert.Equal(CheckResults.Inconclusive, md.Status.Analysis.LastCheck!.Metrics.Single(m => m.Name == "requests").Result);
        Assert.NotNull(await _cluster.DeploymentAsync($"{Name}-predictor-canary", Ct));
        var events = await _cluster.Client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct);
        Assert.Single(events.Items, e => e.Reason == ModelDeploymentReasons.AnalysisInconclusive);
    }
}
