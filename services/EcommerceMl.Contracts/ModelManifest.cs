using System.Globalization;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts;

/// <summary>
/// <c>manifest.json</c> of one model version (DESIGN.md, "Artifacts"). Written last: a version
/// without a manifest does not exist for readers.
/// </summary>
public sealed record ModelManifest
{
    public const string FileName = "manifest.json";

    public required string Model { get; init; }

    public required string Version { get; init; }

    /// <summary><c>recommendation</c>, <c>forecast</c> or <c>churn</c>.</summary>
    public required string Task { get; init; }

    public required string Algorithm { get; init; }

    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The TrainingJob (namespace/name) or local run that produced it, when known.</summary>
    public string? TrainingJob { get; init; }

    /// <summary>
    /// The Kubernetes namespace whose TrainingJob published this version (added after the first release: additive, optional).
    /// A ModelDeployment serves only versions of its own namespace or of those its spec names (<see cref="VersionNamespaces"/>);
    /// null for a version published before it was recorded or by <c>ecml train</c> by hand, which counts as
    /// <see cref="VersionNamespaces.Unscoped"/>.
    /// </summary>
    public string? Namespace { get; init; }

    public required DataFingerprint Data { get; init; }

    /// <summary>Held-out evaluation metrics, by name (e.g. <c>precision_at_10</c>, <c>mase</c>, <c>auc</c>).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>How the held-out metrics were measured.</summary>
    public EvaluationInfo? Evaluation { get; init; }

    /// <summary>
    /// The quality gate the run was asked to pass, and whether it did; null when none was set. A
    /// version whose gate failed is still published (so it can be inspected) but is never
    /// <c>latest</c> (<see cref="ModelVersions.IsServable"/>).
    /// </summary>
    public GateResult? Gate { get; init; }

    /// <summary>
    /// The champion/challenger comparison: the servable version when this run started, scored on this
    /// run's own held-out window. Null when there was no servable version or no gate metric. A version
    /// that lost is published but not servable (<see cref="ModelVersions.IsServable"/>).
    /// </summary>
    public ChampionComparison? Champion { get; init; }

    /// <summary>Why the run started (<see cref="TrainingTriggers"/>); null in manifests written before triggers existed.</summary>
    public string? Trigger { get; init; }

    /// <summary>The reference distribution of each input feature, for drift checks.</summary>
    public IReadOnlyDictionary<string, FeatureProfile> FeatureProfile { get; init; } = new Dictionary<string, FeatureProfile>();

    /// <summary>
    /// The reference distribution of the model's outputs (recommended items' popularity rank, forecast
    /// values, churn probability), for prediction drift; null in manifests written before it was recorded.
    /// </summary>
    public FeatureProfile? PredictionProfile { get; init; }

    /// <summary>sha256 (lower-case hex) of every model file, by file name.</summary>
    public required IReadOnlyDictionary<string, string> Files { get; init; }
}

/// <summary>Identifies what the model was trained on.</summary>
/// <param name="EventsReceivedBefore">
/// Where the run's read of the event sink ended: it read the events received before this instant (the end of its
/// <c>receivedAt</c> window), none received at or after it. Null when the run read no sink, and in manifests written
/// before it was recorded (added after the first release: additive, optional). The monitor judges the orders the sink
/// received from here on as ones the version never read, whatever their date.
/// </param>
public sealed record DataFingerprint(
    string Source,
    string Sha256,
    IReadOnlyDictionary<string, long> Rows,
    DateTime? From,
    DateTime? To,
    DateTimeOffset? EventsReceivedBefore = null);

/// <summary>
/// A quality gate's outcome: <paramref name="Metric"/> compared with <paramref name="Threshold"/> as a
/// <c>minimum</c> (higher is better) or a <c>maximum</c> (lower is better). <paramref name="Value"/>
/// is null (and the gate failed) when the run did not produce that metric.
/// </summary>
public sealed record GateResult(string Metric, string Bound, double Threshold, double? Value, bool Passed)
{
    public const string Minimum = "minimum";
    public const string Maximum = "maximum";

    /// <summary>One line for a person: "ndcg_at_10 = 0.1234, below the minimum 0.2".</summary>
    public string Describe()
    {
        var side = Bound == Minimum ? (Passed ? "at or above" : "below") : (Passed ? "at or below" : "above");
        var value = Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "missing";
        return string.Create(CultureInfo.InvariantCulture, $"{Metric} = {value}, {side} the {Bound} {Threshold:0.####}");
    }
}

/// <summary>
/// The candidate against the champion on the gate metric, both scored on the candidate's held-out
/// window: the candidate passes unless it is worse by more than <paramref name="Tolerance"/> (absolute,
/// in the metric's units). <paramref name="ChampionValue"/> is null (and the candidate passes) when the
/// champion could not be scored; <paramref name="Note"/> says why.
/// </summary>
public sealed record ChampionComparison(
    string Version,
    string Metric,
    string Bound,
    double? ChampionValue,
    double? ChallengerValue,
    double Tolerance,
    bool Passed,
    string? Note = null)
{
    /// <summary>One line for a person: "ndcg_at_10 = 0.2100 against 0.2500 of champion 2026…: worse by more than 0.01", or "…; not compared with champion 2026…: why".</summary>
    public string Describe()
    {
        static string Format(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "missing";
        if (ChampionValue is null)
        {
            // Nothing was compared (the champion could not be scored fairly): say so, not "not worse than missing".
            return $"{Metric} = {Format(ChallengerValue)}; not compared with champion {Version}" + (Note is null ? string.Empty : $": {Note}");
        }

        var verdict = Passed ? "not worse by more than" : "worse by more than";
        return $"{Metric} = {Format(ChallengerValue)} against {Format(ChampionValue)} of champion {Version}: {verdict} {Tolerance.ToString("0.####", CultureInfo.InvariantCulture)}"
            + (Note is null ? string.Empty : $" ({Note})");
    }
}

/// <summary>
/// How the metrics were measured: the fit saw nothing from <see cref="Cutoff"/> on (for churn, whose
/// held-out set is a share of customers, the cutoff is where the label window starts).
/// </summary>
public sealed record EvaluationInfo(DateTime Cutoff, int HoldoutDays, int K, int Seed);

/// <summary>
/// A feature's reference distribution: bin edges (numeric) or categories, with the share of
/// training rows in each. <see cref="Edges"/> has one element fewer than <see cref="Shares"/>.
/// <see cref="Count"/> is how many training rows it summarises, and <see cref="Quantiles"/> (numeric
/// only) the values at probabilities 0, 1/(q−1), …, 1 — the sorted sample itself while it has at most
/// as many rows as quantiles are kept — which the Kolmogorov–Smirnov and Wasserstein comparisons need.
/// Both are null in manifests written before they were recorded; such profiles are compared by PSI.
/// </summary>
public sealed record FeatureProfile(
    string Kind,
    IReadOnlyList<double> Edges,
    IReadOnlyList<string> Categories,
    IReadOnlyList<double> Shares,
    double Mean,
    double StdDev,
    long? Count = null,
    IReadOnlyList<double>? Quantiles = null)
{
    /// <summary>Categories beyond a profile's cap, and live values of a capped feature known at training but outside the kept ones.</summary>
    public const string OtherCategory = "__other__";

    /// <summary>Live values never seen in training (a new product, customer or category): counted as their own category, never skipped.</summary>
    public const string UnseenCategory = "(unseen)";

    [JsonIgnore]
    public bool IsNumeric => Kind == "numeric";
}
