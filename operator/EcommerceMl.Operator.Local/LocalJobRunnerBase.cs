using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Reconcilers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// What local mode's two Job controllers share (<see cref="LocalJobRunner"/> for ordinary Jobs,
/// <see cref="LocalIndexedJobRunner"/> for Indexed ones): the cluster they watch and the runtime their Pods
/// run on, one serial work loop fed by the cluster's changes to the Jobs a runner <see cref="Runs"/>, how a
/// Job's Pod object is made and its container started, and the Job controller's own rules — conditions,
/// <c>FailJob</c> rules, the retry backoff — so both keep a Job's status as the real controller does.
/// </summary>
public abstract partial class LocalJobRunnerBase : IAsyncDisposable
{
    private static readonly TimeSpan RetryBase = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RetryCap = TimeSpan.FromMinutes(6);

    private readonly IPodRuntime _runtime;
    private readonly LocalSecrets _secrets;
    private readonly string _logFolder;
    private int _disposed;

    private protected LocalJobRunnerBase(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
    {
        Cluster = cluster;
        _runtime = runtime;
        _secrets = secrets;
        _logFolder = logFolder;
        Time = time;
        Logger = logger;
        Work = new SerialWork(e => LogFailed(logger, GetType().Name, e));
        Cluster.Changed += OnChanged;
    }

    private protected LocalCluster Cluster { get; }

    private protected TimeProvider Time { get; }

    private protected ILogger Logger { get; }

    /// <summary>Every change, exit and timer of this runner runs here, one at a time, so its state needs no lock.</summary>
    private protected SerialWork Work { get; }

    /// <summary>True for the Jobs this runner runs; the other runner leaves them alone.</summary>
    private protected abstract bool Runs(V1Job job);

    /// <summary>Brings the Job <paramref name="key"/> names and its processes in line.</summary>
    private protected abstract Task SyncAsync(string key);

    /// <summary>Drops what the runner holds for <paramref name="key"/>, stopping its processes (the Job is gone, or the runner ends).</summary>
    private protected abstract Task ForgetAsync(string key);

    /// <summary>The Jobs the runner holds something for.</summary>
    private protected abstract IReadOnlyCollection<string> Keys { get; }

    /// <summary>True once the runner is ending: what it forgets now is not gone, local mode is stopping.</summary>
    private protected bool Ending => Volatile.Read(ref _disposed) == 1;

    private void OnChanged(ObjectChange change)
    {
        if (change.Object is V1Job job && Runs(job))
        {
            var key = RunnerKeys.Of(job.Metadata);
            Work.Post(() => change.Deleted ? ForgetAsync(key) : SyncAsync(key));
        }
    }

    /// <summary>
    /// Creates the Pod object <paramref name="podName"/> of <paramref name="job"/> (its template, labelled as the Job
    /// controller labels it, plus <paramref name="labels"/>) and starts its trainer container with
    /// <paramref name="environment"/> added to the container's own. Null when the runtime cannot start it (a Secret or
    /// the image is missing): the Pod then waits, with the reason, as on a cluster.
    /// </summary>
    private protected async Task<IPodProcess?> StartPodAsync(V1Job job, string podName, IReadOnlyDictionary<string, string>? labels = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var ns = job.Metadata.NamespaceProperty;
        var name = job.Metadata.Name;
        var container = job.Spec.Template.Spec.Containers.Single(c => c.Name == TrainingJobBuilder.ContainerName);
        var podLabels = new Dictionary<string, string>(job.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [TrainingJobReconciler.JobNameLabel] = name,
            ["batch.kubernetes.io/controller-uid"] = job.Metadata.Uid,
        };
        foreach (var (label, value) in labels ?? new Dictionary<string, string>())
        {
            podLabels[label] = value;
        }

        await Cluster.CreateAsync(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = podName, NamespaceProperty = ns, Labels = podLabels, OwnerReferences = [OwnerReferences.ControllerOf(job)] },
            Spec = job.Spec.Template.Spec,
        }).ConfigureAwait(false);

        var containerEnvironment = new Dictionary<string, string>(_secrets.EnvironmentOf(container), StringComparer.Ordinal);
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            containerEnvironment[variable] = value;
        }

        try
        {
            return _runtime.StartJob(new PodLaunch(ns, podName, job.Spec.Template.Spec, container, containerEnvironment, LogPathOf(ns, podName)));
        }
        catch (InvalidOperationException e)
        {
            // As on a cluster (CreateContainerConfigError, or the runtime's reason): the Pod waits; the message says what is missing.
            var reason = e is PodStartException start ? start.Reason : "CreateContainerConfigError";
            await SetPodAsync(ns, podName, "Pending", new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = e.Message } }).ConfigureAwait(false);
            LogWaiting(Logger, name, podName, e.Message);
            return null;
        }
    }

    /// <summary>The path of the log a Pod's container writes.</summary>
    private protected string LogPathOf(string ns, string podName) => Path.Combine(_logFolder, $"{ns}_{podName}.log");

    private protected Task SetPodAsync(string ns, string podName, string phase, V1ContainerState state) =>
        JobPodStatus.SetAsync(Cluster, Time, ns, podName, phase, state);

    private protected ITimer After(TimeSpan delay, Func<Task> work) => Work.After(Time, delay, work);

    /// <summary>Sets a True condition as the Job controller does (replacing one of its type), stamped now.</summary>
    private protected void SetCondition(V1Job job, string type, string reason, string message)
    {
        job.Status.Conditions ??= [];
        RemoveCondition(job, type);
        var now = Time.GetUtcNow().UtcDateTime;
        job.Status.Conditions.Add(new V1JobCondition { Type = type, Status = "True", Reason = reason, Message = message, LastProbeTime = now, LastTransitionTime = now });
    }

    private protected static void RemoveCondition(V1Job job, string type)
    {
        var existing = job.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        if (existing is not null)
        {
            job.Status!.Conditions.Remove(existing);
        }
    }

    private protected static bool IsFinished(V1Job job) =>
        job.Status?.Conditions?.Any(c => c.Type is "Complete" or "Failed" && c.Status == "True") == true;

    /// <summary>The <c>PodFailurePolicy</c> message when a <c>FailJob</c> rule names <paramref name="exitCode"/> of the trainer container; null when none does.</summary>
    private protected static string? FailJobRuleMessage(V1Job job, string podName, int exitCode)
    {
        var rule = job.Spec.PodFailurePolicy?.Rules?.Select((r, i) => (Rule: r, Index: i)).FirstOrDefault(r =>
            r.Rule.Action == "FailJob" && r.Rule.OnExitCodes is { OperatorProperty: "In" } codes
            && (codes.ContainerName is null || codes.ContainerName == TrainingJobBuilder.ContainerName) && codes.Values.Contains(exitCode));
        return rule?.Rule is null
            ? null
            : $"Container {TrainingJobBuilder.ContainerName} for pod {job.Metadata.NamespaceProperty}/{podName} failed with exit code {exitCode} matching FailJob rule at index {rule.Value.Index}";
    }

    /// <summary>The Job controller's backoff before the next try after <paramref name="failures"/> failed Pods: 10 s doubling, at most 6 min.</summary>
    private protected static TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(RetryCap.Ticks, RetryBase.Ticks << Math.Clamp(failures - 1, 0, 10)));

    /// <summary>Stops every process (their Jobs stay as they are) and ends the runner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Cluster.Changed -= OnChanged;
        await Work.StopAsync(() => [.. Keys.ToList().Select(key => (Func<Task>)(() => ForgetAsync(key)))]).ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job}: Pod {Pod} cannot start: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string job, string pod, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Runner}: a change could not be handled")]
    private static partial void LogFailed(ILogger logger, string runner, Exception e);
}
