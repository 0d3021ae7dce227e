using System.Globalization;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Reconcilers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's Job controller and kubelet in one: each batch/v1 Job in the <see cref="LocalCluster"/>
/// runs as a child process of the trainer (<c>ecml train</c>, or <c>ecml monitor</c> for a Model's
/// monitoring Job whose container args are <c>["monitor"]</c>, configured by the Pod template's
/// ECML_* environment), with a Pod object that reflects the process, and the Job's status kept as
/// the Job controller keeps it: <c>active</c>/<c>ready</c>/<c>succeeded</c>/<c>failed</c>, start and
/// completion time, <c>Complete</c>/<c>Failed</c> conditions with the controller's reasons
/// (<c>BackoffLimitExceeded</c>, <c>DeadlineExceeded</c>, <c>PodFailurePolicy</c> for an exit code a
/// <c>FailJob</c> rule names), retries with the controller's backoff (10 s doubling), suspension,
/// and removal <c>ttlSecondsAfterFinished</c> after the end. So the TrainingJob status calculator
/// reads it exactly as on a cluster. Changes are handled one at a time, in order.
/// </summary>
public sealed partial class LocalJobRunner : IAsyncDisposable
{
    private static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(6);

    private readonly LocalCluster _cluster;
    private readonly IPodRuntime _runtime;
    private readonly LocalSecrets _secrets;
    private readonly string _logFolder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, JobRun> _runs = new(StringComparer.Ordinal);
    private readonly SerialWork _work;
    private int _disposed;

    public LocalJobRunner(LocalCluster cluster, LocalCommand command, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : this(cluster, new ProcessPodRuntime(command), secrets, logFolder, time, logger)
    {
    }

    /// <summary>A runner whose Pods run on <paramref name="runtime"/>: processes, or containers of their images.</summary>
    public LocalJobRunner(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
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

    /// <summary>Trainer processes running now.</summary>
    public int Running => _runs.Values.Count(r => r.Process is not null);

    private void OnChanged(ObjectChange change)
    {
        // Indexed Jobs (a Model's batch outputs) run one process per index: LocalIndexedJobRunner's.
        if (change.Object is V1Job job && !LocalIndexedJobRunner.Handles(job))
        {
            Post(() => change.Deleted ? ForgetAsync(Key(job)) : SyncAsync(Key(job)));
        }
    }

    private void Post(Func<Task> work) => _work.Post(work);

    /// <summary>Brings one Job's process in line with the Job: start, stop for suspension, nothing once finished.</summary>
    private async Task SyncAsync(string key)
    {
        var job = await _cluster.GetOrForgetAsync<V1Job>(key, ForgetAsync).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }

        var (ns, name) = RunnerKeys.Split(key);
        var run = _runs.TryGetValue(key, out var existing) ? existing : _runs[key] = new JobRun();
        if (IsFinished(job) || run.RetryPending)
        {
            return;
        }

        if (job.Spec.Suspend == true)
        {
            if (run.Process is not null)
            {
                await StopAsync(run).ConfigureAwait(false);
            }

            await _cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
            {
                j.Status ??= new V1JobStatus();
                j.Status.Active = 0;
                j.Status.Ready = 0;
                SetCondition(j, "Suspended", "JobSuspended", "Job suspended");
            }).ConfigureAwait(false);
            return;
        }

        if (run.Process is null)
        {
            await StartAsync(key, job, run).ConfigureAwait(false);
        }
    }

    private async Task StartAsync(string key, V1Job job, JobRun run)
    {
        var (ns, name) = RunnerKeys.Split(key);
        var container = job.Spec.Template.Spec.Containers.Single(c => c.Name == TrainingJobBuilder.ContainerName);
        var podName = $"{name}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        var labels = new Dictionary<string, string>(job.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [TrainingJobReconciler.JobNameLabel] = name,
            ["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid,
        };
        await _cluster.CreateAsync(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = podName,
                NamespaceProperty = ns,
                Labels = labels,
                OwnerReferences = [OwnerReferences.ControllerOf(job)],
            },
            Spec = job.Spec.Template.Spec,
        }).ConfigureAwait(false);

        var now = _time.GetUtcNow().UtcDateTime;
        var logPath = Path.Combine(_logFolder, $"{ns}_{podName}.log");
        IPodProcess process;
        try
        {
            process = _runtime.StartJob(new PodLaunch(ns, podName, job.Spec.Template.Spec, container, _secrets.EnvironmentOf(container), logPath));
        }
        catch (InvalidOperationException e)
        {
            // As on a cluster (CreateContainerConfigError, or the runtime's reason): the Pod waits; the message says what is missing.
            var reason = e is PodStartException start ? start.Reason : "CreateContainerConfigError";
            await SetPodAsync(ns, podName, "Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = e.Message } }).ConfigureAwait(false);
            LogWaiting(name, e.Message);
            return;
        }

        run.Process = process;
        run.PodName = podName;
        LogStarted(name, podName, process.Id, logPath);
        await SetPodAsync(ns, podName, "Running", new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }).ConfigureAwait(false);
        await _cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
        {
            j.Status ??= new V1JobStatus();
            j.Status.StartTime ??= now;
            j.Status.Active = 1;
            j.Status.Ready = 1;
            RemoveCondition(j, "Suspended");
        }).ConfigureAwait(false);

        if (job.Spec.ActiveDeadlineSeconds is { } deadline && run.Deadline is null)
        {
            var started = job.Status?.StartTime ?? now;
            run.Deadline = After(started.AddSeconds(deadline) - now, () => DeadlineAsync(key));
        }

        _ = process.Exited.ContinueWith(t => Post(() => ExitedAsync(key, process, t.Result)), TaskScheduler.Default);
    }

    private async Task ExitedAsync(string key, IPodProcess process, int exitCode)
    {
        if (!_runs.TryGetValue(key, out var run) || run.Process != process || run.Stopping)
        {
            return;
        }

        var (ns, name) = RunnerKeys.Split(key);
        var podName = run.PodName!;
        run.Process = null;
        await process.DisposeAsync().ConfigureAwait(false);
        var now = _time.GetUtcNow().UtcDateTime;
        LogExited(name, podName, exitCode);
        var terminated = process.Terminated(exitCode, now);
        await SetPodAsync(ns, podName, exitCode == 0 ? "Succeeded" : "Failed", new V1ContainerState { Terminated = terminated }).ConfigureAwait(false);
        var job = await _cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
        if (job is null)
        {
            return;
        }

        if (exitCode == 0)
        {
            await FinishAsync(key, j =>
            {
                j.Status.Succeeded = (j.Status.Succeeded ?? 0) + 1;
                j.Status.CompletionTime = now;
                SetCondition(j, "SuccessCriteriaMet", "CompletionsReached", "Reached expected number of succeeded pods");
                SetCondition(j, "Complete", "CompletionsReached", "Reached expected number of succeeded pods");
            }).ConfigureAwait(false);
            return;
        }

        var failed = (job.Status?.Failed ?? 0) + 1;
        var rule = job.Spec.PodFailurePolicy?.Rules?.Select((r, i) => (Rule: r, Index: i)).FirstOrDefault(r =>
            r.Rule.Action == "FailJob" && r.Rule.OnExitCodes is { OperatorProperty: "In" } codes
            && (codes.ContainerName is null || codes.ContainerName == TrainingJobBuilder.ContainerName) && codes.Values.Contains(exitCode));
        if (rule?.Rule is not null)
        {
            await FailAsync(key, failed, "PodFailurePolicy",
                $"Container {TrainingJobBuilder.ContainerName} for pod {ns}/{podName} failed with exit code {exitCode} matching FailJob rule at index {rule.Value.Index}").ConfigureAwait(false);
            return;
        }

        if (failed > (job.Spec.BackoffLimit ?? 6))
        {
            await FailAsync(key, failed, "BackoffLimitExceeded", "Job has reached the specified backoff limit").ConfigureAwait(false);
            return;
        }

        await _cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
        {
            j.Status.Failed = failed;
            j.Status.Active = 0;
            j.Status.Ready = 0;
        }).ConfigureAwait(false);
        var delay = TimeSpan.FromTicks(Math.Min(RetryCap.Ticks, RetryBase.Ticks << Math.Min(failed - 1, 10)));
        run.RetryPending = true;
        run.Retry = After(delay, () =>
        {
            run.RetryPending = false;
            return SyncAsync(key);
        });
    }

    private async Task DeadlineAsync(string key)
    {
        if (!_runs.TryGetValue(key, out var run))
        {
            return;
        }

        var (ns, name) = RunnerKeys.Split(key);
        var job = await _cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
        if (job is null || IsFinished(job))
        {
            return;
        }

        var failed = job.Status?.Failed ?? 0;
        if (run.Process is not null)
        {
            await StopAsync(run).ConfigureAwait(false);
            failed++;
        }

        await FailAsync(key, failed, "DeadlineExceeded", "Job was active longer than specified deadline").ConfigureAwait(false);
    }

    private Task FailAsync(string key, int failed, string reason, string message) => FinishAsync(key, j =>
    {
        j.Status.Failed = failed;
        SetCondition(j, "FailureTarget", reason, message);
        SetCondition(j, "Failed", reason, message);
    });

    private async Task FinishAsync(string key, Action<V1Job> change)
    {
        var (ns, name) = RunnerKeys.Split(key);
        var run = _runs[key];
        run.Retry?.Dispose();
        run.Deadline?.Dispose();
        var job = await _cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
        {
            j.Status ??= new V1JobStatus();
            j.Status.Active = 0;
            j.Status.Ready = 0;
            change(j);
        }).ConfigureAwait(false);
        if (job?.Spec.TtlSecondsAfterFinished is { } ttl)
        {
            run.Ttl = After(TimeSpan.FromSeconds(ttl), () =>
            {
                _cluster.Delete<V1Job>(ns, name);
                return Task.CompletedTask;
            });
        }
    }

    private async Task ForgetAsync(string key)
    {
        if (_runs.Remove(key, out var run))
        {
            run.Retry?.Dispose();
            run.Deadline?.Dispose();
            run.Ttl?.Dispose();
            if (run.Process is not null)
            {
                LogStopping(key);
                await StopAsync(run).ConfigureAwait(false);
            }
        }
    }

    private static async Task StopAsync(JobRun run)
    {
        var process = run.Process!;
        run.Stopping = true;
        await process.DisposeAsync().ConfigureAwait(false);
        run.Process = null;
        run.Stopping = false;
    }

    private Task SetPodAsync(string ns, string podName, string phase, V1ContainerState state) =>
        JobPodStatus.SetAsync(_cluster, _time, ns, podName, phase, state);

    private ITimer After(TimeSpan delay, Func<Task> work) => _work.After(_time, delay, work);

    private void SetCondition(V1Job job, string type, string reason, string message)
    {
        job.Status.Conditions ??= [];
        RemoveCondition(job, type);
        var now = _time.GetUtcNow().UtcDateTime;
        job.Status.Conditions.Add(new V1JobCondition { Type = type, Status = "True", Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now });
    }

    private static void RemoveCondition(V1Job job, string type)
    {
        var existing = job.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        if (existing is not null)
        {
            job.Status!.Conditions.Remove(existing);
        }
    }

    private static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    private static string Key(V1Job job) => RunnerKeys.Of(job.Metadata);

    /// <summary>Stops every trainer (their Jobs stay as they are) and ends the runner.</summary>
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

    private sealed class JobRun
    {
        public IPodProcess? Process { get; set; }

        public string? PodName { get; set; }

        public bool Stopping { get; set; }

        public bool RetryPending { get; set; }

        public ITimer? Retry { get; set; }

        public ITimer? Deadline { get; set; }

        public ITimer? Ttl { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: trainer {Pod} started (pid {Pid}), log {Log}")]
    private partial void LogStarted(string job, string pod, int pid, string log);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job}: trainer {Pod} exited with code {ExitCode}")]
    private partial void LogExited(string job, string pod, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: the trainer cannot start: {Reason}")]
    private partial void LogWaiting(string job, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Key} is gone: stopping its trainer")]
    private partial void LogStopping(string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local Job runner: a change could not be handled")]
    private partial void LogFailed(Exception e);
}
