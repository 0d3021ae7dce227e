using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Rollout.Analysis;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Traffic;
using k8s.Models;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>The canary analysis' reads: live traffic of the interval that ended, and how soon to look again.</summary>
public sealed partial class ModelDeploymentReconciler
{
    private static readonly HttpClient ScrapeClient = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>
    /// Scrapes the inference Pods' /metrics directly (their IPs from the API). One per reconciler, never shared: its open
    /// intervals are keyed by namespace/name, unique only within one cluster. A shared one let two operators in one
    /// process (the scenario tests run several at once) forget or replace each other's intervals, and a canary of the
    /// same name was then never judged.
    /// </summary>
    private static ScrapedTraffic NewDefaultTraffic() => new(PodTargets.Of, ScrapeClient);

    /// <summary>
    /// The canary's traffic in the interval that just ended, while a canary with an analysis serves the candidate
    /// the status records; null otherwise (and the source forgets the ModelDeployment). A source that fails is an
    /// interval with a problem, never a failed reconcile.
    /// </summary>
    private async Task<IntervalTraffic?> MeasureCanaryAsync(
        ModelDeployment md, VersionResolution resolution, V1Deployment? canary, IReadOnlyList<V1Pod> pods, DateTime now, CancellationToken cancellationToken)
    {
        var key = $"{md.Metadata.NamespaceProperty}/{md.Metadata.Name}";
        var (settings, _) = AnalysisSettings.From(md.Spec.Rollout);
        var candidate = md.Status?.CandidateVersion;
        var stable = md.Status?.CurrentVersion;
        if (settings is null || candidate is null || stable is null || candidate != resolution.Version
            || canary is null || PredictorHealth.VersionOf(canary) != candidate || !OwnerReferences.IsControlledBy(canary, md)
            // Intervals start once the canary answers, so the first one is not short of requests by its start-up.
            || (canary.Status?.AvailableReplicas ?? 0) == 0)
        {
            _traffic.Forget(key);
            return null;
        }

        try
        {
            return await _traffic.MeasureAsync(new TrafficRequest(key, md, candidate, stable, settings.Interval, pods, now), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            _traffic.Forget(key);
            return new IntervalTraffic(now - settings.Interval, now, VersionTraffic.None, VersionTraffic.None, [$"the metrics could not be read: {e.Message}"]);
        }
    }

    /// <summary>How soon to look at a rollout in progress: the poll interval, or sooner when the analysis interval is shorter.</summary>
    private TimeSpan ProgressInterval(ModelDeployment md)
    {
        var (settings, _) = AnalysisSettings.From(md.Spec.Rollout);
        return settings is not null && settings.Interval < _timing.ProgressInterval ? settings.Interval : _timing.ProgressInterval;
    }
}
