using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Runs the controllers only while this replica holds the operator's Lease (KubernetesClient's
/// <see cref="LeaderElector"/> with a <see cref="LeaseLock"/>), so of several replicas exactly
/// one reconciles. Losing the Lease stops the work gracefully and reports it: the process then
/// exits and restarts as a candidate, which is simpler and safer than re-arming in place.
/// </summary>
internal sealed partial class LeaderGate(IKubernetes client, string ns, string identity, ILogger logger, LeaderTimings? timings = null)
{
    public const string LeaseName = "ecommerce-ml-operator";

    private readonly LeaderTimings _timings = timings ?? LeaderTimings.Default;

    /// <summary>True while this replica leads (for tests and readiness).</summary>
    public bool IsLeading { get; private set; }

    /// <summary>Campaigns, runs <paramref name="work"/> while leading; true when leadership was lost, false when stopped.</summary>
    public async Task<bool> RunWhileLeadingAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken)
    {
        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, ns, LeaseName, identity))
        {
            LeaseDuration = _timings.LeaseDuration,
            RenewDeadline = _timings.RenewDeadline,
            RetryPeriod = _timings.RetryPeriod,
        });
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        Task running = Task.CompletedTask;
        elector.OnStartedLeading += () =>
        {
            IsLeading = true;
            LogLeading(identity, ns, LeaseName);
            running = Task.Run(() => work(leading.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            IsLeading = false;
            leading.Cancel();
        };
        try
        {
            await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Asked to stop: fall through to the graceful drain.
        }

        await leading.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        IsLeading = false;
        var lost = !stoppingToken.IsCancellationRequested;
        if (lost)
        {
            LogLost(identity);
        }

        return lost;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads (Lease {Namespace}/{Lease}); reconciling")]
    private partial void LogLeading(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the leadership; stopping")]
    private partial void LogLost(string identity);
}

/// <summary>Lease duration, renew deadline and retry period (client-go's defaults: 15 s, 10 s, 2 s).</summary>
internal sealed record LeaderTimings(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    public static LeaderTimings Default { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
}
