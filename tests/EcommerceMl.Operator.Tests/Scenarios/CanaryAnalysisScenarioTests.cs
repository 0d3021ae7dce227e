using EcommerceMl.Artifacts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Training;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using EcommerceMl.Trainer;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// The canary analysis through the Kubernetes API test server with the real client, as Program.cs composes the
/// operator: two real inference servers (the inference app on Kestrel, serving trained models from the store) stand
/// for the stable and canary Pods, whose IPs and ports the test writes as a kubelet would; the operator scrapes their
/// /metrics (the default source) while the test sends shoppers' requests to both, as the Service would.
/// </summary>
public sealed class CanaryAnalysisScenarioTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Name = "recs";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-canary-scenario-");
    private readonly List<WebApplication> _servers = [];
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private LocalModelStore _store = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        _store = new LocalModelStore(_storeFolder.FullName);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _servers)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }

        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _storeFolder.Delete(recursive: true);
    }

    private async Task<string> TrainAsync()
    {
        var before = await _store.ListVersionIdsAsync(Name, Ct);
        var exit = await TrainerCommandLine.InvokeAsync(["--task", "recommendation", "--algorithm", "item-cosine", "--data", "synthetic", "--store", _storeFolder.FullName, "--model", Name, "--namespace", Ns]);
        Assert.Equal(0, exit);
        return (await _store.ListVersionIdsAsync(Name, Ct)).Except(before).Single();
    }

    /// <summary>The inference app serving <paramref name="version"/> on a free port of 127.0.0.1, once its model is loaded.</summary>
    private async Task<int> ServeAsync(string version)
    {
        var app = InferenceApp.Build(["--environment", "Production"], _store, TaskPipelines.All, b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(InferenceApp.ModelSettings([$"{Name}@{version}"]));
        });
        await app.StartAsync(Ct);
        await app.Services.GetRequiredService<ModelRegistry>().WaitUntilReadyAsync(Ct);
        _servers.Add(app);
        return new Uri(app.Urls.First()).Port;
    }

    /// <summary>A running Pod of the Deployment at 127.0.0.1 whose container's http port is the server's (the kubelet's part).</summary>
    private async Task AddPodAsync(string deploymentName, int port)
    {
        var deployment = (await _cluster.DeploymentAsync(deploymentName, Ct))!;
        var spec = deployment.Spec.Template.Spec;
        spec.Containers[0].Ports = [new V1ContainerPort { Name = ModelDeploymentBuilder.PortName, ContainerPort = port }];
        var pod = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{deploymentName}-{port}", Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = spec,
        }, Ns, cancellationToken: Ct);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1" };
        await _cluster.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Ns, cancellationToken: Ct);
    }

    private async Task SetVersionAsync(string version, bool create = false)
    {
        var md = create
            ? TestResources.ModelDeployment(Name, s =>
            {
                s.Model = Name;
                s.Replicas = 2;
                s.Rollout = new RolloutSpec
                {
                    Strategy = RolloutSpec.Canary,
                    Analysis = new RolloutAnalysisSpec { Interval = "1s", Steps = [50], FailureLimit = 2, Metrics = new AnalysisMetricsSpec { MinRequests = 10 } },
                };
            })
            : await _cluster.ModelDeploymentAsync(Name, Ct);
        md.Spec.Version = version;
        if (create)
        {
            md.Metadata.NamespaceProperty = Ns;
            md.Metadata.Uid = null;
            await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(md, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);
        }
        else
        {
            await _cluster.Client.CustomObjects.ReplaceNamespacedCustomObjectAsync(md, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, Name, cancellationToken: Ct);
        }
    }

    [Fact]
    public async Task AGoodCanary_MeasuredFromItsPodsMetrics_IsPromoted()
    {
        var v1 = await TrainAsync();
        var v2 = await TrainAsync();
        var stablePort = await ServeAsync(v1);
        var canaryPort = await ServeAsync(v2);
        await using var running = new RunningOperator(_server, Ns, _store);

        await SetVersionAsync(v1, create: true);
        var stable = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync($"{Name}-predictor", Ct), d => d is not null, Ct);
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        await AddPodAsync(stable.Metadata.Name, stablePort);
        await ClusterClient.EventuallyAsync(() => _cluster.ModelDeploymentAsync(Name, Ct), md => md.Status?.CurrentVersion == v1, Ct);

        await SetVersionAsync(v2);
        var canary = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync($"{Name}-predictor-canary", Ct), d => d is not null, Ct);
        await AddPodAsync(canary!.Metadata.Name, canaryPort);
        await _cluster.MarkRolledOutAsync(canary.Metadata.Name, Ct);

        // Shoppers, spread over both Pods as the Service would, until the canary is promoted (bounded).
        using var http = new HttpClient();
        ModelDeployment md = null!;
        for (var round = 0; round < 400; round++)
        {
            foreach (var port in new[] { stablePort, canaryPort })
            {
                using var answer = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/v1/recommendations/C{round % 200 + 1:D5}?model={Name}"), Ct);
                Assert.True(answer.IsSuccessStatusCode);
            }

            md = await _cluster.ModelDeploymentAsync(Name, Ct);
            if (md.Status?.CurrentVersion == v2)
            {
                break;
            }

            await Task.Delay(20, Ct);
        }

        Assert.Equal((v2, v1), (md.Status!.CurrentVersion, md.Status.PreviousVersion));
        Assert.Equal(AnalysisPhases.Succeeded, md.Status.Analysis!.Phase);
        var requests = md.Status.Analysis.LastCheck!.Metrics.Single(m => m.Name == "requests");
        Assert.True(requests.Value >= 10 && requests.Stable >= 10, $"{requests.Value} canary, {requests.Stable} stable requests");
    }
}
