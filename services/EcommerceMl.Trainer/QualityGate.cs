using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// A quality gate on one held-out metric: a <c>minimum</c> for metrics where higher is better
/// (ndcg_at_10, auc), a <c>maximum</c> where lower is better (mase, smape, brier). The same metric,
/// in the same direction, decides champion against challenger: the new version may be worse than
/// the servable one by at most <see cref="Tolerance"/> (absolute, in the metric's units).
/// </summary>
public sealed record QualityGate(string Metric, string Bound, double Threshold, double Tolerance = 0)
{
    /// <summary>The gate from the command's options, or null when none is asked for; exactly one of minimum and maximum goes with a metric.</summary>
    public static QualityGate? From(string? metric, double? minimum, double? maximum, double? tolerance = null)
    {
        if (string.IsNullOrWhiteSpace(metric))
        {
            return minimum is null && maximum is null && tolerance is null
                ? null
                : throw new InvalidTrainingRequestException(
                    $"A gate minimum, maximum or tolerance needs {TrainerArguments.GateMetric.Option} ({TrainerArguments.GateMetric.Variable}): which metric to compare.");
        }

        if (tolerance is { } t && !(t >= 0 && double.IsFinite(t)))
        {
            throw new InvalidTrainingRequestException(
                $"{TrainerArguments.GateTolerance.Option} ({TrainerArguments.GateTolerance.Variable}) is {t.ToString(System.Globalization.CultureInfo.InvariantCulture)}; it must be 0 or more (how much worse than the champion, in the units of '{metric}').");
        }

        return (minimum, maximum) switch
        {
            ({ } min, null) => new QualityGate(metric, GateResult.Minimum, min, tolerance ?? 0),
            (null, { } max) => new QualityGate(metric, GateResult.Maximum, max, tolerance ?? 0),
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
