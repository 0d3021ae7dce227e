using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Runs the controllers only while this replica holds the operator's Lease (KubernetesClient's
/// <see cref="LeaderElector"/> with a <see cref="LeaseLock"/>), so of several replicas exactly
/// one reconciles. Losing the Lease cancels the work at once (<see cref="Leadership.Lost"/>: a new leader
/// may take over within the lease duration, so this replica's reconciles in flight must not go on
/// writing) and reports it: the process then exits and restarts as a candidate, which is simpler and
/// safer than re-arming in place. A requested stop (<see cref="Leadership.Stopping"/>) drains gracefully.
/// </summary>
internal sealed partial class LeaderGate(IKubernetes client, string ns, string identity, ILogger logger, LeaderTimings? timings = null)
{
    public const string LeaseName = "ecommerce-ml-operator";

    private readonly LeaderTimings _timings = timings ?? LeaderTimings.Default;

    /// <summary>True while this replica leads (for tests and readiness).</summary>
    public bool IsLeading { get; private set; }

    /// <summary>Campaigns, runs <paramref name="work"/> while leading (its token ends with leadership); true when leadership was lost, false when stopped.</summary>
    public Task<bool> RunWhileLeadingAsync(Func<CancellationToken, Task> work, CancellationToken stoppingToken) =>
        RunWhileLeadingAsync(leadership => work(leadership.Stopping), stoppingToken);

    /// <summary>Campaigns, runs <paramref name="work"/> while leading; true when leadership was lost, false when stopped.</summary>
    public async Task<bool> RunWhileLeadingAsync(Func<Leadership, Task> work, CancellationToken stoppingToken)
    {
        using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(client, ns, LeaseName, identity))
        {
            LeaseDuration = _timings.LeaseDuration,
            RenewDeadline = _timings.RenewDeadline,
            RetryPeriod = _timings.RetryPeriod,
        });
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var lost = new CancellationTokenSource();
        Task running = Task.CompletedTask;
        elector.OnStartedLeading += () =>
        {
            IsLeading = true;
            LogLeading(identity, ns, LeaseName);
            running = Task.Run(() => work(new Leadership(leading.Token, lost.Token)), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            IsLeading = false;
            if (!stoppingToken.IsCancellationRequested)
            {
                lost.Cancel();
            }

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

        var wasLost = !stoppingToken.IsCancellationRequested;
        if (wasLost)
        {
            await lost.CancelAsync().ConfigureAwait(false);
        }

        await leading.CancelAsync().ConfigureAwait(false);
        await running.ConfigureAwait(false);
        IsLeading = false;
        if (wasLost)
        {
            LogLost(identity);
        }

        return wasLost;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} leads (Lease {Namespace}/{Lease}); reconciling")]
    private partial void LogLeading(string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the leadership; stopping")]
    private partial void LogLost(string identity);
}

/// <summary>The work's two ends: <see cref="Stopping"/> (stop taking work, finish what is in flight) and <see cref="Lost"/> (leadership lost: cancel what is in flight now).</summary>
internal sealed record Leadership(CancellationToken Stopping, CancellationToken Lost);

/// <summary>Lease duration, renew deadline and retry period (client-go's defaults: 15 s, 10 s, 2 s).</summary>
internal sealed record LeaderTimings(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    public static LeaderTimings Default { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2));
}
