using System.Globalization;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Reconcilers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's Job controller for Indexed Jobs (<c>completionMode: Indexed</c>, a Model's batch outputs):
/// one Pod per completion index on the same <see cref="IPodRuntime"/> as <see cref="LocalJobRunner"/>'s (a
/// process of <c>ecml</c>, or a container of the Job's image under <c>ecml up --runtime containers</c>),
/// <c>JOB_COMPLETION_INDEX</c> set to it as Kubernetes sets it, at most <c>parallelism</c> at once, a Pod
/// object per index labelled with it and reporting its container's end as the kubelet does. The Job's status is
/// kept as the Job controller keeps it: <c>active</c>, <c>succeeded</c>, <c>failed</c>,
/// <c>completedIndexes</c> (e.g. <c>0-2,4</c>), start and completion time, <c>Complete</c> when every index
/// succeeded, <c>Failed</c> for an exit code a <c>FailJob</c> rule names (<c>PodFailurePolicy</c>), failures
/// past <c>backoffLimit</c> (<c>BackoffLimitExceeded</c>, counted over the Job) or <c>activeDeadlineSeconds</c>
/// (<c>DeadlineExceeded</c>); a failed index is retried after the controller's backoff (10 s doubling). On
/// failure the other indexes' processes are stopped. Suspension and ttlSecondsAfterFinished are not honoured
/// here (the outputs Jobs use neither). Every other Job is <see cref="LocalJobRunner"/>'s.
/// </summary>
public sealed partial class LocalIndexedJobRunner : LocalJobRunnerBase
{
    public const string IndexLabel = "batch.kubernetes.io/job-completion-index";

    private readonly Dictionary<string, IndexedRun> _runs = new(StringComparer.Ordinal);

    public LocalIndexedJobRunner(LocalCluster cluster, LocalCommand command, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : this(cluster, new ProcessPodRuntime(command), secrets, logFolder, time, logger)
    {
    }

    /// <summary>A runner whose Pods run on <paramref name="runtime"/>: processes, or containers of their images.</summary>
    public LocalIndexedJobRunner(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : base(cluster, runtime, secrets, logFolder, time, logger)
    {
    }

    /// <summary>True for the Jobs this runner runs (and <see cref="LocalJobRunner"/> leaves alone).</summary>
    public static bool Handles(V1Job job) => job?.Spec?.CompletionMode == "Indexed";

    /// <summary>Pods running now, over every Job.</summary>
    public int Running => _runs.Values.Sum(r => r.Processes.Count);

    private protected override bool Runs(V1Job job) => Handles(job);

    private protected override IReadOnlyCollection<string> Keys => _runs.Keys;

    /// <summary>Starts the indexes that may run now; nothing once the Job finished.</summary>
    private protected override async Task SyncAsync(string key)
    {
        var job = await Cluster.GetOrForgetAsync<V1Job>(key, ForgetAsync).ConfigureAwait(false);
        if (job is null || IsFinished(job))
        {
            return;
        }

        var run = _runs.TryGetValue(key, out var existing) ? existing : _runs[key] = new IndexedRun(job.Spec.Completions ?? 1);
        if (run.Deadline is null && job.Spec.ActiveDeadlineSeconds is { } deadline)
        {
            var started = job.Status?.StartTime ?? Time.GetUtcNow().UtcDateTime;
            run.Deadline = After(started.AddSeconds(deadline) - Time.GetUtcNow().UtcDateTime,
                () => FailAsync(key, "DeadlineExceeded", "Job was active longer than specified deadline"));
        }

        var parallelism = Math.Max(0, job.Spec.Parallelism ?? 1);
        foreach (var index in run.Startable().Take(Math.Max(0, parallelism - run.Processes.Count)).ToList())
        {
            if (!await StartAsync(key, job, run, index).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>One index's Pod and its container; false when the container cannot start (a Secret or the image missing: the Pod waits, as on a cluster).</summary>
    private async Task<bool> StartAsync(string key, V1Job job, IndexedRun run, int index)
    {
        var (ns, name) = RunnerKeys.Split(key);
        var indexText = index.ToString(CultureInfo.InvariantCulture);
        var podName = $"{name}-{indexText}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        // Kubernetes sets the index in every container of an Indexed Job's Pod; the builder does not.
        var process = await StartPodAsync(job, podName,
            new Dictionary<string, string> { [IndexLabel] = indexText },
            new Dictionary<string, string> { [BatchArguments.JobCompletionIndex] = indexText }).ConfigureAwait(false);
        if (process is null)
        {
            return false;
        }

        var now = Time.GetUtcNow().UtcDateTime;
        run.Processes[index] = (process, podName);
        LogStarted(Logger, name, index, podName, process.Id);
        await SetPodAsync(ns, podName, "Running", new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }).ConfigureAwait(false);
        await UpdateAsync(key, run, j => j.Status.StartTime ??= now).ConfigureAwait(false);
        _ = process.Exited.ContinueWith(t => Work.Post(() => ExitedAsync(key, index, process, t.Result)), TaskScheduler.Default);
        return true;
    }

    private async Task ExitedAsync(string key, int index, IPodProcess process, int exitCode)
    {
        if (!_runs.TryGetValue(key, out var run) || !run.Processes.TryGetValue(index, out var entry) || entry.Process != process)
        {
            return;
        }

        var (ns, name) = RunnerKeys.Split(key);
        run.Processes.Remove(index);
        await process.DisposeAsync().ConfigureAwait(false);
        LogExited(Logger, name, index, exitCode);
        var terminated = process.Terminated(exitCode, Time.GetUtcNow().UtcDateTime);
        await SetPodAsync(ns, entry.PodName, exitCode == 0 ? "Succeeded" : "Failed", new V1ContainerState { Terminated = terminated }).ConfigureAwait(false);
        var job = await Cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
        if (job is null || IsFinished(job))
        {
            return;
        }

        if (exitCode == 0)
        {
            run.Succeeded.Add(index);
            if (run.Succeeded.Count == run.Completions)
            {
                await FinishAsync(key, run, j =>
                {
                    j.Status.CompletionTime = Time.GetUtcNow().UtcDateTime;
                    SetCondition(j, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
                    SetCondition(j, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
                }).ConfigureAwait(false);
                return;
            }

            await UpdateAsync(key, run, _ => { }).ConfigureAwait(false);
            await SyncAsync(key).ConfigureAwait(false);
            return;
        }

        run.Failed++;
        if (FailJobRuleMessage(job, entry.PodName, exitCode) is { } ruleMessage)
        {
            await FailAsync(key, "PodFailurePolicy", ruleMessage).ConfigureAwait(false);
            return;
        }

        if (run.Failed > (job.Spec.BackoffLimit ?? 6))
        {
            await FailAsync(key, "BackoffLimitExceeded", "Job has reached the specified backoff limit").ConfigureAwait(false);
            return;
        }

        await UpdateAsync(key, run, _ => { }).ConfigureAwait(false);
        run.Waiting.Add(index);
        run.Timers.Add(After(RetryDelay(run.Failed), () =>
        {
            run.Waiting.Remove(index);
            return SyncAsync(key);
        }));
    }

    private async Task FailAsync(string key, string reason, string message)
    {
        if (!_runs.TryGetValue(key, out var run))
        {
            return;
        }

        await StopAllAsync(run).ConfigureAwait(false);
        await FinishAsync(key, run, j =>
        {
            SetCondition(j, "FailureTarget", reason, message);
            SetCondition(j, "Failed", reason, message);
        }).ConfigureAwait(false);
    }

    private async Task FinishAsync(string key, IndexedRun run, Action<V1Job> change)
    {
        run.Deadline?.Dispose();
        foreach (var timer in run.Timers)
        {
            timer.Dispose();
        }

        await UpdateAsync(key, run, change).ConfigureAwait(false);
    }

    /// <summary>Writes the counters the Job controller keeps, then <paramref name="change"/>.</summary>
    private Task UpdateAsync(string key, IndexedRun run, Action<V1Job> change)
    {
        var (ns, name) = RunnerKeys.Split(key);
        return Cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
        {
            j.Status ??= new V1JobStatus();
            j.Status.Active = run.Processes.Count;
            j.Status.Ready = run.Processes.Count;
            j.Status.Succeeded = run.Succeeded.Count;
            j.Status.Failed = run.Failed;
            j.Status.CompletedIndexes = CompletedIndexes.Format(run.Succeeded);
            change(j);
        });
    }

    private protected override async Task ForgetAsync(string key)
    {
        if (_runs.Remove(key, out var run))
        {
            run.Deadline?.Dispose();
            foreach (var timer in run.Timers)
            {
                timer.Dispose();
            }

            await StopAllAsync(run).ConfigureAwait(false);
        }
    }

    private static async Task StopAllAsync(IndexedRun run)
    {
        var processes = run.Processes.Values.Select(p => p.Process).ToList();
        run.Processes.Clear();
        foreach (var process in processes)
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One Indexed Job's progress: which indexes run, succeeded, wait for a retry.</summary>
    private sealed class IndexedRun(int completions)
    {
        public int Completions { get; } = completions;

        public Dictionary<int, (IPodProcess Process, string PodName)> Processes { get; } = [];

        public SortedSet<int> Succeeded { get; } = [];

        public HashSet<int> Waiting { get; } = [];

        public int Failed { get; set; }

        public ITimer? Deadline { get; set; }

        public List<ITimer> Timers { get; } = [];

        /// <summary>Indexes neither done, running nor waiting for a retry, lowest first.</summary>
        public IEnumerable<int> Startable() =>
            Enumerable.Range(0, Completions).Where(i => !Succeeded.Contains(i) && !Processes.ContainsKey(i) && !Waiting.Contains(i));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: index {Index} started as Pod {Pod} (pid {Pid})")]
    private static partial void LogStarted(ILogger logger, string job, int index, string pod, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: index {Index} exited with code {ExitCode}")]
    private static partial void LogExited(ILogger logger, string job, int index, int exitCode);
}

/// <summary>A Job's <c>status.completedIndexes</c>: sorted indexes with runs collapsed, e.g. <c>0-2,4</c> (empty: null).</summary>
public static class CompletedIndexes
{
    public static string? Format(IEnumerable<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(indexes);
        var parts = new List<string>();
        int? start = null, end = null;
        foreach (var i in indexes.Distinct().Order())
        {
            if (end is { } e && i == e + 1)
            {
                end = i;
                continue;
            }

            Flush();
            (start, end) = (i, i);
        }

        Flush();
        return parts.Count == 0 ? null : string.Join(',', parts);

        void Flush()
        {
            if (start is { } s && end is { } e)
            {
                parts.Add(s == e ? s.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{s}-{e}"));
            }
        }
    }
}
