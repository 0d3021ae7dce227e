namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// What an evaluation found: the dataset, the protocol in words, and each algorithm's metrics
/// (names as in model manifests). Shared by the forecast and churn harnesses.
/// </summary>
public sealed record MetricsReport(string Dataset, string Protocol, IReadOnlyList<AlgorithmScores> Results);

/// <summary>One algorithm's metrics, in the order they should be shown.</summary>
public sealed record AlgorithmScores(string Algorithm, IReadOnlyList<KeyValuePair<string, double>> Metrics);
