using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Exports the status of every Model, ModelDeployment and TrainingJob the operator watches as gauges
/// (<see cref="StatusSamples"/>), for the dashboard: drift, realized accuracy, training history, the canary's traffic.
/// Every <see cref="Interval"/> it lists the three kinds and replaces all series, so a deleted resource's series go
/// with the next refresh (a watch's handler cannot tell a delete from an update). Three LISTs per interval, off the
/// reconcile path; runs while this replica leads, so two replicas never export the same series twice.
/// </summary>
internal sealed partial class ResourceStatusMetrics
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(15);

    private static readonly IReadOnlyDictionary<string, string> AnyLabels = new Dictionary<string, string>();

    private readonly ICluster _cluster;
    private readonly string _ns;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, Gauge> _gauges;

    /// <param name="ns">The namespace to export, <see cref="ICluster.AllNamespaces"/> for all.</param>
    public ResourceStatusMetrics(ICluster cluster, string ns, IMetricFactory factory, TimeProvider time, ILogger logger, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _cluster = cluster;
        _ns = ns;
        _time = time;
        _logger = logger;
        Interval = interval ?? DefaultInterval;
        _gauges = StatusSamples.Gauges.ToDictionary(g => g.Name, g => factory.CreateGauge(g.Name, g.Help, g.Labels), StringComparer.Ordinal);
    }

    public TimeSpan Interval { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The series keep their last values; the next interval tries again.
                LogRefreshFailed(e);
            }

            try
            {
                await Task.Delay(Interval, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Lists the three kinds and makes the gauges hold exactly their samples.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var models = await _cluster.ListAsync<Model>(_ns, AnyLabels, cancellationToken).ConfigureAwait(false);
        var deployments = await _cluster.ListAsync<ModelDeployment>(_ns, AnyLabels, cancellationToken).ConfigureAwait(false);
        var jobs = await _cluster.ListAsync<TrainingJob>(_ns, AnyLabels, cancellationToken).ConfigureAwait(false);
        var samples = models.SelectMany(StatusSamples.Of)
            .Concat(deployments.SelectMany(StatusSamples.Of))
            .Concat(jobs.SelectMany(StatusSamples.Of))
            .ToLookup(s => s.Name, StringComparer.Ordinal);
        foreach (var (name, gauge) in _gauges)
        {
            var current = samples[name].ToList();
            var keep = current.Select(s => Key(s.Labels)).ToHashSet(StringComparer.Ordinal);
            foreach (var labels in gauge.GetAllLabelValues().Where(l => !keep.Contains(Key(l))).ToList())
            {
                gauge.RemoveLabelled(labels);
            }

            foreach (var sample in current)
            {
                gauge.WithLabels([.. sample.Labels]).Set(sample.Value);
            }
        }
    }

    private static string Key(IEnumerable<string> labels) => string.Join('\u001f', labels);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list resources for the status metrics; keeping the last values")]
    private partial void LogRefreshFailed(Exception e);
}
