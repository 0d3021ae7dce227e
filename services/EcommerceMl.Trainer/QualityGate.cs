using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// A quality gate on one held-out metric: a <c>minimum</c> for metrics where higher is better
/// (ndcg_at_10, auc), a <c>maximum</c> where lower is better (mase, smape, brier).
/// </summary>
public sealed record QualityGate(string Metric, string Bound, double Threshold)
{
    /// <summary>The gate from the command's options, or null when none is asked for; exactly one of minimum and maximum goes with a metric.</summary>
    public static QualityGate? From(string? metric, double? minimum, double? maximum)
    {
        if (string.IsNullOrWhiteSpace(metric))
        {
            return minimum is null && maximum is null
                ? null
                : throw new InvalidTrainingRequestException("A gate minimum or maximum needs --gate-metric (ECML_GATE_METRIC): which metric to compare.");
        }

        return (minimum, maximum) switch
        {
            ({ } min, null) => new QualityGate(metric, GateResult.Minimum, min),
            (null, { } max) => new QualityGate(metric, GateResult.Maximum, max),
            _ => throw new InvalidTrainingRequestException(
                $"The gate on '{metric}' needs exactly one of --gate-minimum (higher is better) and --gate-maximum (lower is better)."),
        };
    }

    /// <summary>Compares the run's metric with the threshold; a metric the run did not produce is invalid input (nothing to compare).</summary>
    public GateResult Evaluate(IReadOnlyDictionary<string, double> metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (!metrics.TryGetValue(Metric, out var value))
        {
            throw new InvalidTrainingRequestException(
                $"The gate names metric '{Metric}', which this run does not produce. Its metrics: {string.Join(", ", metrics.Keys.Order(StringComparer.Ordinal))}.");
        }

        var passed = !double.IsNaN(value) && (Bound == GateResult.Minimum ? value >= Threshold : value <= Threshold);
        return new GateResult(Metric, Bound, Threshold, value, passed);
    }

    /// <summary>One line for a person: "ndcg_at_10 = 0.1234, below the minimum 0.2".</summary>
    public static string Describe(GateResult gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Describe();
    }
}
