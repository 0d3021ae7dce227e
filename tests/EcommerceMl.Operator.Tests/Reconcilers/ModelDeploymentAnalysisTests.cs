using System.Net;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Rollout.Analysis;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Traffic;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Reconcilers;

/// <summary>
/// The canary analysis through the reconciler: Pods read from the cluster, their /metrics scraped over HTTP (a
/// stub handler answering for the Pod IPs with exposition text whose counters the test moves), intervals on a fake clock.
/// </summary>
public sealed class ModelDeploymentAnalysisTests : IDisposable
{
    private const string Ns = "shop";
    private const string Name = "shop-recs";
    private const string Stable = "shop-recs-predictor";
    private const string Canary = "shop-recs-predictor-canary";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private readonly InMemoryCluster _cluster;
    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-analysis-");
    private readonly LocalModelStore _store;
    private readonly MetricsStub _metrics = new();
    private readonly HttpClient _http;
    private readonly ModelDeploymentReconciler _reconciler;

    public ModelDeploymentAnalysisTests()
    {
        _cluster = new InMemoryCluster(_time);
        _store = new LocalModelStore(_storeFolder.FullName);
        _http = new HttpClient(_metrics);
        _reconciler = new ModelDeploymentReconciler(_cluster, _ => _store, TestResources.Settings with { Store = _storeFolder.FullName },
            _time, NullLogger<ModelDeploymentReconciler>.Instance, traffic: new ScrapedTraffic(PodTargets.Of, _http));
    }

    public void Dispose()
    {
        _http.Dispose();
        _storeFolder.Delete(recursive: true);
    }

    private static void Analysed(ModelDeploymentSpec spec)
    {
        spec.Replicas = 4;
        spec.Rollout = new RolloutSpec
        {
            Strategy = RolloutSpec.Canary,
            Analysis = new RolloutAnalysisSpec
            {
                Interval = "30s",
                Steps = [25, 50, 100],
                FailureLimit = 2,
                Metrics = new AnalysisMetricsSpec { MinRequests = 20, SuccessRate = 0.99, LatencyP99 = new LatencyCheckSpec { MaxSeconds = 0.5 } },
            },
        };
    }

    private async Task<ModelDeployment> ReconcileAsync()
    {
        await _reconciler.ReconcileAsync(Ns, Name, Ct);
        return (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
    }

    private Task MarkRolledOutAsync(string name) => _cluster.SetStatusAsync<V1Deployment>(Ns, name, d => d.Status = new V1DeploymentStatus
    {
        ObservedGeneration = d.Metadata.Generation,
        Replicas = d.Spec.Replicas,
        UpdatedReplicas = d.Spec.Replicas,
        ReadyReplicas = d.Spec.Replicas,
        AvailableReplicas = d.Spec.Replicas,
    });

    /// <summary>A running Pod of the Deployment at <paramref name="ip"/>, as the kubelet reports it.</summary>
    private async Task AddPodAsync(string deploymentName, string ip)
    {
        var deployment = (await _cluster.GetAsync<V1Deployment>(Ns, deploymentName, Ct))!;
        var pod = await _cluster.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = $"{deploymentName}-{ip.Replace('.', '-')}", NamespaceProperty = Ns, Uid = Guid.NewGuid().ToString(), Labels = deployment.Spec.Template.Metadata.Labels },
            Spec = deployment.Spec.Template.Spec,
        }, Ct);
        await _cluster.SetStatusAsync<V1Pod>(Ns, pod.Metadata.Name, p => p.Status = new V1PodStatus { Phase = "Running", PodIP = ip });
    }

    /// <summary>v1 serving on 4 replicas, v2 published and its canary Deployment rolled out with a Pod: the analysis opens its first interval.</summary>
    private async Task<ModelDeployment> CanaryServingAsync()
    {
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V1, 0.3, null, cancellationToken: Ct);
        var md = TestResources.ModelDeployment(Name, Analysed);
        md.Metadata.Uid = null;
        await _cluster.CreateAsync(md, Ct);
        await ReconcileAsync();
        await MarkRolledOutAsync(Stable);
        await AddPodAsync(Stable, "10.0.0.1");
        await ReconcileAsync();
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", V2, 0.3, null, cancellationToken: Ct);
        await ReconcileAsync();
        await MarkRolledOutAsync(Canary);
        await AddPodAsync(Canary, "10.0.0.2");
        return await ReconcileAsync();
    }

    /// <summary>Both versions answer <paramref name="requests"/> more requests each; the canary's <paramref name="errors"/> with a 500, at <paramref name="canarySeconds"/> each.</summary>
    private void Serve(int requests, int errors = 0, double canarySeconds = 0.004)
    {
        _metrics.Add("10.0.0.1", V1, requests, 0, 0.004);
        _metrics.Add("10.0.0.2", V2, requests, errors, canarySeconds);
    }

    private async Task<ModelDeployment> NextIntervalAsync(int requests, int errors = 0, double canarySeconds = 0.004)
    {
        Serve(requests, errors, canarySeconds);
        _time.Advance(Interval);
        var md = await ReconcileAsync();
        if (md.Status?.CandidateVersion is not null)
        {
            await MarkRolledOutAsync(Canary);
        }

        return md;
    }

    [Fact]
    public async Task AGoodCanary_IsSteppedThrough25_50_100_AndPromoted()
    {
        var started = await CanaryServingAsync();
        Assert.Equal((1, 25), (started.Status!.Analysis!.Step, started.Status.Analysis.CanaryWeight));
        Assert.Equal(1, (await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct))!.Spec.Replicas);

        var second = await NextIntervalAsync(100);
        Assert.Equal((2, 50), (second.Status!.Analysis!.Step, second.Status.Analysis.CanaryWeight));
        Assert.Equal((2, 2), ((await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct))!.Spec.Replicas, (await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct))!.Spec.Replicas));
        Assert.Equal(50, second.Status.Traffic!.Single(t => t.Version == V2).Percent);

        var third = await NextIntervalAsync(100);
        Assert.Equal((3, 100), (third.Status!.Analysis!.Step, third.Status.Analysis.CanaryWeight));
        Assert.Equal((4, 1), ((await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct))!.Spec.Replicas, (await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct))!.Spec.Replicas));

        var promoted = await NextIntervalAsync(100);
        Assert.Equal((V2, V1, null), (promoted.Status!.CurrentVersion, promoted.Status.PreviousVersion, promoted.Status.CandidateVersion));
        Assert.Equal(AnalysisPhases.Succeeded, promoted.Status.Analysis!.Phase);
        Assert.Equal(100, promoted.Status.Analysis.LastCheck!.Metrics.Single(m => m.Name == "requests").Value);
        // The canary keeps its four Pods of V2 until the stable Deployment has rolled over to V2 on all four.
        Assert.Equal(4, (await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct))!.Spec.Replicas);
        Assert.Equal(4, (await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct))!.Spec.Replicas);
        Assert.Contains(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.Promoted);
        Assert.Equal(3, _cluster.Events.Count(e => e.Event.Reason == ModelDeploymentReasons.StepAdvanced));

        await MarkRolledOutAsync(Stable);
        await ReconcileAsync();
        Assert.Null(await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct));
        Assert.Contains(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.PromotionFinished);
    }

    [Fact]
    public async Task ACanaryAnswering5xx_IsRolledBackAtTheSecondFailedInterval_WithTheReasonRecorded()
    {
        await CanaryServingAsync();

        var once = await NextIntervalAsync(100, errors: 30);
        Assert.Equal((V2, 1), (once.Status!.CandidateVersion, once.Status.Analysis!.FailedChecks));

        var rolledBack = await NextIntervalAsync(100, errors: 30);

        Assert.Equal((V1, null), (rolledBack.Status!.CurrentVersion, rolledBack.Status.CandidateVersion));
        var condition = Conditions.Find(rolledBack.Status.Conditions, ModelDeploymentConditions.RolledBack)!;
        Assert.Equal((ConditionStatus.True, ModelDeploymentReasons.AnalysisFailed), (condition.Status, condition.Reason));
        var failure = rolledBack.Status.ModelStatus!.LastFailureInfo!;
        Assert.Equal((ModelDeploymentReasons.AnalysisFailed, V2), (failure.Reason, failure.Version));
        Assert.Contains("30 of 100 canary requests answered 5xx", failure.Message, StringComparison.Ordinal);
        Assert.Single(_cluster.Events, e => e.Event is { Type: ClusterEvent.Warning, Reason: ModelDeploymentReasons.RolledBack });
        Assert.Null(await _cluster.GetAsync<V1Deployment>(Ns, Canary, Ct));
        Assert.Equal(4, (await _cluster.GetAsync<V1Deployment>(Ns, Stable, Ct))!.Spec.Replicas);
    }

    [Fact]
    public async Task ASlowCanary_IsRolledBackOnLatency()
    {
        await CanaryServingAsync();

        await NextIntervalAsync(100, canarySeconds: 0.9);
        var rolledBack = await NextIntervalAsync(100, canarySeconds: 0.9);

        Assert.Equal(V1, rolledBack.Status!.CurrentVersion);
        Assert.Contains("latency-p99: canary p99", rolledBack.Status.ModelStatus!.LastFailureInfo!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TooLittleTraffic_IsInconclusive_AndTheCanaryIsNeitherAdvancedNorPromoted()
    {
        await CanaryServingAsync();

        ModelDeployment md = null!;
        for (var i = 0; i < 5; i++)
        {
            md = await NextIntervalAsync(5);
        }

        Assert.Equal((V1, V2), (md.Status!.CurrentVersion, md.Status.CandidateVersion));
        Assert.Equal((1, 5, AnalysisPhases.Inconclusive), (md.Status.Analysis!.Step, md.Status.Analysis.InconclusiveChecks, md.Status.Analysis.Phase));
        Assert.Single(_cluster.Events, e => e.Event.Reason == ModelDeploymentReasons.AnalysisInconclusive);
        Assert.Equal(TransitionStatuses.InProgress, md.Status.ModelStatus!.TransitionStatus);
    }

    [Fact]
    public async Task Abort_RollsTheCanaryBack_AndStartsNoNewOneUntilCleared()
    {
        await CanaryServingAsync();
        var md = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
        md.Spec.Rollout!.Abort = true;
        await _cluster.ReplaceAsync(md, Ct);

        var aborted = await ReconcileAsync();

        Assert.Equal((V1, null), (aborted.Status!.CurrentVersion, aborted.Status.CandidateVersion));
        Assert.Equal(ModelDeploymentReasons.Aborted, Conditions.Find(aborted.Status.Conditions, ModelDeploymentConditions.RolledBack)!.Reason);
        const string v3 = "20261123T030000Z-cccccc";
        await ModelVersionsForTests.PublishAsync(_store, "shop-recs", v3, 0.3, null, cancellationToken: Ct);
        Assert.Null((await ReconcileAsync()).Status!.CandidateVersion);
        aborted = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
        aborted.Spec.Rollout!.Abort = false;
        await _cluster.ReplaceAsync(aborted, Ct);
        Assert.Equal(v3, (await ReconcileAsync()).Status!.CandidateVersion);
    }

    [Fact]
    public async Task Paused_HoldsTheStep_ThenResumes()
    {
        await CanaryServingAsync();
        var md = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
        md.Spec.Rollout!.Paused = true;
        await _cluster.ReplaceAsync(md, Ct);

        var held = await NextIntervalAsync(100);
        held = await NextIntervalAsync(100);
        Assert.Equal((1, AnalysisPhases.Paused), (held.Status!.Analysis!.Step, held.Status.Analysis.Phase));

        held.Spec.Rollout!.Paused = false;
        await _cluster.ReplaceAsync(held, Ct);
        var resumed = await NextIntervalAsync(100);
        Assert.Equal(2, resumed.Status!.Analysis!.Step);
    }

    [Fact]
    public async Task ThePollAfterwards_IsTheAnalysisInterval_WhenShorterThanTheRolloutPoll()
    {
        await CanaryServingAsync();
        Assert.Equal(ReconcileResult.After(RolloutTiming.Default.ProgressInterval), await _reconciler.ReconcileAsync(Ns, Name, Ct));
        var md = (await _cluster.GetAsync<ModelDeployment>(Ns, Name, Ct))!;
        md.Spec.Rollout!.Analysis!.Interval = "3s";
        await _cluster.ReplaceAsync(md, Ct);

        var result = await _reconciler.ReconcileAsync(Ns, Name, Ct);

        Assert.Equal(ReconcileResult.After(TimeSpan.FromSeconds(3)), result);
    }

    /// <summary>Answers GET http://{ip}:8080/metrics with the counters of that Pod; a Pod it does not know refuses the connection.</summary>
    private sealed class MetricsStub : HttpMessageHandler
    {
        private sealed record Pod(string Version, List<(int Count, double Seconds)> Groups)
        {
            public int Errors { get; set; }
        }

        private readonly Dictionary<string, Pod> _pods = new(StringComparer.Ordinal);

        public void Add(string ip, string version, int requests, int errors, double seconds)
        {
            var pod = _pods.TryGetValue(ip, out var known) ? known : _pods[ip] = new Pod(version, []);
            pod.Groups.Add((requests, seconds));
            pod.Errors += errors;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri!;
            if (uri.AbsolutePath != "/metrics" || uri.Port != ModelDeploymentBuilder.ContainerPort)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            if (!_pods.TryGetValue(uri.Host, out var pod))
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("# nothing served yet\n") });
            }

            var text = new Exposition().Requests(pod.Version, pod.Errors, [.. pod.Groups]).ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text) });
        }
    }
}
