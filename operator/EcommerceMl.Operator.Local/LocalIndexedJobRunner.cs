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
public sealed partial class LocalIndexedJobRunner : IAsyncDisposable
{
    public const string IndexLabel = "batch.kubernetes.io/job-completion-index";

    private static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(6);

    private readonly LocalCluster _cluster;
    private readonly IPodRuntime _runtime;
    private readonly LocalSecrets _secrets;
    private readonly string _logFolder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, IndexedRun> _runs = new(StringComparer.Ordinal);
    private readonly SerialWork _work;
    private int _disposed;

    public LocalIndexedJobRunner(LocalCluster cluster, LocalCommand command, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : this(cluster, new ProcessPodRuntime(command), secrets, logFolder, time, logger)
    {
    }

    /// <summary>A runner whose Pods run on <paramref name="runtime"/>: processes, or containers of their images.</summary>
    public LocalIndexedJobRunner(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
    {
        _cluster = cluster;
        _runtime = runtime;
        _secrets = secrets;
        _logFolder = logFolder;
        _time = time;
        _logger = logger;
        _work = new SerialWork(LogFailed);
        _cluster.Changed += OnChanged;
    }

    /// <summary>True for the Jobs this runner runs (and <see cref="LocalJobRunner"/> leaves alone).</summary>
    public static bool Handles(V1Job job) => job?.Spec?.CompletionMode == "Indexed";

    /// <summary>Pods running now, over every Job.</summary>
    public int Running => _runs.Values.Sum(r => r.Processes.Count);

    private void OnChanged(ObjectChange change)
    {
        if (change.Object is V1Job job && Handles(job))
        {
            var key = RunnerKeys.Of(job.Metadata);
            _work.Post(() => change.Deleted ? ForgetAsync(key) : SyncAsync(key));
        }
    }

    /// <summary>Starts the indexes that may run now; nothing once the Job finished.</summary>
    private async Task SyncAsync(string key)
    {
        var job = await _cluster.GetOrForgetAsync<V1Job>(key, ForgetAsync).ConfigureAwait(false);
        if (job is null || IsFinished(job))
        {
            return;
        }

        var run = _runs.TryGetValue(key, out var existing) ? existing : _runs[key] = new IndexedRun(job.Spec.Completions ?? 1);
        if (run.Deadline is null && job.Spec.ActiveDeadlineSeconds is { } deadline)
        {
            var started = job.Status?.StartTime ?? _time.GetUtcNow().UtcDateTime;
            run.Deadline = _work.After(_time, started.AddSeconds(deadline) - _time.GetUtcNow().UtcDateTime,
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
        var container = job.Spec.Template.Spec.Containers.Single(c => c.Name == TrainingJobBuilder.ContainerName);
        var podName = $"{name}-{index.ToString(CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        var labels = new Dictionary<string, string>(job.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [TrainingJobReconciler.JobNameLabel] = name,
            ["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid,
            [IndexLabel] = index.ToString(CultureInfo.InvariantCulture),
        };
        await _cluster.CreateAsync(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = ns, Labels = labels, OwnerReferences = [OwnerReferences.ControllerOf(job)] },
            Spec = job.Spec.Template.Spec,
        }).ConfigureAwait(false);

        var logPath = Path.Combine(_logFolder, $"{ns}_{podName}.log");
        IPodProcess process;
        try
        {
            // Kubernetes sets the index in every container of an Indexed Job's Pod; the builder does not.
            var environment = new Dictionary<string, string>(_secrets.EnvironmentOf(container), StringComparer.Ordinal)
            {
                [BatchArguments.JobCompletionIndex] = index.ToString(CultureInfo.InvariantCulture),
            };
            process = _runtime.StartJob(new PodLaunch(ns, podName, job.Spec.Template.Spec, container, environment, logPath));
        }
        catch (InvalidOperationException e)
        {
            // As on a cluster (CreateContainerConfigError, or the runtime's reason): the Pod waits; the message says what is missing.
            var reason = e is PodStartException start ? start.Reason : "CreateContainerConfigError";
            await SetPodAsync(ns, podName, "Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = e.Message } }).ConfigureAwait(false);
            LogWaiting(name, e.Message);
            return false;
        }

        var now = _time.GetUtcNow().UtcDateTime;
        run.Processes[index] = (process, podName);
        LogStarted(name, index, podName, process.Id);
        await SetPodAsync(ns, podName, "Running", new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }).ConfigureAwait(false);
        await UpdateAsync(key, run, j => j.Status.StartTime ??= now).ConfigureAwait(false);
        _ = process.Exited.ContinueWith(t => _work.Post(() => ExitedAsync(key, index, process, t.Result)), TaskScheduler.Default);
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
        LogExited(name, index, exitCode);
        var terminated = process.Terminated(exitCode, _time.GetUtcNow().UtcDateTime);
        await SetPodAsync(ns, entry.PodName, exitCode == 0 ? "Succeeded" : "Failed", new V1ContainerState { Terminated = terminated }).ConfigureAwait(false);
        var job = await _cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
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
                    j.Status.CompletionTime = _time.GetUtcNow().UtcDateTime;
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
        var rule = job.Spec.PodFailurePolicy?.Rules?.Select((r, i) => (Rule: r, Index: i)).FirstOrDefault(r =>
            r.Rule.Action == "FailJob" && r.Rule.OnExitCodes is { OperatorProperty: "In" } codes
            && (codes.ContainerName is null || codes.ContainerName == TrainingJobBuilder.ContainerName) && codes.Values.Contains(exitCode));
        if (rule?.Rule is not null)
        {
            await FailAsync(key, "PodFailurePolicy",
                $"Container {TrainingJobBuilder.ContainerName} for pod {ns}/{entry.PodName} failed with exit code {exitCode} matching FailJob rule at index {rule.Value.Index}").ConfigureAwait(false);
            return;
        }

        if (run.Failed > (job.Spec.BackoffLimit ?? 6))
        {
            await FailAsync(key, "BackoffLimitExceeded", "Job has reached the specified backoff limit").ConfigureAwait(false);
            return;
        }

        await UpdateAsync(key, run, _ => { }).ConfigureAwait(false);
        run.Waiting.Add(index);
        var delay = TimeSpan.FromTicks(Math.Min(RetryCap.Ticks, RetryBase.Ticks << Math.Min(run.Failed - 1, 10)));
        run.Timers.Add(_work.After(_time, delay, () =>
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
        return _cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
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

    private async Task ForgetAsync(string key)
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

    private Task SetPodAsync(string ns, string podName, string phase, V1ContainerState state) =>
        JobPodStatus.SetAsync(_cluster, _time, ns, podName, phase, state);

    private void SetCondition(V1Job job, string type, string reason, string message)
    {
        job.Status.Conditions ??= [];
        var existing = job.Status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null)
        {
            job.Status.Conditions.Remove(existing);
        }

        var now = _time.GetUtcNow().UtcDateTime;
        job.Status.Conditions.Add(new V1JobCondition { Type = type, Status = "True", Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now });
    }

    private static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    /// <summary>Stops every process (their Jobs stay as they are) and ends the runner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _cluster.Changed -= OnChanged;
        await _work.StopAsync(async () =>
        {
            foreach (var key in _runs.Keys.ToList())
            {
                await ForgetAsync(key).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
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
    private partial void LogStarted(string job, int index, string pod, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: index {Index} exited with code {ExitCode}")]
    private partial void LogExited(string job, int index, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: an index cannot start: {Reason}")]
    private partial void LogWaiting(string job, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local indexed Job runner: a change could not be handled")]
    private partial void LogFailed(Exception e);
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
