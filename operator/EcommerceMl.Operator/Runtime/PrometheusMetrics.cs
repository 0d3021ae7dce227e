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
        // Both results and the error count exist (at 0) from a controller's first reconcile, so an error-rate query
        // has a series to divide before the first failure, as Prometheus' naming guide asks of known label values.
        var success = Reconciles.WithLabels(controller, "success");
        var error = Reconciles.WithLabels(controller, "error");
        var errors = Errors.WithLabels(controller);
        if (failed)
        {
            error.Inc();
            errors.Inc();
        }
        else
        {
            success.Inc();
        }

        Duration.WithLabels(controller).Observe(duration.TotalSeconds);
    }

    public void QueueDepth(string controller, int depth) => Depth.WithLabels(controller).Set(depth);
}
