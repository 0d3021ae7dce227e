using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using EcommerceMl.Operator.Tests.Traffic;
using EcommerceMl.Operator.Traffic;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Scenarios;

/// <summary>
/// The canary analysis through the Kubernetes API test server with the real client, the operator composed as
/// Program.cs composes it when given a Prometheus address: its numbers come by PromQL from the real Prometheus
/// scraping real inference servers (<see cref="PrometheusServingFixture"/>), whose Pods the test writes as a kubelet
/// would, under the names Prometheus labels their series with. Shoppers are spread over the stable and canary servers
/// as the Service would, until the analysis decides.
/// </summary>
[Collection(PrometheusServingCollection.Name)]
public sealed class CanaryAnalysisByPromQlScenarioTests(PrometheusServingFixture serving) : IAsyncLifetime
{
    private const string Ns = PrometheusServingFixture.Ns;
    private const string Name = PrometheusServingFixture.Model;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
    }

    public async ValueTask DisposeAsync()
    {
        _cluster.Client.Dispose();
        await _server.DisposeAsync();
    }

    private RunningOperator StartOperator() =>
        new(_server, Ns, serving.Store, traffic: new PrometheusTraffic(new PrometheusApi(serving.Http, new PrometheusSettings(serving.Prometheus))));

    /// <summary>A running Pod of the Deployment for the server: its name as Prometheus labels the server's series, 127.0.0.1 and the server's port.</summary>
    private async Task AddPodAsync(string deploymentName, PrometheusServingFixture.Server server)
    {
        var deployment = (await _cluster.DeploymentAsync(deploymentName, Ct))!;
        var spec = deployment.Spec.Template.Spec;
        spec.Containers[0].Ports = [new V1ContainerPort { Name = ModelDeploymentBuilder.PortName, ContainerPort = server.Port }];
        var pod = await _cluster.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = server.Pod, Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = spec,
        }, Ns, cancellationToken: Ct);
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1", StartTime = DateTime.UtcNow };
        await _cluster.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, Ns, cancellationToken: Ct);
    }

    /// <summary>v1 serving on its Pod, then the candidate's canary rolled out on its Pod: the analysis starts.</summary>
    private async Task CanaryOfAsync(PrometheusServingFixture.Server canary)
    {
        var md = TestResources.ModelDeployment(Name, s =>
        {
            s.Model = Name;
            s.Version = serving.Stable.Version;
            s.Replicas = 2;
            s.Rollout = new RolloutSpec
            {
                Strategy = RolloutSpec.Canary,
                // Two scrapes of Prometheus (every second here) fit in an interval of 3 s.
                Analysis = new RolloutAnalysisSpec { Interval = "3s", Steps = [50], FailureLimit = 2, Metrics = new AnalysisMetricsSpec { MinRequests = 10, SuccessRate = 0.95 } },
            };
        });
        md.Metadata.NamespaceProperty = Ns;
        md.Metadata.Uid = null;
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(md, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);
        var stable = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(PrometheusServingFixture.StableDeployment, Ct), d => d is not null, Ct);
        await _cluster.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        await AddPodAsync(stable.Metadata.Name, serving.Stable);
        await ClusterClient.EventuallyAsync(() => _cluster.ModelDeploymentAsync(Name, Ct), d => d.Status?.CurrentVersion == serving.Stable.Version, Ct);

        await _cluster.EditModelDeploymentAsync(Name, current => current.Spec.Version = canary.Version, Ct);
        var deployment = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync(PrometheusServingFixture.CanaryDeployment, Ct), d => d is not null, Ct);
        await AddPodAsync(deployment!.Metadata.Name, canary);
        await _cluster.MarkRolledOutAsync(deployment.Metadata.Name, Ct);
    }

    /// <summary>Shoppers on both servers until the canary is neither candidate nor in analysis any more (bounded by a minute).</summary>
    private async Task<ModelDeployment> ShopUntilDecidedAsync(PrometheusServingFixture.Server canary)
    {
        var until = DateTime.UtcNow.AddMinutes(1);
        DateTime? firstFailed = null;
        while (true)
        {
            await serving.ShopAsync([serving.Stable, canary], TimeSpan.FromMilliseconds(200), Ct);
            var md = await _cluster.ModelDeploymentAsync(Name, Ct);
            if (md.Status?.Analysis is { FailedChecks: > 0 } && firstFailed is null)
            {
                firstFailed = DateTime.UtcNow;
            }

            if (md.Status?.CandidateVersion is null && md.Status?.Analysis?.Version == canary.Version || DateTime.UtcNow > until)
            {
                // The figure the issue asks for, seen from outside (status polled every 200 ms of shopping).
                TestContext.Current.TestOutputHelper?.WriteLine(firstFailed is { } failed
                    ? FormattableString.Invariant($"first failed interval seen to decision: {(DateTime.UtcNow - failed).TotalSeconds:0.0} s ({md.Status?.Analysis?.Phase})")
                    : $"decided without a failed interval ({md.Status?.Analysis?.Phase})");
                return md;
            }
        }
    }

    [Fact]
    public async Task AGoodCanary_MeasuredByPromQl_IsPromoted()
    {
        await using var running = StartOperator();
        await CanaryOfAsync(serving.GoodCanary);

        var md = await ShopUntilDecidedAsync(serving.GoodCanary);

        Assert.True(md.Status!.CurrentVersion == serving.GoodCanary.Version, $"not promoted: {md.Status.Analysis?.Message}{serving.PrometheusOutput}");
        Assert.Equal(AnalysisPhases.Succeeded, md.Status.Analysis!.Phase);
        var requests = md.Status.Analysis.LastCheck!.Metrics.Single(m => m.Name == "requests");
        Assert.True(requests.Value >= 10 && requests.Stable >= 10, $"{requests.Value} canary, {requests.Stable} stable requests");
    }

    [Fact]
    public async Task ACanaryAnswering5xx_MeasuredByPromQl_IsRolledBackOnTheSuccessRate()
    {
        await using var running = StartOperator();
        await CanaryOfAsync(serving.BrokenCanary);

        var md = await ShopUntilDecidedAsync(serving.BrokenCanary);

        Assert.True(md.Status!.CurrentVersion == serving.Stable.Version && md.Status.CandidateVersion is null, $"not rolled back: {md.Status.Analysis?.Message}");
        var condition = Conditions.Find(md.Status.Conditions, ModelDeploymentConditions.RolledBack)!;
        Assert.Equal((ConditionStatus.True, ModelDeploymentReasons.AnalysisFailed), (condition.Status, condition.Reason));
        var failure = md.Status.ModelStatus!.LastFailureInfo!;
        Assert.Equal((ModelDeploymentReasons.AnalysisFailed, serving.BrokenCanary.Version), (failure.Reason, failure.Version));
        Assert.Contains("canary requests answered 5xx", failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, md.Status.Analysis!.FailedChecks);
    }
}
