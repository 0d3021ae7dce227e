using EcommerceMl.Artifacts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Training;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// Real inference servers standing for a ModelDeployment's Pods in the API test server: the inference app on Kestrel
/// serving a version from the store on a free port of 127.0.0.1, and a running Pod of the predictor Deployment whose
/// IP and port are that server's (the kubelet's part), so the operator scrapes the server's /metrics as it would a
/// Pod's. <see cref="CanaryAsync"/> is the canary scenarios' start: the stable version on its Pod, then the candidate
/// asked for and its canary Pod rolled out, so the analysis begins. Disposing stops the servers.
/// </summary>
internal sealed class InferencePods(ClusterClient cluster, IModelStore store, string ns, string name) : IAsyncDisposable
{
    private readonly List<WebApplication> _servers = [];

    public string StableDeployment => $"{name}-predictor";

    public string CanaryDeployment => $"{name}-predictor-canary";

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _servers)
        {
            await app.StopAsync(CancellationToken.None);
            await app.DisposeAsync();
        }
    }

    /// <summary>The inference app serving <paramref name="version"/> on a free port of 127.0.0.1, once its model is loaded.</summary>
    public async Task<int> ServeAsync(string version, CancellationToken cancellationToken)
    {
        var app = InferenceApp.Build(["--environment", "Production"], store, TaskPipelines.All, b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            b.Logging.ClearProviders();
            b.Configuration.AddInMemoryCollection(InferenceApp.ModelSettings([$"{name}@{version}"]));
        });
        await app.StartAsync(cancellationToken);
        _servers.Add(app);
        await app.Services.GetRequiredService<ModelRegistry>().WaitUntilReadyAsync(cancellationToken);
        return new Uri(app.Urls.First()).Port;
    }

    /// <summary>A running Pod of the Deployment at 127.0.0.1 whose container's http port is the server's (the kubelet's part).</summary>
    public async Task AddPodAsync(string deploymentName, int port, CancellationToken cancellationToken)
    {
        var deployment = (await cluster.DeploymentAsync(deploymentName, cancellationToken))!;
        var spec = deployment.Spec.Template.Spec;
        spec.Containers[0].Ports = [new V1ContainerPort { Name = ModelDeploymentBuilder.PortName, ContainerPort = port }];
        var pod = await cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{deploymentName}-{port}", Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = spec,
        }, ns, cancellationToken: cancellationToken);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1" };
        await cluster.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, ns, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// <paramref name="stable"/> served by a stable Pod, then <paramref name="candidate"/> asked for: its canary Pod (a
    /// second real server) is written and rolled out, so the analysis starts. Returns both servers' ports.
    /// </summary>
    public async Task<(int StablePort, int CanaryPort)> CanaryAsync(string stable, string candidate, RolloutAnalysisSpec analysis, CancellationToken cancellationToken)
    {
        var stablePort = await ServeAsync(stable, cancellationToken);
        var canaryPort = await ServeAsync(candidate, cancellationToken);
        var md = TestResources.ModelDeployment(name, s =>
        {
            s.Model = name;
            s.Replicas = 2;
            s.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, Analysis = analysis };
        });
        md.Spec.Version = stable;
        md.Metadata.NamespaceProperty = ns;
        md.Metadata.Uid = null;
        await cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(md, MlApi.Group, MlApi.Version, ns, ModelDeployment.Plural, cancellationToken: cancellationToken);
        var stableDeployment = await ClusterClient.EventuallyAsync(() => cluster.DeploymentAsync(StableDeployment, cancellationToken), d => d is not null, cancellationToken);
        await cluster.MarkRolledOutAsync(stableDeployment!.Metadata.Name, cancellationToken);
        await AddPodAsync(stableDeployment.Metadata.Name, stablePort, cancellationToken);
        await ClusterClient.EventuallyAsync(() => cluster.ModelDeploymentAsync(name, cancellationToken), m => m.Status?.CurrentVersion == stable, cancellationToken);

        await cluster.EditModelDeploymentAsync(name, m => m.Spec.Version = candidate, cancellationToken);
        var canary = await ClusterClient.EventuallyAsync(() => cluster.DeploymentAsync(CanaryDeployment, cancellationToken), d => d is not null, cancellationToken);
        await AddPodAsync(canary!.Metadata.Name, canaryPort, cancellationToken);
        await cluster.MarkRolledOutAsync(canary.Metadata.Name, cancellationToken);
        return (stablePort, canaryPort);
    }
}
