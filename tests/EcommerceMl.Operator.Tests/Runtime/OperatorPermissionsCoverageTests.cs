using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Hosting;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>
/// Runs the operator as Program.cs wires it (leader election, then the TrainingJob controller on
/// every namespace) against the API test server under its own identity, drives a TrainingJob
/// through create, suspend and failure, and checks that every request it sent is allowed by
/// <see cref="OperatorPermissions.All"/> — the rules the Helm chart grants.
/// </summary>
public sealed class OperatorPermissionsCoverageTests
{
    private const string OperatorNamespace = "ml";
    private const string Ns = "shop";
    private const string ServiceAccount = "system:serviceaccount:ml:ecml-ecommerce-ml";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Renews every 100 ms (so the log holds Lease updates) yet tolerates an 8 s stall on a busy machine.
    private static readonly LeaderTimings Fast = new(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(8), TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task EveryRequestTheOperatorMakes_IsAllowedByItsDeclaredPermissions()
    {
        var storeFolder = Directory.CreateTempSubdirectory("ecml-operator-store-");
        await using var server = await ApiTestServer.StartAsync();
        using var operatorClient = server.ClientAs(ServiceAccount);
        using var user = server.Client();
        using var stop = new CancellationTokenSource();
        var running = RunOperatorAsync(operatorClient, storeFolder.FullName, stop.Token);
        try
        {
            var trainingJob = TestResources.TrainingJob("tj1");
            trainingJob.Metadata.Uid = null;
            await user.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
            var jobName = (await EventuallyAsync(() => GetAsync(user), t => t.Status?.JobName is not null)).Status!.JobName!;

            // Suspending makes the operator replace its Job; a failed Job makes it write a Failed status.
            await user.CustomObjects.PatchNamespacedCustomObjectAsync<TrainingJob>(
                new V1Patch("""{"spec":{"runPolicy":{"suspend":true}}}""", V1Patch.PatchType.MergePatch), MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, "tj1", cancellationToken: Ct);
            await EventuallyAsync(() => user.BatchV1.ReadNamespacedJobAsync(jobName, Ns, cancellationToken: Ct), j => j.Spec.Suspend == true);
            await user.BatchV1.PatchNamespacedJobStatusAsync(
                new V1Patch("""{"status":{"failed":1,"conditions":[{"type":"Failed","status":"True","reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}]}}""", V1Patch.PatchType.MergePatch),
                jobName, Ns, cancellationToken: Ct);
            var failed = await EventuallyAsync(() => GetAsync(user), t => t.Status?.Phase == TrainingJobPhases.Failed);
            Assert.Equal(TrainingJobPhases.Failed, failed.Status!.Phase);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
            storeFolder.Delete(recursive: true);
        }

        var requests = server.Requests.Where(r => r.User == ServiceAccount).ToList();
        var denied = requests.Where(r => !Allowed(r)).Select(r => r.ToString()).Distinct().ToList();
        var used = requests.Select(r => $"{r.Verb} {r.Resource}").ToHashSet();

        Assert.True(denied.Count == 0, "requests no declared permission allows:\n" + string.Join('\n', denied));
        // The walk-through really exercised the operator: reads, watches, writes, status, Events and the Lease.
        Assert.Superset(
            new HashSet<string> { "watch trainingjobs", "get trainingjobs", "update trainingjobs/status", "create jobs", "update jobs", "watch jobs", "list pods", "watch pods", "create events", "create leases", "update leases" },
            used);
    }

    private static bool Allowed(ApiRequest request) =>
        OperatorPermissions.All.Any(p =>
            p.Allows(request.Group, request.Resource, request.Verb, request.Name)
            && (p.Scope == PermissionScope.WatchedNamespaces || request.Namespace == OperatorNamespace));

    private static async Task RunOperatorAsync(Kubernetes client, string storeFolder, CancellationToken stop)
    {
        var store = new LocalModelStore(storeFolder);
        var reconciler = new TrainingJobReconciler(new KubernetesCluster(client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance),
            _ => store, TestResources.Settings with { Store = storeFolder }, TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        using var queue = new WorkQueue(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1));
        var controller = TrainingJobController.Create(client, ns: null, reconciler, queue, workers: 2, NoMetrics.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        var leader = new LeaderGate(client, OperatorNamespace, "operator-0", NullLogger.Instance, Fast);
        await leader.RunWhileLeadingAsync(controller.RunAsync, stop);
    }

    private static Task<TrainingJob> GetAsync(Kubernetes client) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingJob>(MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, "tj1", Ct);

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
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
