using EcommerceMl.Artifacts;
using EcommerceMl.Contracts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using EcommerceMl.Operator.Tests.Support.Prometheus;
using EcommerceMl.Trainer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Tests.Traffic;

/// <summary>
/// Three real inference servers (the inference app on Kestrel, serving models the trainer trained into a local store)
/// and a real Prometheus scraping each every second with the labels its Kubernetes discovery would give a Pod
/// (<c>namespace</c>, <c>pod</c>): the stable version, a retrain of it (a good canary), and a popularity model whose
/// file loads but holds an infinite score for the most bought product, so every answer recommending it fails to
/// serialise (a 500) while customers who bought it are answered (a 5xx canary, made as the local canary test makes it).
/// Shared by the tests of a class; skips without the prometheus binary.
/// </summary>
public sealed class PrometheusServingFixture : IAsyncLifetime
{
    public const string Ns = "shop";
    public const string Model = "recs";
    public const string StableDeployment = Model + "-predictor";
    public const string CanaryDeployment = Model + "-predictor-canary";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ecml-promql-");
    private readonly List<WebApplication> _servers = [];
    private PrometheusServer? _prometheus;

    public LocalModelStore Store { get; private set; } = null!;

    public Server Stable { get; private set; } = null!;

    public Server GoodCanary { get; private set; } = null!;

    public Server BrokenCanary { get; private set; } = null!;

    /// <summary>Prometheus's address.</summary>
    public Uri Prometheus => _prometheus!.Address;

    /// <summary>What Prometheus wrote, for failure messages.</summary>
    public string PrometheusOutput => _prometheus?.Process.Output ?? "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>An inference server: the version it serves, its port, and the Pod name Prometheus labels its series with.</summary>
    public sealed record Server(string Version, int Port, string Pod);

    public async ValueTask InitializeAsync()
    {
        PrometheusServer.Require();
        var ct = TestContext.Current.CancellationToken;
        Store = new LocalModelStore(Path.Combine(_folder.FullName, "store"));
        var v1 = await TrainAsync("item-cosine", ct);
        var v2 = await TrainAsync("item-cosine", ct);
        var broken = await PublishInfiniteScoreAsync(ct);
        Stable = new Server(v1, await ServeAsync(v1, ct), "");
        Stable = Stable with { Pod = $"{StableDeployment}-{Stable.Port}" };
        var goodPort = await ServeAsync(v2, ct);
        GoodCanary = new Server(v2, goodPort, $"{CanaryDeployment}-{goodPort}");
        var brokenPort = await ServeAsync(broken, ct);
        BrokenCanary = new Server(broken, brokenPort, $"{CanaryDeployment}-{brokenPort}");
        _prometheus = PrometheusServer.Start(_folder.FullName, new[] { Stable, GoodCanary, BrokenCanary }.Select(s =>
            new ScrapeJob("ecml-inference-" + s.Port, $"127.0.0.1:{s.Port}", new Dictionary<string, string> { ["namespace"] = Ns, ["pod"] = s.Pod })));
        // Every series exists before a test measures (Prometheus' increase() does not extrapolate a series back past zero).
        await ShopAsync([Stable, GoodCanary, BrokenCanary], TimeSpan.FromSeconds(1), ct);
        var (up, last) = await _prometheus.QueryUntilDataAsync(Http, "count(up == 1) == 3", TimeSpan.FromSeconds(60), ct);
        Assert.True(up > 0, $"Prometheus never scraped the three servers: {last}\n{PrometheusOutput}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        foreach (var app in _servers)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        Http.Dispose();
        _folder.Delete(recursive: true);
    }

    /// <summary>Shoppers asking the servers in turn for recommendations, as the Service spreads them, for <paramref name="duration"/>; how many each answered with a 5xx.</summary>
    public async Task<Dictionary<int, (int Requests, int Errors)>> ShopAsync(IReadOnlyList<Server> servers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var counts = servers.ToDictionary(s => s.Port, _ => (Requests: 0, Errors: 0));
        var until = DateTime.UtcNow + duration;
        for (var round = 0; DateTime.UtcNow < until; round++)
        {
            foreach (var server in servers)
            {
                using var answer = await Http.GetAsync(new Uri($"http://127.0.0.1:{server.Port}/v1/recommendations/C{round % 200 + 1:D5}?model={Model}"), cancellationToken);
                var (requests, errors) = counts[server.Port];
                counts[server.Port] = (requests + 1, errors + ((int)answer.StatusCode >= 500 ? 1 : 0));
            }
        }

        return counts;
    }

    private async Task<string> TrainAsync(string algorithm, CancellationToken cancellationToken)
    {
        var before = await Store.ListVersionIdsAsync(Model, cancellationToken);
        var exit = await TrainerCommandLine.InvokeAsync(["--task", "recommendation", "--algorithm", algorithm, "--data", "synthetic", "--store", Store.Location, "--model", Model, "--namespace", Ns]);
        Assert.Equal(0, exit);
        return (await Store.ListVersionIdsAsync(Model, cancellationToken)).Except(before).Single();
    }

    /// <summary>A popularity model of the synthetic shop whose score for its most bought product is +∞: it loads, and JSON has no infinity.</summary>
    private async Task<string> PublishInfiniteScoreAsync(CancellationToken cancellationToken)
    {
        var trained = await TrainAsync("popularity", cancellationToken);
        var loaded = await Store.LoadAsync(Model, trained, cancellationToken);
        var data = InteractionData.FromShop(SyntheticShop.Generate());
        var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
        popularity[Array.IndexOf(popularity, popularity.Max())] = float.PositiveInfinity;
        using var file = new MemoryStream();
        new PopularityRecommender(RecommenderCatalog.FromInteractions(data, popularity)).Save(file);
        var version = ModelVersions.NewVersion(TimeProvider.System);
        await Store.PublishAsync(loaded.Manifest with { Version = version }, new Dictionary<string, byte[]> { [loaded.Manifest.Files.Keys.Single()] = file.ToArray() }, cancellationToken);
        return version;
    }

    private async Task<int> ServeAsync(string version, CancellationToken cancellationToken)
    {
        var app = InferenceApp.Build(["--environment", "Production"], Store, TaskPipelines.All, b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(InferenceApp.ModelSettings([$"{Model}@{version}"]));
        });
        await app.StartAsync(cancellationToken);
        await app.Services.GetRequiredService<ModelRegistry>().WaitUntilReadyAsync(cancellationToken);
        _servers.Add(app);
        return new Uri(app.Urls.First()).Port;
    }
}

/// <summary>The test classes that share one <see cref="PrometheusServingFixture"/> (three trainings and a Prometheus are started once).</summary>
[CollectionDefinition(Name)]
public sealed class PrometheusServingCollection : ICollectionFixture<PrometheusServingFixture>
{
    public const string Name = "Prometheus scraping real inference servers";
}
