using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Hosting;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>
/// Runs the operator as Program.cs wires it (leader election, then both controllers on every
/// namespace) against the API test server under its service account, drives a TrainingJob through
/// create, suspend and failure and a ModelDeployment through autoscaling, a repaired Service, a
/// canary, its promotion and autoscaling removed, and checks both ways that the requests it sent
/// match <see cref="OperatorPermissions.All"/> (the rules the Helm chart grants): each request is
/// allowed, and each granted verb was used (or is listed below with why no request shows it).
/// </summary>
public sealed class OperatorPermissionsCoverageTests
{
    private const string OperatorNamespace = "ml";
    private const string Ns = "shop";
    private const string ServiceAccount = "system:serviceaccount:ml:ecml-ecommerce-ml";
    private const string Model = "shop-recs";
    private const string Md = "md1";
    private const string Stable = Md + "-predictor";
    private const string Canary = Md + "-predictor-canary";
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Renews every 100 ms (so the log holds Lease updates) yet tolerates an 8 s stall on a busy machine.
    private static readonly LeaderTimings Fast = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(100));

    /// <summary>Granted verbs no request shows, each with the reason it is still needed.</summary>
    private static readonly Dictionary<string, string> GrantedButNotRequested = new(StringComparer.Ordinal)
    {
        // The children's owner references carry blockOwnerDeletion; the OwnerReferencesPermissionEnforcement
        // admission plugin checks the creator may update the owner's finalizers. No request updates them.
        ["update ml.ecommerce.dev/trainingjobs/finalizers"] = "admission (blockOwnerDeletion)",
        ["update ml.ecommerce.dev/modeldeployments/finalizers"] = "admission (blockOwnerDeletion)",
        ["update ml.ecommerce.dev/models/finalizers"] = "admission (blockOwnerDeletion)",
    };

    [Fact]
    public async Task EveryRequestTheOperatorMakes_IsAllowed_AndEveryGrantedVerbIsUsed()
    {
        var storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
        await using var server = await ApiTestServer.StartAsync();
        var store = new LocalModelStore(storeFolder.FullName);
        using var leaderClient = server.ClientAs(ServiceAccount);
        var user = new ClusterClient(server.Client(), Ns);
        using var stop = new CancellationTokenSource();
        var leader = new LeaderGate(leaderClient, OperatorNamespace, "operator-0", NullLogger.Instance, Fast);
        var modelTime = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var running = leader.RunWhileLeadingAsync(ct => OperateAsync(server, store, modelTime, ct), stop.Token);
        try
        {
            await DriveTrainingJobAsync(user);
            await DriveModelDeploymentAsync(user, store);
            await DriveModelAsync(user, store, modelTime);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            user.Client.Dispose();
            storeFolder.Delete(recursive: true);
        }

        var requests = server.Requests.Where(r => r.User == ServiceAccount).ToList();
        var denied = requests.Where(r => !OperatorPermissions.All.Any(p => Allows(p, r))).Select(r => r.ToString()).Distinct().ToList();
        var unused = (
            from p in OperatorPermissions.All
            from verb in p.Verbs
            let key = Key(verb, p.Group, p.Resource)
            where !GrantedButNotRequested.ContainsKey(key) && !requests.Any(r => r.Verb == verb && Allows(p, r))
            select key).ToList();
        var exemptButUsed = GrantedButNotRequested.Keys.Where(k => requests.Any(r => Key(r.Verb, r.Group, r.Resource) == k)).ToList();

        Assert.True(denied.Count == 0, "requests no declared permission allows:\n" + string.Join('\n', denied));
        Assert.True(unused.Count == 0, "declared verbs no request used (drop them, or say in GrantedButNotRequested why they are needed):\n" + string.Join('\n', unused));
        Assert.True(exemptButUsed.Count == 0, "verbs listed as never requested were requested:\n" + string.Join('\n', exemptButUsed));
        Assert.All(GrantedButNotRequested.Keys, k => Assert.Contains(OperatorPermissions.All, p => p.Verbs.Any(v => k == Key(v, p.Group, p.Resource))));
    }

    private static string Key(string verb, string group, string resource) => $"{verb} {(group.Length == 0 ? "core" : group)}/{resource}";

    private static bool Allows(PermissionRule p, ApiRequest request) =>
        p.Allows(request.Group, request.Resource, request.Verb, request.Name)
        && (p.Scope == PermissionScope.WatchedNamespaces || request.Namespace == OperatorNamespace);

    /// <summary>While leading: the controllers on every namespace, under the operator's service account (the Model's on a fake clock).</summary>
    private static async Task OperateAsync(ApiTestServer server, IModelStore store, TimeProvider modelTime, CancellationToken leading)
    {
        await using var running = new RunningOperator(server, ns: null, store, user: ServiceAccount, time: modelTime);
        await Task.Delay(Timeout.Infinite, leading).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>
    /// Create with deleteArtifactsOnDelete (the finalizer added: an update; the Job, an Event),
    /// suspend (the Job replaced), fail (a Failed status), delete (the finalizer removed: an update).
    /// </summary>
    private static async Task DriveTrainingJobAsync(ClusterClient user)
    {
        var trainingJob = TestResources.TrainingJob("tj1", spec => spec.Output = new OutputSpec { DeleteArtifactsOnDelete = true });
        trainingJob.Metadata.Uid = null;
        await user.Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
        var jobName = (await EventuallyAsync(() => user.TrainingJobAsync("tj1", Ct), t => t.Status?.JobName is not null)).Status!.JobName!;

        await user.Client.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(
            new V1Patch("""{"spec":{"runPolicy":{"suspend":true}}}""", V1Patch.PatchType.MergePatch), MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, "tj1", cancellationToken: Ct);
        var suspended = await EventuallyAsync(() => user.Client.BatchV1.ReadNamespacedJobAsync(jobName, Ns, cancellationToken: Ct), j => j.Spec.Suspend == true);
        Assert.True(suspended.Spec.Suspend, "suspending the TrainingJob should suspend its Job");

        await user.Client.BatchV1.PatchNamespacedJobStatusAsync(
            new V1Patch("""{"status":{"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""", V1Patch.PatchType.MergePatch),
            jobName, Ns, cancellationToken: Ct);
        var failed = await EventuallyAsync(() => user.TrainingJobAsync("tj1", Ct), t => t.Status?.Phase == TrainingJobPhases.Failed);
        Assert.Equal(TrainingJobPhases.Failed, failed.Status!.Phase);
        Assert.Contains(TrainingJobFinalizer.Artifacts, failed.Metadata.Finalizers);

        await user.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, "tj1", cancellationToken: Ct);
        var remaining = await EventuallyAsync(
            async () => (await user.Client.CustomObjects.ListNamespacedCustomObjectAsync<ObjectList<TrainingJob>>(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct)).Items.Count,
            count => count == 0);
        Assert.Equal(0, remaining);
    }

    /// <summary>
    /// Serve with autoscaling (Deployment, Service, HPA created), repair an edited Service and follow
    /// a new autoscaling bound (both replaced), drop autoscaling (HPA deleted), then canary a newer
    /// version and promote it (canary created then deleted, stable replaced).
    /// </summary>
    private static async Task DriveModelDeploymentAsync(ClusterClient user, IModelStore store)
    {
        await ModelVersionsForTests.PublishAsync(store, Model, V1, 0.3, cancellationToken: Ct);
        var md = TestResources.ModelDeployment(Md, s =>
        {
            s.Replicas = 4;
            s.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = 25, AnalysisSeconds = 300 };
            s.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 6 };
        });
        md.Metadata.Uid = null;
        md.Metadata.Generation = null;
        await user.Client.CustomObjects.CreateNamespacedCustomObjectAsync<ModelDeployment>(md, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);

        var stable = await EventuallyAsync(() => user.DeploymentAsync(Stable, Ct), d => d is not null);
        var hpa = await EventuallyAsync(() => AutoscalerAsync(user), h => h is not null);
        Assert.Equal(6, hpa?.Spec.MaxReplicas);
        await user.MarkRolledOutAsync(stable!.Metadata.Name, Ct);
        var ready = await EventuallyAsync(() => user.ModelDeploymentAsync(Md, Ct), IsReady);
        Assert.True(IsReady(ready), "the ModelDeployment should be Ready once its Deployment rolled out");

        // Someone replaces the Service by hand (new port, no desired-hash): the next reconcile puts it back.
        await user.Client.CoreV1.PatchNamespacedServiceAsync(
            new V1Patch($$$"""{"metadata":{"annotations":{"{{{OwnedObjects.HashAnnotation}}}":null}},"spec":{"ports":[{"name":"http","port":9999,"targetPort":9999}]}}""", V1Patch.PatchType.MergePatch),
            Md, Ns, cancellationToken: Ct);
        var repaired = await EventuallyAsync(() => user.Client.CoreV1.ReadNamespacedServiceAsync(Md, Ns, cancellationToken: Ct), s => s.Metadata.Annotations?.ContainsKey(OwnedObjects.HashAnnotation) == true);
        Assert.DoesNotContain(repaired.Spec.Ports, p => p.Port == 9999);

        await PatchModelDeploymentAsync(user, """{"spec":{"autoscaling":{"minReplicas":2,"maxReplicas":8}}}""");
        hpa = await EventuallyAsync(() => AutoscalerAsync(user), h => h?.Spec.MaxReplicas == 8);
        Assert.Equal(8, hpa?.Spec.MaxReplicas);

        await PatchModelDeploymentAsync(user, """{"spec":{"autoscaling":null}}""");
        hpa = await EventuallyAsync(() => AutoscalerAsync(user), h => h is null);
        Assert.Null(hpa);

        await ModelVersionsForTests.PublishAsync(store, Model, V2, 0.3, cancellationToken: Ct);
        var canary = await EventuallyAsync(() => user.DeploymentAsync(Canary, Ct), d => d is not null);
        Assert.Equal(V2, VersionOf(canary));
        await user.MarkRolledOutAsync(Canary, Ct);
        var promoted = await EventuallyAsync(() => user.ModelDeploymentAsync(Md, Ct), m => m.Status?.CurrentVersion == V2);
        var promotedStable = await EventuallyAsync(() => user.DeploymentAsync(Stable, Ct), d => VersionOf(d) == V2);
        // The promoted canary is deleted once the stable Deployment has rolled over to its version.
        await user.MarkRolledOutAsync(Stable, Ct);
        var gone = await EventuallyAsync(() => user.DeploymentAsync(Canary, Ct), d => d is null);

        Assert.Equal(V2, promoted.Status!.CurrentVersion);
        Assert.Null(gone);
        Assert.Equal(V2, VersionOf(promotedStable));
    }

    /// <summary>
    /// A Model whose first run fails (its TrainingJob created, then deleted by failedJobsHistoryLimit 0;
    /// the status written), then a servable version monitored every 10 s of the fake clock until the
    /// fourth finished monitoring Job makes the oldest go (a Job deleted).
    /// </summary>
    private static async Task DriveModelAsync(ClusterClient user, IModelStore store, FakeTimeProvider time)
    {
        var model = ModelFixtures.Model(s =>
        {
            s.FailedJobsHistoryLimit = 0;
            s.Monitoring = new MonitoringSpec { Interval = "10s" };
        }, name: "cov");
        model.Metadata.Uid = null;
        model.Metadata.Generation = null;
        model.Metadata.CreationTimestamp = null;
        await user.Client.CustomObjects.CreateNamespacedCustomObjectAsync<EcommerceMl.Operator.Resources.V1Alpha1.Model>(model, MlApi.Group, MlApi.Version, Ns, EcommerceMl.Operator.Resources.V1Alpha1.Model.Plural, cancellationToken: Ct);

        var initial = await EventuallyAsync(() => TrainingJobsAsync(user), runs => runs.Any(r => r.Metadata.Name == "cov-initial" && r.Status?.JobName is not null));
        var jobName = initial.Single(r => r.Metadata.Name == "cov-initial").Status!.JobName!;
        await user.Client.BatchV1.PatchNamespacedJobStatusAsync(
            new V1Patch("""{"status":{"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""", V1Patch.PatchType.MergePatch),
            jobName, Ns, cancellationToken: Ct);
        var pruned = await EventuallyAsync(() => TrainingJobsAsync(user), runs => runs.All(r => r.Metadata.Name != "cov-initial"));
        Assert.DoesNotContain(pruned, r => r.Metadata.Name == "cov-initial");

        await ModelVersionsForTests.PublishAsync(store, "cov", V1, 0.3, cancellationToken: Ct);
        var finished = new List<string>();
        for (var slot = 0; slot < MonitoringPlanner.KeepFinished + 1; slot++)
        {
            var monitor = await EventuallyAsync(async () =>
            {
                time.Advance(TimeSpan.FromSeconds(10));
                return (await MonitoringJobsAsync(user)).FirstOrDefault(j => !finished.Contains(j.Metadata.Name));
            }, j => j is not null);
            Assert.NotNull(monitor);
            await user.CompleteJobAsync(monitor.Metadata.Name, Ct);
            finished.Add(monitor.Metadata.Name);
        }

        var kept = await EventuallyAsync(() => MonitoringJobsAsync(user), jobs => jobs.All(j => j.Metadata.Name != finished[0]));
        Assert.DoesNotContain(kept, j => j.Metadata.Name == finished[0]);
    }

    private static async Task<IList<TrainingJob>> TrainingJobsAsync(ClusterClient user) =>
        (await user.Client.CustomObjects.ListNamespacedCustomObjectAsync<ObjectList<TrainingJob>>(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct)).Items;

    private static async Task<List<V1Job>> MonitoringJobsAsync(ClusterClient user) =>
        [.. (await user.JobsAsync(Ct)).Where(MonitoringJobBuilder.IsMonitoringJob)];

    private static Task PatchModelDeploymentAsync(ClusterClient user, string patch) =>
        user.Client.CustomObjects.PatchNamespacedCustomObjectAsync<ModelDeployment>(
            new V1Patch(patch, V1Patch.PatchType.MergePatch), MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, Md, cancellationToken: Ct);

    private static async Task<V2HorizontalPodAutoscaler?> AutoscalerAsync(ClusterClient user) =>
        (await user.Client.AutoscalingV2.ListNamespacedHorizontalPodAutoscalerAsync(Ns, cancellationToken: Ct)).Items.SingleOrDefault(h => h.Metadata.Name == Stable);

    private static string? VersionOf(V1Deployment? deployment) => deployment is null ? null : PredictorHealth.VersionOf(deployment);

    private static bool IsReady(ModelDeployment md) => Conditions.IsTrue(md.Status?.Conditions, ModelDeploymentConditions.Ready);

    /// <summary>Generous (60 s) for a loaded machine; returns the last value for the assertion to explain.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20, Ct);
        }
    }
}
