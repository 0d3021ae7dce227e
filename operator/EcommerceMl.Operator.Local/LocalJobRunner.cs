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
public sealed partial class LocalJobRunner : LocalJobRunnerBase
{
    private readonly Dictionary<string, JobRun> _runs = new(StringComparer.Ordinal);

    public LocalJobRunner(LocalCluster cluster, LocalCommand command, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : this(cluster, new ProcessPodRuntime(command), secrets, logFolder, time, logger)
    {
    }

    /// <summary>A runner whose Pods run on <paramref name="runtime"/>: processes, or containers of their images.</summary>
    public LocalJobRunner(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : base(cluster, runtime, secrets, logFolder, time, logger)
    {
    }

    /// <summary>Trainer processes running now.</summary>
    public int Running => _runs.Values.Count(r => r.Process is not null);

    // Indexed Jobs (a Model's batch outputs) run one process per index: LocalIndexedJobRunner's.
    private protected override bool Runs(V1Job job) => !LocalIndexedJobRunner.Handles(job);

    private protected override IReadOnlyCollection<string> Keys => _runs.Keys;

    /// <summary>Brings one Job's process in line with the Job: start, stop for suspension, nothing once finished.</summary>
    private protected override async Task SyncAsync(string key)
    {
        var job = await Cluster.GetOrForgetAsync<V1Job>(key, ForgetAsync).ConfigureAwait(false);
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

            await Cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
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
        var podName = $"{name}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        var now = Time.GetUtcNow().UtcDateTime;
        if (await StartPodAsync(job, podName).ConfigureAwait(false) is not { } process)
        {
            return;
        }

        run.Process = process;
        run.PodName = podName;
        LogStarted(Logger, name, podName, process.Id, LogPathOf(ns, podName));
        await SetPodAsync(ns, podName, "Running", new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = now } }).ConfigureAwait(false);
        await Cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
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

        _ = process.Exited.ContinueWith(t => Work.Post(() => ExitedAsync(key, process, t.Result)), TaskScheduler.Default);
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
        var now = Time.GetUtcNow().UtcDateTime;
        if (exitCode == 0)
        {
            LogSucceeded(Logger, name, podName);
        }
        else
        {
            LogFailedPod(Logger, name, podName, exitCode, process.LogPath);
        }

        var terminated = process.Terminated(exitCode, now);
        await SetPodAsync(ns, podName, exitCode == 0 ? "Succeeded" : "Failed", new V1ContainerState { Terminated = terminated }).ConfigureAwait(false);
        var job = await Cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
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
        if (FailJobRuleMessage(job, podName, exitCode) is { } ruleMessage)
        {
            await FailAsync(key, failed, "PodFailurePolicy", ruleMessage).ConfigureAwait(false);
            return;
        }

        if (failed > (job.Spec.BackoffLimit ?? 6))
        {
            await FailAsync(key, failed, "BackoffLimitExceeded", "Job has reached the specified backoff limit").ConfigureAwait(false);
            return;
        }

        await Cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
        {
            j.Status.Failed = failed;
            j.Status.Active = 0;
            j.Status.Ready = 0;
        }).ConfigureAwait(false);
        run.RetryPending = true;
        run.Retry = After(RetryDelay(failed), () =>
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
        var job = await Cluster.GetAsync<V1Job>(ns, name).ConfigureAwait(false);
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
        var job = await Cluster.UpdateStatusAsync<V1Job>(ns, name, j =>
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
                Cluster.Delete<V1Job>(ns, name);
                return Task.CompletedTask;
            });
        }
    }

    private protected override async Task ForgetAsync(string key)
    {
        if (_runs.Remove(key, out var run))
        {
            run.Retry?.Dispose();
            run.Deadline?.Dispose();
            run.Ttl?.Dispose();
            if (run.Process is not null)
            {
                if (!Ending)
                {
                    LogStopping(Logger, key);
                }

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

    // A Pod's start and its success are routine (a monitoring Job every 20–30 s per Model in `make run`) and the
    // TrainingJob's own Events say what matters: Debug. A failed Pod is a Warning naming its log.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job}: Pod {Pod} started (pid {Pid}), log {Log}")]
    private static partial void LogStarted(ILogger logger, string job, string pod, int pid, string log);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job}: Pod {Pod} exited with code 0")]
    private static partial void LogSucceeded(ILogger logger, string job, string pod);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: Pod {Pod} exited with code {ExitCode}; its log: {Log}")]
    private static partial void LogFailedPod(ILogger logger, string job, string pod, int exitCode, string log);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Key} is gone: stopping its trainer")]
    private static partial void LogStopping(ILogger logger, string key);
}
