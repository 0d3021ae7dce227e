namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// How drift is judged (Evidently's defaults): with at most <see cref="LargeReference"/> reference rows
/// the statistical tests (Kolmogorov–Smirnov, chi-square) at p &lt; <see cref="TestAlpha"/>; above it
/// the distances (normalised Wasserstein, Jensen–Shannon) at <see cref="Threshold"/>. Profiles from
/// before quantiles were recorded are compared by PSI at the same threshold. A side with fewer than
/// <see cref="MinSamples"/> rows is reported but never drifts.
/// </summary>
public sealed record DriftSettings
{
    public const double DefaultThreshold = 0.1;
    public const int DefaultMinSamples = 1500;
    public const double DefaultTestAlpha = 0.05;
    public const long DefaultLargeReference = 1000;
    public const int DefaultMinGroups = 500;

    /// <summary>The distances' threshold: drift when the score is at or above it.</summary>
    public double Threshold { get; init; } = DefaultThreshold;

    /// <summary>The significance level of the tests: drift when the p-value is below it.</summary>
    public double TestAlpha { get; init; } = DefaultTestAlpha;

    /// <summary>
    /// Rows each side needs before a feature is judged. 1,500 by measurement: on unshifted synthetic
    /// traffic with about 1,060 orders per window the per-order distances (order value, basket size)
    /// passed 0.1 in 2 of 100 runs; see bench/results/monitoring-false-alarms.md.
    /// </summary>
    public int MinSamples { get; init; } = DefaultMinSamples;

    /// <summary>
    /// Units a side of grouped values needs (<see cref="FeatureValues.Groups"/>: a recommendation model's outputs
    /// come ten per customer, so 1,500 rows are only 150 customers). 500 by measurement: it is how many customers
    /// the reference output profile describes, and at 500 unshifted windows never passed 0.1 (largest 0.072,
    /// bench/results/monitoring-false-alarms.md); `make run`'s quiet traffic scored 0.147 on 319 customers.
    /// </summary>
    public int MinGroups { get; init; } = DefaultMinGroups;

    /// <summary>Reference sizes above this use the distances; at or below, the tests.</summary>
    public long LargeReference { get; init; } = DefaultLargeReference;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting out of range.</summary>
    public void Validate()
    {
        if (!double.IsFinite(Threshold) || Threshold <= 0)
        {
            throw new ArgumentException($"The drift threshold must be a number above 0, not {Threshold}.");
        }

        if (TestAlpha is <= 0 or >= 1)
        {
            throw new ArgumentException($"The tests' significance level must be between 0 and 1, not {TestAlpha}.");
        }

        if (MinSamples < 1)
        {
            throw new ArgumentException($"The minimum sample must be at least 1 row, not {MinSamples}.");
        }

        if (MinGroups < 1)
        {
            throw new ArgumentException($"The minimum sample of grouped values must be at least 1 unit, not {MinGroups}.");
        }
    }
}
