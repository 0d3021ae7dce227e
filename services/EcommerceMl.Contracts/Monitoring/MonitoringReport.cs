namespace EcommerceMl.Contracts.Monitoring;

/// <summary>
/// What one monitoring run (<c>ecml monitor</c>, a Model's monitoring Job) found about one version:
/// drift of its inputs and outputs on a recent window of live data against the reference profiles
/// recorded at training, its realized accuracy on data labelled since its cutoff, and how much new
/// data arrived since the data it was trained on. Stored beside the version
/// (<see cref="ModelStoreLayout.MonitoringReportPath"/>); the operator reads the newest into the Model's
/// status, the dashboard draws them over time. Written with <see cref="MonitoringReportJson"/>.
/// </summary>
public sealed record MonitoringReport
{
    /// <summary>Schema of this document; readers refuse a higher one.</summary>
    public const int CurrentSchema = 1;

    public int Schema { get; init; } = CurrentSchema;

    public required string Model { get; init; }

    /// <summary>The version monitored (normally the servable one).</summary>
    public required string Version { get; init; }

    public required string Task { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>The live window compared with the reference: [<see cref="MonitoringWindow.From"/>, <see cref="MonitoringWindow.To"/>).</summary>
    public required MonitoringWindow Window { get; init; }

    /// <summary>Input drift per feature and overall; null when the monitor could not compare (no reference profile).</summary>
    public DriftResult? Drift { get; init; }

    /// <summary>Drift of the model's outputs on the window against their distribution at training.</summary>
    public FeatureDrift? PredictionDrift { get; init; }

    /// <summary>Realized accuracy on data labelled since the version's cutoff; null when there is none yet.</summary>
    public RealizedPerformance? Performance { get; init; }

    /// <summary>New orders and events since the data the version was trained on (the <c>newData</c> trigger).</summary>
    public required NewDataCount NewData { get; init; }

    /// <summary>Plain-language notes: what could not be checked and why (too few rows, horizon not passed).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <param name="From">Start of the live window (inclusive, UTC).</param>
/// <param name="To">End of the live window (exclusive, UTC).</param>
/// <param name="Sources">What was read: the data source and/or the event sink.</param>
public sealed record MonitoringWindow(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Sources);

/// <param name="Detected">True when at least one feature with a sufficient sample drifted.</param>
/// <param name="Score">The share of features that drifted, over those with a sufficient sample (Evidently's dataset drift share).</param>
/// <param name="Features">Every feature compared, drifted or not, sorted by name.</param>
public sealed record DriftResult(bool Detected, double Score, IReadOnlyList<FeatureDrift> Features)
{
    /// <summary>The names of the features that drifted.</summary>
    public IEnumerable<string> DriftedFeatures() => Features.Where(f => f.Drifted).Select(f => f.Name);
}

/// <summary>
/// One feature's comparison. <see cref="Method"/> is one of <see cref="DriftMethods"/>. For the
/// statistical tests (<c>ks</c>, <c>chi_square</c>) <see cref="Score"/> is the p-value and drift is
/// <c>Score &lt; Threshold</c>; for the distances (<c>psi</c>, <c>wasserstein</c>, <c>jensen_shannon</c>)
/// drift is <c>Score &gt;= Threshold</c>. <see cref="Sufficient"/> is false when either side has fewer
/// rows than the minimum sample; such a feature is reported but never drifts.
/// </summary>
public sealed record FeatureDrift(
    string Name,
    string Kind,
    string Method,
    double Score,
    double Threshold,
    long ReferenceCount,
    long CurrentCount,
    bool Sufficient,
    bool Drifted);

/// <summary>The drift statistics a report may name.</summary>
public static class DriftMethods
{
    public const string Psi = "psi";
    public const string KolmogorovSmirnov = "ks";
    public const string Wasserstein = "wasserstein";
    public const string JensenShannon = "jensen_shannon";
    public const string ChiSquare = "chi_square";

    /// <summary>Whether the method's score is a p-value (drift below the threshold) rather than a distance (drift at or above it).</summary>
    public static bool IsTest(string method) => method is KolmogorovSmirnov or ChiSquare;
}

/// <param name="Metric">The metric, named as in the manifest (<c>ndcg_at_10</c>, <c>mase</c>, <c>auc</c>).</param>
/// <param name="Value">Its value on the data labelled since the cutoff.</param>
/// <param name="AtTraining">The held-out value the manifest recorded at training.</param>
/// <param name="Count">How many labelled rows (customers, days) the value rests on.</param>
/// <param name="Degraded">True when the drop from <paramref name="AtTraining"/> exceeds <paramref name="MaxRelativeDrop"/>.</param>
public sealed record RealizedPerformance(
    string Metric,
    double Value,
    double? AtTraining,
    long Count,
    double MaxRelativeDrop,
    bool Degraded);

/// <param name="Since">The end of the data the version was trained on.</param>
public sealed record NewDataCount(DateTimeOffset? Since, long Orders, long Events);
