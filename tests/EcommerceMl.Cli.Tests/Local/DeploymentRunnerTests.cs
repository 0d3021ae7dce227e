using System.Text.Json;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// A Deployment as ModelDeploymentBuilder makes it, created directly in the local cluster (the
/// ModelDeployment reconciler is not wired yet), runs as a real inference process: ready on
/// /readyz, reflected in the Deployment's status, its Service resolving to the process, answering a
/// recommendation; deleting the ModelDeployment stops the process.
/// </summary>
public sealed class DeploymentRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-deploy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Deployment_RunsAsAnInferenceProcess_ThatAnswersAndStopsWithItsOwner()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = Path.Combine(_folder, "store");
        var shopFolder = Path.Combine(_folder, "shop");
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 60, Categories = 6, Days = 200, Seed = 3 });
        ShopCsvWriter.Write(shop, shopFolder);
        var (trainExit, _, trainError) = await Ecml.RunAsync("train", "--task", "recommendation", "--algorithm", "item-cosine", "--data", shopFolder, "--store", store, "--model", "recs");
        Assert.True(trainExit == 0, trainError);
        var version = Assert.Single(await ModelStores.Open(store).ListVersionsAsync("recs", cancellationToken)).Version;

        var cluster = new LocalCluster(TimeProvider.System);
        await using var runner = new LocalDeploymentRunner(cluster, LocalProcesses.Ecml, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        var owner = await cluster.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = "recs", Version = version, Replicas = 2 },
        }, cancellationToken);
        var settings = LocalMode.Settings(store);
        await cluster.CreateAsync(ModelDeploymentBuilder.BuildService(owner), cancellationToken);
        await cluster.CreateAsync(ModelDeploymentBuilder.BuildDeployment(owner, version, settings), cancellationToken);
        var name = ModelDeploymentBuilder.DeploymentName(owner);

        var deployment = await LocalProcesses.EventuallyAsync(
            () => cluster.GetAsync<V1Deployment>("default", name, cancellationToken),
            d => d?.Status?.ReadyReplicas == 2,
            TimeSpan.FromMinutes(2),
            d => $"not ready: {k8s.KubernetesJson.Serialize(d?.Status)}");
        Assert.Contains(deployment!.Status.Conditions, c => c.Type == "Available" && c.Status == "True");
        Assert.Equal(deployment.Metadata.Generation, deployment.Status.ObservedGeneration);

        var service = await LocalProcesses.EventuallyAsync(
            () => cluster.GetAsync<V1Service>("default", "recs", cancellationToken),
            s => LocalState.LocalAddress(s) is not null,
            TimeSpan.FromMinutes(1),
            s => $"the Service does not resolve: {k8s.KubernetesJson.Serialize(s?.Status)}");
        var url = LocalState.LocalAddress(service)!;
        Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
        Assert.Equal(url, runner.AddressOf("default", name));

        using var http = new HttpClient();
        using (var ready = await http.GetAsync(new Uri($"{url}/readyz"), cancellationToken))
        {
            Assert.True(ready.IsSuccessStatusCode, await ready.Content.ReadAsStringAsync(cancellationToken));
        }

        using (var answer = await http.GetAsync(new Uri($"{url}/v1/recommendations/{Uri.EscapeDataString(shop.Orders[0].CustomerId)}?k=5"), cancellationToken))
        {
            var body = await answer.Content.ReadAsStringAsync(cancellationToken);
            Assert.True(answer.IsSuccessStatusCode, body);
            var recommendations = JsonDocument.Parse(body).RootElement.GetProperty("recommendations").EnumerateArray().ToList();
            Assert.Equal(5, recommendations.Count);
        }

        Assert.Contains(LocalProcesses.Mentioning(store), pid => pid > 0);
        cluster.Delete<ModelDeployment>("default", "recs");
        Assert.Null(await cluster.GetAsync<V1Deployment>("default", name, cancellationToken));
        await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Mentioning(store)),
            pids => pids.Count == 0,
            TimeSpan.FromMinutes(1),
            pids => $"inference processes left after their ModelDeployment was deleted: {string.Join(", ", pids)}");
    }
}
