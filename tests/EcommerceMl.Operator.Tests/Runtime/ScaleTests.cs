using System.Diagnostics;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Reconcilers;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>
/// The closing measurement: how long 1,000 TrainingJobs take from creation to their Jobs
/// existing against the API test server. Opt-in (ECML_OPERATOR_SCALE=1): it measures, it does not
/// gate, and the numbers go to the test output.
/// </summary>
public sealed class ScaleTests
{
    private const int Count = 1000;
    private const string Ns = "shop";

    [Fact]
    public async Task ThousandTrainingJobs_AllGetTheirJob()
    {
        if (Environment.GetEnvironmentVariable("ECML_OPERATOR_SCALE") != "1")
        {
            Assert.Skip("Measurement only: set ECML_OPERATOR_SCALE=1 to create 1,000 TrainingJobs against the API test server.");
        }

        var ct = TestContext.Current.CancellationToken;
        await using var server = await ApiTestServer.StartAsync();
        using var client = server.Client();
        var storeFolder = Directory.CreateTempSubdirectory("ecml-operator-scale-");
        var reconciler = new TrainingJobReconciler(new KubernetesCluster(client, TimeProvider.System, NullLogger<KubernetesCluster>.Instance),
            _ => new LocalModelStore(storeFolder.FullName), TestResources.Settings, TimeProvider.System, NullLogger<TrainingJobReconciler>.Instance);
        using var queue = new WorkQueue(TimeProvider.System, TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(5));
        var controller = TrainingJobController.Create(client, Ns, reconciler, queue, workers: 4, NoMetrics.Instance, TimeProvider.System, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, token) =>
        {
            var trainingJob = TestResources.TrainingJob($"tj-{i:D4}");
            trainingJob.Metadata.Uid = null;
            await client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingJob>(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: token);
        });
        var created = clock.Elapsed;
        var jobs = 0;
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (jobs < Count && DateTime.UtcNow < deadline)
        {
            jobs = (await client.BatchV1.ListNamespacedJobAsync(Ns, cancellationToken: ct)).Items.Count;
            await Task.Delay(50, ct);
        }

        var allJobs = clock.Elapsed;
        await stop.CancelAsync();
        await running;
        storeFolder.Delete(recursive: true);
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024);
        TestContext.Current.SendDiagnosticMessage($"{Count} TrainingJobs created in {created.TotalSeconds:F1} s; all Jobs existed after {allJobs.TotalSeconds:F1} s; peak working set of the test process (operator + API test server + client) {peak} MiB");

        Assert.Equal(Count, jobs);
    }
}
