using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Tests.Local.Runtimes;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>The plain Job runner on a fake runtime: the Pod it makes, a start the runtime refuses (what it shares with the Indexed runner), and what it says when it stops.</summary>
public sealed class LocalJobRunnerPodTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-job-pods-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AJob_RunsAsOnePodLabelledWithItsJob_AndCompletesWhenItExitsZero()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime();
        var cluster = new LocalCluster(TimeProvider.System);
        await using var jobs = new LocalJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, new ListLogger());
        await cluster.CreateAsync(Job("train"), ct);

        var pod = (await EventuallyAsync(() => runtime.Pods, pods => pods.Count == 1, ct))[0];
        pod.Exit(0);
        var job = await EventuallyAsync(() => cluster.All<V1Job>().Single(), j => j.Status?.Conditions?.Any(c => c.Type == "Complete") == true, ct);

        Assert.Equal((1, 0), (job.Status.Succeeded, job.Status.Active));
        var podObject = Assert.Single(cluster.All<V1Pod>());
        Assert.Equal(("train", "Succeeded"), (podObject.Metadata.Labels[EcommerceMl.Operator.Reconcilers.TrainingJobReconciler.JobNameLabel], podObject.Status.Phase));
        Assert.Equal(Path.Combine(_folder, "logs", $"default_{podObject.Metadata.Name}.log"), pod.Launch.LogPath);
    }

    [Fact]
    public async Task AJobTheRuntimeCannotStart_LeavesItsPodWaiting_WithTheRuntimesReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime { Refuse = new PodStartException("ErrImageNeverPull", "Container image \"trainer\" is not present") };
        var cluster = new LocalCluster(TimeProvider.System);
        await using var jobs = new LocalJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, new ListLogger());
        await cluster.CreateAsync(Job("train"), ct);

        var pod = await EventuallyAsync(() => cluster.All<V1Pod>().SingleOrDefault(), p => p?.Status?.ContainerStatuses is [{ State.Waiting: not null }], ct);

        Assert.Equal(("Pending", "ErrImageNeverPull"), (pod!.Status.Phase, pod.Status.ContainerStatuses[0].State.Waiting.Reason));
        Assert.Equal(0, jobs.Running);
    }

    [Fact]
    public async Task StoppingTheRunner_StopsItsTrainers_WithoutSayingTheirJobsAreGone()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime();
        var cluster = new LocalCluster(TimeProvider.System);
        var logger = new ListLogger();
        var jobs = new LocalJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, logger);
        await cluster.CreateAsync(Job("deleted"), ct);
        await cluster.CreateAsync(Job("running"), ct);
        await EventuallyAsync(() => jobs.Running, running => running == 2, ct);

        cluster.Delete<V1Job>("default", "deleted");
        // Handled once its trainer is stopped. Running drops before that (the run is forgotten first, then the line is
        // written, then the process stopped), so stopping the runner as soon as Running said 1 could end it mid-way.
        await EventuallyAsync(() => (jobs.Running, runtime.Running.Count), now => now == (1, 1), ct);
        await jobs.DisposeAsync();

        Assert.Empty(runtime.Running);
        Assert.Equal(["Job default/deleted is gone: stopping its trainer"], logger.Lines.Where(l => l.Contains("is gone", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task APodThatSucceeds_IsNoInformationLine_AndOneThatFails_IsAWarningNamingItsLog()
    {
        var ct = TestContext.Current.CancellationToken;
        var runtime = new FakePodRuntime();
        var cluster = new LocalCluster(TimeProvider.System);
        var logger = new ListLogger();
        await using var jobs = new LocalJobRunner(cluster, runtime, LocalSecrets.None, Path.Combine(_folder, "logs"), TimeProvider.System, logger);
        await cluster.CreateAsync(Job("monitor"), ct);
        await cluster.CreateAsync(Job("train"), ct);
        var pods = await EventuallyAsync(() => runtime.Pods, p => p.Count == 2, ct);

        pods.Single(p => p.Launch.Name.StartsWith("monitor", StringComparison.Ordinal)).Exit(0);
        var failing = pods.Single(p => p.Launch.Name.StartsWith("train", StringComparison.Ordinal));
        failing.Exit(1);
        await EventuallyAsync(() => cluster.All<V1Job>().Count(j => j.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed") == true), done => done == 2, ct);

        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Information && e.Text.Contains("monitor", StringComparison.Ordinal));
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal($"Job train: Pod {failing.Launch.Name} exited with code 1; its log: {failing.Launch.LogPath}", warning.Text);
    }

    private static V1Job Job(string name) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = Guid.NewGuid().ToString() },
        Spec = new V1JobSpec
        {
            BackoffLimit = 0,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec { Containers = [new V1Container { Name = TrainingJobBuilder.ContainerName, Image = "trainer" }] },
            },
        },
    };

    private static async Task<T> EventuallyAsync<T>(Func<T> read, Func<T, bool> done, CancellationToken ct)
    {
        for (var i = 0; i < 400; i++)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(50, ct);
        }

        Assert.Fail($"not reached in 20 s: {read()}");
        return default!;
    }

    /// <summary>Keeps every formatted line it is given.</summary>
    private sealed class ListLogger : ILogger
    {
        private readonly Lock _gate = new();
        private readonly List<(LogLevel Level, string Text)> _entries = [];

        public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.Text)];

        public IReadOnlyList<(LogLevel Level, string Text)> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_gate)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
