namespace EcommerceMl.Ml.Monitoring;

/// <summary>What one monitoring run compares and how strictly (the options of <c>ecml monitor</c>).</summary>
public sealed record MonitoringSettings
{
    public const int DefaultWindowDays = 30;
    public const double DefaultMaxRelativeDrop = 0.2;

    public DriftSettings Drift { get; init; } = new();

    /// <summary>Days of live data compared with the reference, ending at the newest live data (or now).</summary>
    public int WindowDays { get; init; } = DefaultWindowDays;

    /// <summary>The realized metric to compare with the manifest's; null = the task's default (<c>ndcg_at_k</c>, <c>mase</c>, <c>auc</c>).</summary>
    public string? PerformanceMetric { get; init; }

    /// <summary>The relative worsening of the realized metric against its held-out value that counts as degraded.</summary>
    public double MaxRelativeDrop { get; init; } = DefaultMaxRelativeDrop;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting out of range.</summary>
    public void Validate()
    {
        Drift.Validate();
        if (WindowDays is < 1 or > 3660)
        {
            throw new ArgumentException($"The monitoring window must be 1 to 3,660 days, not {WindowDays}.");
        }

        if (!double.IsFinite(MaxRelativeDrop) || MaxRelativeDrop is < 0 or > 1)
        {
            throw new ArgumentException($"The maximum relative drop must be between 0 and 1 (e.g. 0.2 for 20 %), not {MaxRelativeDrop}.");
        }
    }
}
