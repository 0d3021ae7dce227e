using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>
/// What the operator sends through the real KubernetesClient — the Jobs, Deployments, Services and
/// Events of a train-and-serve run, and the Lease of leader election — as the API test server
/// stored it, checked against the Kubernetes API's own schemas (kubernetes-models).
/// </summary>
public sealed class SentObjectsSchemaTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Version = "20261123T010000Z-aaaaaa";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
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
        _storeFolder.Delete(recursive: true);
    }

    [Fact]
    public async Task WhatATrainAndServeRunSends_IsValidByTheKubernetesApiSchemas()
    {
        var store = new LocalModelStore(_storeFolder.FullName);
        await using (new RunningOperator(_server, Ns, store))
        {
            await _cluster.ApplyExampleAsync("trainingjob-shop-recommendations.yaml", Ct);
            var job = Assert.Single(await ClusterClient.EventuallyAsync(() => _cluster.JobsAsync(Ct), j => j.Count == 1, Ct));
            await ModelVersionsForTests.PublishAsync(store, "shop-recommendations", Version, 0.3, trainingJob: $"{Ns}/shop-recommendations-1", cancellationToken: Ct);
            await _cluster.CompleteJobAsync(job.Metadata.Name, Ct);
            await _cluster.ApplyExampleAsync("modeldeployment-shop-recommendations.yaml", Ct);
            var deployment = await ClusterClient.EventuallyAsync(() => _cluster.DeploymentAsync("shop-recommendations-predictor", Ct), d => d is not null, Ct);
            await _cluster.MarkRolledOutAsync(deployment!.Metadata.Name, Ct);
            await ClusterClient.EventuallyAsync(() => _cluster.ModelDeploymentAsync("shop-recommendations", Ct),
                md => EcommerceMl.Operator.Status.Conditions.IsTrue(md.Status?.Conditions, EcommerceMl.Operator.Resources.V1Alpha1.ModelDeploymentConditions.Ready), Ct);
        }

        var client = _cluster.Client;
        var sent = new List<object>();
        sent.AddRange((await client.BatchV1.ListNamespacedJobAsync(Ns, cancellationToken: Ct)).Items);
        sent.AddRange((await client.AppsV1.ListNamespacedDeploymentAsync(Ns, cancellationToken: Ct)).Items);
        sent.AddRange((await client.CoreV1.ListNamespacedServiceAsync(Ns, cancellationToken: Ct)).Items);
        sent.AddRange((await client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(Ns, cancellationToken: Ct)).Items);
        var events = (await client.CoreV1.ListNamespacedEventAsync(Ns, cancellationToken: Ct)).Items;
        sent.AddRange(events);
        sent.Add(await LeaseOfALeaderAsync());

        Assert.Contains(events, e => e.Type == "Normal");
        Assert.Equal(["Deployment", "Event", "Job", "Lease", "Service"], sent.Select(KindOf).Distinct().Order(StringComparer.Ordinal));
        await KubernetesSchemas.AssertValidAsync(sent.Select(WithKind));
    }

    /// <summary>The Lease a leader wrote (LeaderElector's LeaseLock), read back while it leads.</summary>
    private async Task<k8s.Models.V1Lease> LeaseOfALeaderAsync()
    {
        using var client = _server.Client();
        var gate = new LeaderGate(client, Ns, "operator-pod-a", NullLogger.Instance, new LeaderTimings(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200)));
        var leading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var running = gate.RunWhileLeadingAsync(async ct =>
        {
            leading.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                // The test stops the replica once it has read the Lease.
            }
        }, stop.Token);
        await leading.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaderGate.LeaseName, Ns, cancellationToken: Ct);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return lease;
    }

    private static string KindOf(object o) => o.GetType().Name switch
    {
        "V1Job" => "Job",
        "V1Deployment" => "Deployment",
        "V1Service" => "Service",
        "V2HorizontalPodAutoscaler" => "HorizontalPodAutoscaler",
        "Corev1Event" => "Event",
        "V1Lease" => "Lease",
        var other => other,
    };

    /// <summary>Items of a list come without apiVersion and kind (the list carries them); an object sent alone has them.</summary>
    private static object WithKind(object o)
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(o))!.AsObject();
        json["apiVersion"] ??= o switch
        {
            k8s.Models.V1Job => "batch/v1",
            k8s.Models.V1Deployment => "apps/v1",
            k8s.Models.V2HorizontalPodAutoscaler => "autoscaling/v2",
            k8s.Models.V1Lease => "coordination.k8s.io/v1",
            _ => "v1",
        };
        json["kind"] ??= KindOf(o);
        return json;
    }
}
