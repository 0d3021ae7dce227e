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
/// (what <see cref="ModelDeploymentBuilder"/> produces) runs <c>spec.replicas</c> Pods on the
/// <see cref="IPodRuntime"/> (<c>ecml serve</c> processes with the container's <c>Ecml__*</c> environment, or
/// containers of the inference image), each on its own free port of 127.0.0.1. Readiness is each replica's
/// <c>/readyz</c>, polled every second, counted into the Deployment's status (<c>replicas</c>,
/// <c>updatedReplicas</c>, <c>readyReplicas</c>, <c>availableReplicas</c>, <c>Available</c>/<c>Progressing</c>).
/// A changed Pod template rolls over the replicas as the Deployment controller does with
/// <c>maxUnavailable: 0</c> (<see cref="LocalReplicas"/>); a changed replica count scales; a replica that dies
/// is replaced after a doubling delay. A Service whose selector matches a Deployment's Pods lists each ready
/// replica's address in its <c>status.loadBalancer</c>, which is how a local Service resolves to
/// <c>http://127.0.0.1:{port}</c>.
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

    /// <summary>The local address of a Deployment's first ready replica, if it has one.</summary>
    public string? AddressOf(string ns, string deploymentName) => AddressesOf(ns, deploymentName).FirstOrDefault();

    /// <summary>The local addresses of a Deployment's ready replicas, oldest first.</summary>
    public IReadOnlyList<string> AddressesOf(string ns, string deploymentName) =>
        _served.TryGetValue($"{ns}/{deploymentName}", out var served) ? [.. served.Replicas.Where(r => r.Ready).Select(r => r.Url)] : [];

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
        await ConvergeAsync(deployment, served).ConfigureAwait(false);
        await WriteStatusAsync(deployment, served).ConfigureAwait(false);
    }

    /// <summary>Stops and starts replicas as <see cref="LocalReplicas.Plan"/> says; nothing starts while a restart waits out its delay.</summary>
    private async Task ConvergeAsync(V1Deployment deployment, Served served)
    {
        var template = KubernetesJson.Serialize(deployment.Spec.Template);
        var plan = LocalReplicas.Plan(
            [.. served.Replicas.Select(r => new ReplicaState<Replica>(r, r.Template == template, r.Ready))],
            deployment.Spec.Replicas ?? 1,
            LocalReplicas.MaxSurge(deployment));
        foreach (var replica in plan.Stop)
        {
            served.Replicas.Remove(replica);
        }

        await RetireAsync(RunnerKeys.Of(deployment.Metadata), plan.Stop).ConfigureAwait(false);
        for (var i = 0; i < plan.Start && !served.RestartPending; i++)
        {
            if (Start(deployment, template, served) is not { } started)
            {
                break;
            }

            served.Replicas.Add(started);
        }
    }

    /// <summary>
    /// Stops replicas already taken off their Deployment's list: first their Services stop listing them, then each is
    /// stopped, and the server finishes the requests it has before it exits (the lifeline's graceful stop). So a
    /// rollout, a scale-down or a deleted canary sends no new request to a server that is going away — on a cluster
    /// the Endpoints controller and a preStop delay give the same order.
    /// </summary>
    private async Task RetireAsync(string key, IReadOnlyList<Replica> replicas)
    {
        if (replicas.Any(r => r.Ready))
        {
            await PublishServicesAsync(RunnerKeys.Split(key).Namespace).ConfigureAwait(false);
        }

        foreach (var replica in replicas)
        {
            LogStopping(key, replica.Url);
            await replica.Process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private Replica? Start(V1Deployment deployment, string template, Served served)
    {
        var ns = deployment.Metadata.NamespaceProperty;
        var container = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == ModelDeploymentBuilder.ContainerName);
        var port = FreePort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var podName = $"{deployment.Metadata.Name}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..5]}";
        var logPath = Path.Combine(_logFolder, $"{ns}_{podName}.log");
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

        LogStarted(deployment.Metadata.Name, podName, url, process.Id, logPath);
        served.Problem = null;
        var replica = new Replica(process, url, template);
        var key = RunnerKeys.Of(deployment.Metadata);
        _ = process.Exited.ContinueWith(t => Post(() => ExitedAsync(key, replica, t.Result)), TaskScheduler.Default);
        return replica;
    }

    private async Task ExitedAsync(string key, Replica replica, int exitCode)
    {
        if (!_served.TryGetValue(key, out var served) || !served.Replicas.Remove(replica))
        {
            // Stopped on purpose (rolled over, scaled down, deleted).
            return;
        }

        LogExited(key, replica.Url, exitCode);
        served.Problem = $"the inference server exited with code {exitCode}; see {replica.Process.LogPath}";
        served.Restarts++;
        await replica.Process.DisposeAsync().ConfigureAwait(false);
        if (!served.RestartPending)
        {
            served.RestartPending = true;
            var delay = TimeSpan.FromSeconds(Math.Min(300, 10 * Math.Pow(2, Math.Min(served.Restarts - 1, 5))));
            served.Restart = _work.After(_time, delay, () =>
            {
                served.RestartPending = false;
                return SyncAsync(key);
            });
        }

        var (ns, name) = RunnerKeys.Split(key);
        if (await _cluster.GetAsync<V1Deployment>(ns, name).ConfigureAwait(false) is { } deployment)
        {
            await WriteStatusAsync(deployment, served).ConfigureAwait(false);
        }

        if (replica.Ready)
        {
            await PublishServicesAsync(ns).ConfigureAwait(false);
        }
    }

    private async Task ProbeAllAsync()
    {
        foreach (var (key, served) in _served.ToList())
        {
            var changed = false;
            foreach (var replica in served.Replicas)
            {
                var ready = await ReadyAsync(replica).ConfigureAwait(false);
                changed |= ready != replica.Ready;
                replica.Ready = ready;
            }

            var (ns, name) = RunnerKeys.Split(key);
            if (changed && await _cluster.GetAsync<V1Deployment>(ns, name).ConfigureAwait(false) is { } deployment)
            {
                // A replica of the new template is ready: an old one may go, and the next may start.
                await ConvergeAsync(deployment, served).ConfigureAwait(false);
                await WriteStatusAsync(deployment, served).ConfigureAwait(false);
                await PublishServicesAsync(ns).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> ReadyAsync(Replica replica)
    {
        if (replica.Process.Exited.IsCompleted)
        {
            return false;
        }

        try
        {
            using var response = await _http.GetAsync(new Uri($"{replica.Url}/readyz")).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task WriteStatusAsync(V1Deployment deployment, Served served)
    {
        var replicas = Math.Max(0, deployment.Spec.Replicas ?? 1);
        var template = KubernetesJson.Serialize(deployment.Spec.Template);
        var updated = served.Replicas.Count(r => r.Template == template);
        var available = served.Replicas.Count(r => r.Ready);
        // maxUnavailable 0: available once every wanted replica is; rolled out once only ready replicas of the current template run.
        var isAvailable = available >= replicas;
        var rolledOut = updated == replicas && served.Replicas.Count == replicas && available == replicas;
        var now = _time.GetUtcNow().UtcDateTime;
        await _cluster.UpdateStatusAsync<V1Deployment>(deployment.Metadata.NamespaceProperty, deployment.Metadata.Name, d =>
        {
            d.Status ??= new V1DeploymentStatus();
            d.Status.ObservedGeneration = d.Metadata.Generation;
            d.Status.Replicas = served.Replicas.Count;
            d.Status.UpdatedReplicas = updated;
            d.Status.ReadyReplicas = available;
            d.Status.AvailableReplicas = available;
            d.Status.UnavailableReplicas = available >= replicas ? null : replicas - available;
            d.Status.Conditions =
            [
                Condition(d, "Available", isAvailable, isAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
                    isAvailable ? "Deployment has minimum availability." : served.Problem ?? "Deployment does not have minimum availability.", now),
                Condition(d, "Progressing", served.Problem is null, rolledOut ? "NewReplicaSetAvailable" : served.Problem is null ? "ReplicaSetUpdated" : "ProgressDeadlineExceeded",
                    rolledOut ? $"{replicas} local replica(s) of the current template are ready." : served.Problem ?? $"Waiting for the inference servers to become ready ({updated} of {replicas} updated, {available} available).", now),
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
    /// Each Service of the namespace whose selector matches served Deployments' Pods resolves to them: one ingress
    /// entry per ready replica, the oldest Deployment first (its first replica's address is the Service's), so a
    /// client spreading requests over the entries (the gateway) splits traffic between replicas, and between a stable
    /// and a canary Deployment, as Endpoints would.
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
                .OrderBy(d => d.Metadata.CreationTimestamp)
                .SelectMany(d => AddressesOf(ns, d.Metadata.Name))
                .Select(url => new V1LoadBalancerIngress { Ip = "127.0.0.1", Ports = [new V1PortStatus { Port = new Uri(url).Port, Protocol = "TCP" }] })
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
            var replicas = served.Replicas.ToList();
            served.Replicas.Clear();
            await RetireAsync(key, replicas).ConfigureAwait(false);
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
        await _work.StopAsync(() =>
        {
            // Each replica is stopped on its own: one that will not stop does not keep the others running.
            var replicas = _served.Values.SelectMany(served =>
            {
                served.Restart?.Dispose();
                return served.Replicas;
            }).ToList();
            _served.Clear();
            return [.. replicas.Select(replica => (Func<Task>)(() => replica.Process.DisposeAsync().AsTask()))];
        }).ConfigureAwait(false);
        _http.Dispose();
    }

    private sealed class Served
    {
        /// <summary>The running replicas, in the order they started.</summary>
        public List<Replica> Replicas { get; } = [];

        public string? Problem { get; set; }

        public int Restarts { get; set; }

        public bool RestartPending { get; set; }

        public ITimer? Restart { get; set; }
    }

    private sealed class Replica(IPodProcess process, string url, string template)
    {
        public IPodProcess Process { get; } = process;

        public string Url { get; } = url;

        public string Template { get; } = template;

        public bool Ready { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Deployment}: replica {Pod} on {Url} (pid {Pid}), log {Log}")]
    private partial void LogStarted(string deployment, string pod, string url, int pid, string log);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Key}: the inference server on {Url} exited with code {ExitCode}")]
    private partial void LogExited(string key, string url, int exitCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deployment {Deployment}: the inference server cannot start: {Reason}")]
    private partial void LogCannotStart(string deployment, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deployment {Key}: stopping the inference server on {Url}")]
    private partial void LogStopping(string key, string url);

    [LoggerMessage(Level = LogLevel.Error, Message = "Local Deployment runner: a change could not be handled")]
    private partial void LogFailed(Exception e);
}
