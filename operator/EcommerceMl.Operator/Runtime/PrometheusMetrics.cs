using Prometheus;

namespace EcommerceMl.Operator.Runtime;

/// <summary>The controller runtime's Prometheus metrics, named after controller-runtime's so existing dashboards fit.</summary>
internal sealed class PrometheusMetrics : IControllerMetrics
{
    private static readonly Counter Reconciles = Metrics.CreateCounter(
        "ecml_operator_reconcile_total", "Reconciles, by controller and result (success or error).", "controller", "result");

    private static readonly Counter Errors = Metrics.CreateCounter(
        "ecml_operator_reconcile_errors_total", "Reconciles that failed and were retried with backoff.", "controller");

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "ecml_operator_reconcile_duration_seconds", "Time per reconcile.",
        new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });

    private static readonly Gauge Depth = Metrics.CreateGauge(
        "ecml_operator_workqueue_depth", "Keys waiting in the work queue.", "controller");

    public void Reconciled(string controller, TimeSpan duration, bool failed)
    {
        Reconciles.WithLabels(controller, failed ? "error" : "success").Inc();
        if (failed)
        {
            Errors.WithLabels(controller).Inc();
        }

        Duration.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    public void QueueDepth(string controller, int depth) => Depth.WithLabels(controller).Set(depth);
}
