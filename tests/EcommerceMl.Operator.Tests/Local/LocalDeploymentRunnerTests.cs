using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Tests.Local.Runtimes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// A Deployment's replicas in local mode, on a runtime that runs nothing (<see cref="FakePodRuntime"/>: each server Pod
/// answers 200 on its port): N replicas are N Pods, each on its own port and listed by the Service once ready; scaling
/// and a new Pod template move them as the Deployment controller would. The real inference server behind it is
/// tested in the CLI's DeploymentRunnerTests and, in containers, UpContainersTests.
/// </summary>
public sealed class LocalDeploymentRunnerTests : IDisposable
{
    private const string Ns = "default";
    private const string Name = "recs-predictor";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-deployments-").FullName;
    private readonly LocalCluster _cluster = new(TimeProvider.System);
    private readonly FakePodRuntime _runtime = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private LocalDeploymentRunner NewRunner() =>
        new(_cluster, _runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);

    private static V1Deployment Deployment(int replicas, string version) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta { Name = Name, NamespaceProperty = Ns },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "recs" } },
            Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = "0", MaxSurge = "1" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "recs" } },
                Spec = new V1PodSpec
                {
                    Containers = [new V1Container { Name = ModelDeploymentBuilder.ContainerName, Image = "inference", Env = [new V1EnvVar { Name = "Ecml__Version", Value = version }] }],
                },
            },
        },
    };

    private static V1Service Service() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = "recs", NamespaceProperty = Ns },
        Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "recs" }, Ports = [new V1ServicePort { Port = 80 }] },
    };

    private async Task<V1Deployment> ChangeAsync(Action<V1Deployment> change)
    {
        var deployment = (await _cluster.GetAsync<V1Deployment>(Ns, Name, Ct))!;
        change(deployment);
        return await _cluster.ReplaceAsync(deployment, Ct);
    }

    private async Task<V1Deployment> EventuallyAsync(Func<V1DeploymentStatus?, bool> done)
    {
        var deadline = DateTime.UtcNow + Bound;
        V1Deployment? deployment = null;
        while (DateTime.UtcNow < deadline)
        {
            deployment = await _cluster.GetAsync<V1Deployment>(Ns, Name, Ct);
            if (done(deployment?.Status))
            {
                return deployment!;
            }

            await Task.Delay(50, Ct);
        }

        Assert.Fail($"not reached within {Bound}: {k8s.KubernetesJson.Serialize(deployment?.Status)}");
        return null!;
    }

    private IReadOnlyList<int> ServicePorts() =>
        [.. (_cluster.All<V1Service>().Single().Status?.LoadBalancer?.Ingress ?? []).Select(i => i.Ports[0].Port).Order()];

    private IReadOnlyList<int> Ports(IEnumerable<FakePod> pods) => [.. pods.Select(p => new Uri(p.Url!).Port).Order()];

    [Fact]
    public async Task ThreeReplicas_AreThreePods_EachOnItsOwnPort_AndTheServiceListsEachReadyOne()
    {
        await using var runner = NewRunner();
        await _cluster.CreateAsync(Service(), Ct);
        await _cluster.CreateAsync(Deployment(replicas: 3, "v1"), Ct);

        var deployment = await EventuallyAsync(s => s?.ReadyReplicas == 3);

        Assert.Equal(3, _runtime.Pods.Count);
        Assert.Equal(3, Ports(_runtime.Pods).Distinct().Count());
        Assert.Equal((3, 3, 3), (deployment.Status.Replicas, deployment.Status.UpdatedReplicas, deployment.Status.AvailableReplicas));
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Available", Status: "True" });
        Assert.Contains(deployment.Status.Conditions, c => c is { Type: "Progressing", Reason: "NewReplicaSetAvailable" });
        Assert.Equal(Ports(_runtime.Pods), ServicePorts());
        Assert.Equal(3, runner.AddressesOf(Ns, Name).Count);
    }

    [Fact]
    public async Task AScaleDown_StopsTheSurplusPods_AndTheServiceDropsThem()
    {
        await using var runner = NewRunner();
        await _cluster.CreateAsync(Service(), Ct);
        await _cluster.CreateAsync(Deployment(replicas: 3, "v1"), Ct);
        await EventuallyAsync(s => s?.ReadyReplicas == 3);

        await ChangeAsync(d => d.Spec.Replicas = 1);
        await EventuallyAsync(s => s is { Replicas: 1, ReadyReplicas: 1 });

        Assert.Equal(2, _runtime.Pods.Count(p => p.Stopped));
        var left = Assert.Single(_runtime.Running);
        Assert.Equal(Ports([left]), ServicePorts());
    }

    [Fact]
    public async Task Stopping_WhenOneReplicaWillNotStop_StillStopsTheOthers_AndEnds()
    {
        var runner = NewRunner();
        await _cluster.CreateAsync(Deployment(replicas: 3, "v1"), Ct);
        await EventuallyAsync(s => s?.ReadyReplicas == 3);
        var stuck = _runtime.Pods[0];
        stuck.StopFails = new TimeoutException("podman stop did not finish");

        await runner.DisposeAsync().AsTask().WaitAsync(Bound, Ct);

        Assert.Equal([stuck], _runtime.Running);
        Assert.All(_runtime.Pods.Skip(1), p => Assert.True(p.Stopped));
        stuck.StopFails = null;
        await stuck.DisposeAsync();
    }

    [Fact]
    public async Task ANewTemplate_RollsOverEveryReplica_NeverMoreThanOneAbove_AndStopsAnOldPodOnlyForAReadyNewOne()
    {
        await using var runner = NewRunner();
        await _cluster.CreateAsync(Service(), Ct);
        await _cluster.CreateAsync(Deployment(replicas: 2, "v1"), Ct);
        await EventuallyAsync(s => s?.ReadyReplicas == 2);
        var old = _runtime.Pods.ToList();

        await ChangeAsync(d => d.Spec.Template.Spec.Containers[0].Env[0].Value = "v2");
        var rolled = await EventuallyAsync(s => s is { Replicas: 2, UpdatedReplicas: 2, AvailableReplicas: 2 } && _runtime.Running.All(p => p.Environment("Ecml__Version") == "v2"));

        Assert.All(old, p => Assert.True(p.Stopped));
        Assert.Equal(["v2", "v2"], _runtime.Running.Select(p => p.Environment("Ecml__Version")));
        Assert.Equal(3, _runtime.MostRunning);
        Assert.Equal(Ports(_runtime.Running), ServicePorts());
        Assert.Contains(rolled.Status.Conditions, c => c is { Type: "Available", Status: "True" });
    }

    [Fact]
    public async Task ANewTemplate_TakesTheOldPodOutOfTheServiceBeforeStoppingIt()
    {
        await using var runner = NewRunner();
        await _cluster.CreateAsync(Service(), Ct);
        await _cluster.CreateAsync(Deployment(replicas: 1, "v1"), Ct);
        await EventuallyAsync(s => s?.ReadyReplicas == 1);
        var old = Assert.Single(_runtime.Pods);
        IReadOnlyList<int>? listedWhileStopping = null;
        old.Stopping = () => listedWhileStopping = ServicePorts();

        await ChangeAsync(d => d.Spec.Template.Spec.Containers[0].Env[0].Value = "v2");
        await EventuallyAsync(s => s is { Replicas: 1, UpdatedReplicas: 1, AvailableReplicas: 1 } && old.Stopped);

        // A request routed while the old server drains would find it closing its listener: the gateway's 502.
        var replacement = Assert.Single(_runtime.Running);
        Assert.Equal(Ports([replacement]), listedWhileStopping);
    }

    [Fact]
    public async Task ADeletedDeployment_LeavesTheServiceBeforeItsPodsStop_AndTheOtherDeploymentStaysListed()
    {
        await using var runner = NewRunner();
        await _cluster.CreateAsync(Service(), Ct);
        await _cluster.CreateAsync(Deployment(replicas: 1, "v1"), Ct);
        var canary = Deployment(replicas: 1, "v2");
        canary.Metadata.Name = Name + "-canary";
        await _cluster.CreateAsync(canary, Ct);
        await EventuallyAsync(s => s?.ReadyReplicas == 1 && ServicePorts().Count == 2);
        var canaryPod = Assert.Single(_runtime.Pods, p => p.Environment("Ecml__Version") == "v2");
        var stablePod = Assert.Single(_runtime.Pods, p => p.Environment("Ecml__Version") == "v1");
        Assert.Equal(Ports([canaryPod, stablePod]), ServicePorts());
        IReadOnlyList<int>? listedWhileStopping = null;
        canaryPod.Stopping = () => listedWhileStopping = ServicePorts();

        _cluster.Delete<V1Deployment>(Ns, canary.Metadata.Name);
        await EventuallyAsync(_ => canaryPod.Stopped);

        Assert.Equal(Ports([stablePod]), listedWhileStopping);
    }
}
