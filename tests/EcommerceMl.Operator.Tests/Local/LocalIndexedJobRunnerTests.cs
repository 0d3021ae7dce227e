using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Tests.Local.Runtimes;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// Indexed Jobs in local mode: one process per completion index with JOB_COMPLETION_INDEX, at most
/// parallelism at once, the Job's status as the Job controller keeps it. A shell stands in for `ecml`, so
/// each index does exactly what the test says; both runners watch the cluster, as in `ecml up`.
/// </summary>
public sealed class LocalIndexedJobRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-indexed-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task FourIndexesTwoAtATime_EachGetsItsIndex_AndTheJobCompletesWithEveryIndex()
    {
        var marks = Path.Combine(_folder, "marks");
        Directory.CreateDirectory(marks);
        // Each index notes how many indexes run beside it, then its own index and its arguments.
        var script = $"""
            touch {marks}/running-$JOB_COMPLETION_INDEX; ls {marks} | grep -c running >> {marks}/beside; sleep 0.4
            rm {marks}/running-$JOB_COMPLETION_INDEX; echo "$JOB_COMPLETION_INDEX $0 $1" >> {marks}/done
            """;

        var (job, pods) = await RunAsync(script, completions: 4, parallelism: 2);

        Assert.True(Conditions(job).Contains("Complete"), string.Join(",", Conditions(job)));
        Assert.Equal((4, 0, "0-3", 0), (job.Status.Succeeded, job.Status.Failed, job.Status.CompletedIndexes, job.Status.Active));
        Assert.NotNull(job.Status.CompletionTime);
        Assert.Equal(["0 predict batch", "1 predict batch", "2 predict batch", "3 predict batch"], File.ReadAllLines(Path.Combine(marks, "done")).Order(StringComparer.Ordinal));
        Assert.All(File.ReadAllLines(Path.Combine(marks, "beside")), n => Assert.InRange(int.Parse(n, System.Globalization.CultureInfo.InvariantCulture), 1, 2));
        Assert.Equal(["0", "1", "2", "3"], pods.Select(p => p.Metadata.Labels[LocalIndexedJobRunner.IndexLabel]).Order(StringComparer.Ordinal));
        Assert.All(pods, p => Assert.Equal("Succeeded", p.Status.Phase));
    }

    [Fact]
    public async Task AnIndexExitingWith2_FailsTheJobByItsPodFailurePolicy_AndStopsTheOthers()
    {
        var (job, _) = await RunAsync("if [ \"$JOB_COMPLETION_INDEX\" = 1 ]; then echo 'error: no such model' >&2; exit 2; fi; sleep 30", completions: 3, parallelism: 3);

        var failed = Assert.Single(job.Status.Conditions, c => c.Type == "Failed");
        Assert.Equal("PodFailurePolicy", failed.Reason);
        Assert.Contains("exit code 2", failed.Message, StringComparison.Ordinal);
        Assert.Equal((0, 1, 0), (job.Status.Succeeded, job.Status.Failed, job.Status.Active));
    }

    [Fact]
    public async Task EachIndex_RunsOnThePodRuntime_WithItsIndex_AtMostParallelismAtOnce_AndItsTerminationMessage()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime();
        var cluster = new LocalCluster(TimeProvider.System);
        await using var indexed = new LocalIndexedJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        await cluster.CreateAsync(IndexedJob(completions: 3, parallelism: 2), ct);

        var first = await EventuallyAsync(() => runtime.Pods, pods => pods.Count == 2, ct);
        // The image's own args go to the runtime (a container runs them); the index comes as Kubernetes sets it.
        Assert.Equal(["0", "1"], first.Select(p => p.Environment(BatchArguments.JobCompletionIndex)));
        Assert.All(first, p => Assert.Equal([BatchArguments.Command], p.Launch.Container.Args));
        Assert.All(first, p => Assert.Equal("default", p.Launch.Namespace));
        first[1].Exit(0, "wrote shard 1 of 3");

        var third = (await EventuallyAsync(() => runtime.Pods, pods => pods.Count == 3, ct))[2];
        Assert.Equal("2", third.Environment(BatchArguments.JobCompletionIndex));
        first[0].Exit(0);
        third.Exit(0);
        var job = await EventuallyAsync(() => cluster.All<V1Job>().Single(), j => Conditions(j).Contains("Complete"), ct);

        Assert.Equal((3, "0-2"), (job.Status.Succeeded, job.Status.CompletedIndexes));
        Assert.Equal(2, runtime.MostRunning);
        var pod = Assert.Single(cluster.All<V1Pod>(), p => p.Metadata.Labels[LocalIndexedJobRunner.IndexLabel] == "1");
        Assert.Equal("wrote shard 1 of 3", pod.Status.ContainerStatuses[0].State.Terminated.Message);
    }

    [Fact]
    public async Task AnIndexTheRuntimeCannotStart_LeavesItsPodWaiting_WithTheRuntimesReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime { Refuse = new PodStartException("ErrImageNeverPull", "Container image \"trainer\" is not present: build it with `make images`") };
        var cluster = new LocalCluster(TimeProvider.System);
        await using var indexed = new LocalIndexedJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, NullLogger.Instance);
        await cluster.CreateAsync(IndexedJob(completions: 2, parallelism: 2), ct);

        var pod = await EventuallyAsync(() => cluster.All<V1Pod>().SingleOrDefault(), p => p?.Status?.ContainerStatuses is [{ State.Waiting: not null }], ct);

        Assert.Equal("Pending", pod!.Status.Phase);
        Assert.Equal("ErrImageNeverPull", pod.Status.ContainerStatuses[0].State.Waiting.Reason);
        Assert.Equal(0, indexed.Running);
    }

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done, CancellationToken ct)
    {
        for (var i = 0; i < 200; i++)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, ct);
        }

        Assert.Fail($"not reached in 10 s: {read()}");
        return default!;
    }

    [Fact]
    public void CompletedIndexes_CollapsesRuns() =>
        Assert.Equal(("0-2,4,6-7", null), (CompletedIndexes.Format([4, 0, 1, 2, 7, 6, 1]), CompletedIndexes.Format([])));

    [Fact]
    public void ProcessRuntime_TheImagesBatchSubcommand_IsEcmlPredictBatch()
    {
        Assert.Equal(["predict", "batch"], ProcessPodRuntime.EcmlArguments([BatchArguments.Command]));
        Assert.Equal(["monitor"], ProcessPodRuntime.EcmlArguments(["monitor"]));
        Assert.Equal(["train"], ProcessPodRuntime.EcmlArguments(null));
    }

    private static List<string> Conditions(V1Job job) => [.. (job.Status?.Conditions ?? []).Where(c => c.Status == "True").Select(c => c.Type)];

    private async Task<(V1Job Job, IReadOnlyList<V1Pod> Pods)> RunAsync(string script, int completions, int parallelism)
    {
        var ct = TestContext.Current.CancellationToken;
        var cluster = new LocalCluster(TimeProvider.System);
        var command = new LocalCommand("/bin/sh", ["-c", script]);
        var logs = Path.Combine(_folder, "logs");
        await using var jobs = new LocalJobRunner(cluster, command, LocalSecrets.None, logs, TimeProvider.System, NullLogger.Instance);
        await using var indexed = new LocalIndexedJobRunner(cluster, command, LocalSecrets.None, logs, TimeProvider.System, NullLogger.Instance);
        await cluster.CreateAsync(IndexedJob(completions, parallelism), ct);

        V1Job? job = null;
        for (var i = 0; i < 600 && !(job?.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed") ?? false); i++)
        {
            await Task.Delay(50, ct);
            job = await cluster.GetAsync<V1Job>("default", "outputs", ct);
        }

        Assert.NotNull(job);
        Assert.Equal(0, indexed.Running + jobs.Running);
        return (job, [.. cluster.All<V1Pod>()]);
    }

    private static V1Job IndexedJob(int completions, int parallelism) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = "outputs", NamespaceProperty = "default" },
        Spec = new V1JobSpec
        {
            CompletionMode = "Indexed",
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = 0,
            PodFailurePolicy = new V1PodFailurePolicy
            {
                Rules = [new V1PodFailurePolicyRule { Action = "FailJob", OnExitCodes = new V1PodFailurePolicyOnExitCodesRequirement { OperatorProperty = "In", Values = [2] } }],
            },
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { Containers = [new V1Container { Name = TrainingJobBuilder.ContainerName, Image = "trainer", Args = [BatchArguments.Command] }] },
            },
        },
    };
}
