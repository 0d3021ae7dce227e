using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's Deployment controller and kubelet: each apps/v1 Deployment of the inference server
/// (what <see cref="ModelDeploymentBuilder"/> produces) runs as one child process (<c>ecml serve</c>
/// with the container's <c>Ecml__*</c> environment) on a free port of 127.0.0.1. Readiness is its
/// <c>/readyz</c>, polled every second, mapped onto the Deployment's status
/// (<c>readyReplicas</c>, <c>availableReplicas</c>, <c>Available</c>/<c>Progressing</c>). A changed Pod
/// template starts a new process and stops the old one only once the new one is ready
/// (<c>maxUnavailable: 0</c>); a process that dies is restarted after a doubling delay. A Service
/// whose selector matches a Deployment's Pods gets that process's address in its
/// <c>status.loadBalancer</c>, which is how a local Service resolves to <c>http://127.0.0.1:{port}</c>.
/// One process stands for all of <c>spec.replicas</c> on a laptop, so when it is ready the status
/// reports every replica ready.
/// </summary>
public sealed partial class LocalDeploymentRunner : IAsyncDisposable
{
    private static readonly TimeSpan ProbePeriod = TimeSpan.FromSeconds(1);

    private readonly LocalCluster _cluster;
    private readonly IPodRuntime _runtime;
    private readonly LocalSecrets _secrets;
    private readonly string _logFolder;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };
    private readonly Dictionary<string, Served> _served = new(StringComparer.Ordinal);
    private readonly SerialWork _work;
    private readonly ITimer _probe;
    private int _disposed;

    public LocalDeploymentRunner(LocalCluster cluster, LocalCommand command, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
        : this(cluster, new ProcessPodRuntime(command), secrets, logFolder, time, logger)
    {
    }

    /// <summary>A runner whose Pods run on <paramref name="runtime"/>: processes, or containers of their images.</summary>
    public LocalDeploymentRunner(LocalCluster cluster, IPodRuntime runtime, LocalSecrets secrets, string logFolder, TimeProvider time, ILogger logger)
    {
        _cluster = cluster;
        _runtime = runtime;
        _secrets = secrets;
        _logFolder = logFolder;
        _time = time;
        _logger = logger;
        _work = new SerialWork(LogFailed);
        _cluster.Changed += OnChanged;
        _probe = time.CreateTimer(_ => Post(ProbeAllAsync), null, ProbePeriod, ProbePeriod);
    }

    /// <summary>The local address of a Deployment's ready process, if it has one.</summary>
    public string? AddressOf(string ns, string deploymentName) =>
        _served.TryGetValue($"{ns}/{deploymentName}", out var served) && served.Current is { Ready: true } current ? current.Url : null;

    private void OnChanged(ObjectChange change)
    {
        switch (change.Object)
        {
            case V1Deployment deployment:
                var key = RunnerKeys.Of(deployment.Metadata);
                Post(() => change.Deleted ? ForgetAsync(key) : SyncAsync(key));
                break;
            case V1Service service when !change.Deleted:
                Post(() => PublishServicesAsync(service.Metadata.NamespaceProperty));
                break;
        }
    }

    private void Post(Func<Task> work) => _work.Post(work);

    private async Task SyncAsync(string key)
    {
        var deployment = await _cluster.GetOrForgetAsync<V1Deployment>(key, ForgetAsync).ConfigureAwait(false);
        if (deployment is null)
        {
            return;
        }

        var served = _served.TryGetValue(key, out var existing) ? existing : _served[key] = new Served();
        var template = KubernetesJson.Serialize(deployment.Spec.Template);
        var newest = served.Next ?? served.Current;
        if (newest?.Template != template && !served.RestartPending)
        {
            if (served.Next is { } superseded)
            {
                await superseded.Process.DisposeAsync().ConfigureAwait(false);
                served.Next = null;
            }

            var started = Start(deployment, template, served);
            if (started is not null)
            {
                if (served.Current is null)
                {
                    served.Current = started;
                }
                else
                {
                    served.Next = started;
                }
            }
        }

        await WriteStatusAsync(deployment, served).ConfigureAwait(false);
    }

    private Instance? Start(V1Deployment deployment, string template, Served served)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var container = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == ModelDeploymentBuilder.ContainerName);
        var port = FreePort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var logPath = Path.Combine(_logFolder, $"{ns}_{deployment.Metadata.Name}.log");
        var podName = $"{deployment.Metadata.Name}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        IPodProcess process;
        try
        {
            process = _runtime.StartServer(new PodLaunch(ns, podName, deployment.Spec.Template.Spec, container, _secrets.EnvironmentOf(container), logPath), url);
        }
        catch (InvalidOperationException e)
        {
            served.Problem = e.Message;
            LogCannotStart(deployment.Metadata.Name, e.Message);
            return null;
        }

        LogStarted(deployment.Metadata.Name, url, process.Id, logPath);
        served.Problem = null;
        var instance = new Instance(process, url, template);
        var key = RunnerKeys.Of(deployment.Metadata);
        _ = process.Exited.ContinueWith(t => Post(() => ExitedAsync(key, instance, t.Result)), TaskScheduler.Default);
        return instance;
    }

    private async Task ExitedAsync(string key, Instance instance, int exitCode)
    {
        if (!_served.TryGetValue(key, out var served) || (served.Current != instance && served.Next != instance))
        {
            return;
        }

        LogExited(key, exitCode);
        if (served.Next == instance)
        {
            served.Next = null;
        }
        else
        {
            served.Current = served.Next;
            served.Next = null;
        }

        served.Problem = $"the inference server exited with code {exitCode}; see {instance.Process.LogPath}";
        served.Restarts++;
        await instance.Process.DisposeAsync().ConfigureAwait(false);
        served.RestartPending = true;
        var delay = TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, Math.Min(served.Restarts - 1, 5))));
        served.Restart = _work.After(_time, delay, () =>
        {
            served.RestartPending = false;
            return SyncAsync(key);
        });
        var (ns, name) = RunnerKeys.Split(key);
        if (await _cluster.GetAsync<V1Deployment>(ns, name).ConfigureAwait(false) is { } deployment)
        {
            await WriteStatusAsync(deployment, served).ConfigureAwait(false);
        }
    }

    private async Task ProbeAllAsync()
    {
        foreach (var (key, served) in _served.ToList())
        {
            var changed = false;
            foreach (var instance in new[] { served.Current, served.Next }.OfType<Instance>())
            {
                var ready = await ReadyAsync(instance).ConfigureAwait(false);
                changed |= ready != instance.Ready;
                instance.Ready = ready;
            }

            if (served.Next is { Ready: true } next)
            {
                // The new Pod template is serving: the old process goes (a rolling update without unavailability).
                var old = served.Current;
                served.Current = next;
                served.Next = null;
                if (old is not null)
                {
                    await old.Process.DisposeAsync().ConfigureAwait(false);
                }

                changed = true;
            }

            var (ns, name) = RunnerKeys.Split(key);
            if (changed && await _cluster.GetAsync<V1Deployment>(ns, name).ConfigureAwait(false) is { } deployment)
            {
                await WriteStatusAsync(deployment, served).ConfigureAwait(false);
                await PublishServicesAsync(ns).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ReadyAsync(Instance instance)
    {
        if (instance.Process.Exited.IsCompleted)
        {
            return false;
        }

        try
        {
            using var response = await _http.GetAsync(new Uri($"{instance.Url}/readyz")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WriteStatusAsync(V1Deployment deployment, Served served)
    {
        var replicas = deployment.Spec.Replicas ?? 1;
        var current = served.Current;
        var ready = current is { Ready: true } && served.Next is null
            && current.Template == KubernetesJson.Serialize(deployment.Spec.Template);
        var available = current is { Ready: true };
        var now = _time.GetUtcNow().UtcDateTime;
        await _cluster.UpdateStatusAsync<V1Deployment>(deployment.Metadata.NamespaceProperty, deployment.Metadata.Name, d =>
        {
            d.Status ??= new V1DeploymentStatus();
            d.Status.ObservedGeneration = d.Metadata.Generation;
            d.Status.Replicas = replicas;
            d.Status.UpdatedReplicas = ready ? replicas : 0;
            d.Status.ReadyReplicas = available ? replicas : 0;
            d.Status.AvailableReplicas = available ? replicas : 0;
            d.Status.UnavailableReplicas = available ? null : replicas;
            d.Status.Conditions =
            [
                Condition(d, "Available", available, available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    available ? "Deployment has minimum availability." : served.Problem ?? "Deployment does not have minimum availability.", now),
                Condition(d, "Progressing", served.Problem is null, ready ? "NewReplicaSetAvailable" : served.Problem is null ? "ReplicaSetUpdated" : "ProgressDeadlineExceeded",
                    ready ? $"Local process {current!.Url} has successfully progressed." : served.Problem ?? "Waiting for the inference server to become ready.", now),
            ];
        }).ConfigureAwait(false);
    }

    private static V1DeploymentCondition Condition(V1Deployment deployment, string type, bool status, string reason, string message, DateTime now)
    {
        var value = status ? "True" : "False";
        var previous = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        var transition = previous?.Status == value ? previous.LastTransitionTime : now;
        return new V1DeploymentCondition { Type = type, Status = value, Reason = reason, Message = message, LastTransitionTime = transition, LastUpdateTime = previous?.Status == value && previous.Message == message ? previous.LastUpdateTime : now };
    }

    /// <summary>
    /// Each Service of the namespace whose selector matches served Deployments' Pods resolves to their processes: one
    /// ingress entry per replica, the oldest Deployment first (its address is the Service's), so a client spreading
    /// requests over the entries (the gateway) splits traffic between a stable and a canary Deployment as Pods would.
    /// </summary>
    private async Task PublishServicesAsync(string ns)
    {
        var services = await _cluster.ListAsync<V1Service>(ns, new Dictionary<string, string>()).ConfigureAwait(false);
        var deployments = await _cluster.ListAsync<V1Deployment>(ns, new Dictionary<string, string>()).ConfigureAwait(false);
        foreach (var service in services)
        {
            var selector = service.Spec?.Selector ?? new Dictionary<string, string>();
            var ingress = deployments
                .Where(d => selector.Count > 0 && selector.All(s => d.Spec.Template.Metadata?.Labels?.TryGetValue(s.Key, out var v) == true && v == s.Value))
                .Select(d => (Deployment: d, Url: AddressOf(ns, d.Metadata.Name)))
                .Where(d => d.Url is not null)
                .OrderBy(d => d.Deployment.Metadata.CreationTimestamp)
                .SelectMany(d => Enumerable.Repeat(new Uri(d.Url!).Port, Math.Max(1, d.Deployment.Spec.Replicas ?? 1)))
                .Select(port => new V1LoadBalancerIngress { Ip = "127.0.0.1", Ports = [new V1PortStatus { Port = port, Protocol = "TCP" }] })
                .ToList();
            await _cluster.UpdateStatusAsync<V1Service>(ns, service.Metadata.Name, s =>
            {
                s.Status = ingress.Count == 0 ? null : new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus { Ingress = ingress } };
            }).ConfigureAwait(false);
        }
    }

    private async Task ForgetAsync(string key)
    {
        if (_served.Remove(key, out var served))
        {
            served.Restart?.Dispose();
            foreach (var instance in new[] { served.Current, served.Next }.OfType<Instance>())
            {
                LogStopping(key, instance.Url);
                await instance.Process.DisposeAsync().ConfigureAwait(false);
            }

            await PublishServicesAsync(RunnerKeys.Split(key).Namespace).ConfigureAwait(false);
        }
    }

    /// <summary>A port nobody listens on now (the kernel's choice); the server binds it a moment later.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops every inference server and ends the runner.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _cluster.Changed -= OnChanged;
        await _probe.DisposeAsync().ConfigureAwait(false);
        await _work.StopAsync(async () =>
        {
            foreach (var key in _served.Keys.ToList())
            {
                if (_served.Remove(key, out var served))
                {
                    served.Restart?.Dispose();
                    foreach (var instance in new[] { served.Current, served.Next }.OfType<Instance>())
                    {
                        await instance.Process.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        }).ConfigureAwait(false);
        _http.Dispose();
    }

    private sealed class Served
    {
        public Instance? Current { get; set; }

        public Instance? Next { get; set; }

        public string? Problem { get; set; }

        public int Restarts { get; set; }

        public bool RestartPending { get; set; }

        public ITimer? Restart { get; set; }
    }

    private sealed class Instance(IPodProcess process, string url, string template)
    {
        public IPodProcess Process { get; } = process;

        public string Url { get; } = url;

        public string Template { get; } = template;

        public bool Ready { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment}: inference server on {Url} (pid {Pid}), log {Log}")]
    private partial void LogStarted(string deployment, string url, int pid, string log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Key}: the inference server exited with code {ExitCode}")]
    private partial void LogExited(string key, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Deployment}: the inference server cannot start: {Reason}")]
    private partial void LogCannotStart(string deployment, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Key} is gone: stopping the inference server on {Url}")]
    private partial void LogStopping(string key, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local Deployment runner: a change could not be handled")]
    private partial void LogFailed(Exception e);
}
