namespace EcommerceMl.Contracts;

/// <summary>
/// Why a training run started, with its priority (DESIGN.md, "Model"; seed 003's auto-trainer table).
/// When several triggers fire at once a Model starts one run, with the reason of the highest priority.
/// The reason is recorded in the TrainingJob's labels and in the manifest of the version it publishes.
/// </summary>
public static class TrainingTriggers
{
    /// <summary>No servable version exists yet.</summary>
    public const string Initial = "Initial";

    /// <summary>The monitor found input or prediction drift above its threshold.</summary>
    public const string DriftDetected = "DriftDetected";

    /// <summary>Realized accuracy on data labelled since the cutoff dropped more than allowed.</summary>
    public const string PerformanceDegraded = "PerformanceDegraded";

    /// <summary>The cron schedule came due.</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>The servable version is older than <c>maxAge</c>.</summary>
    public const string MaxAge = "MaxAge";

    /// <summary>Enough new orders or events arrived since the servable version's data.</summary>
    public const string NewData = "NewData";

    /// <summary>A run started by a person (a TrainingJob applied by hand, <c>ecml train</c>).</summary>
    public const string Manual = "Manual";

    public static IReadOnlyList<string> All { get; } = [Initial, DriftDetected, PerformanceDegraded, Scheduled, MaxAge, NewData, Manual];

    /// <summary>Higher wins: Initial 100, DriftDetected 90, PerformanceDegraded 85, Scheduled and MaxAge 50, NewData 40, Manual 0.</summary>
    public static int Priority(string reason) => reason switch
    {
        Initial => 100,
        DriftDetected => 90,
        PerformanceDegraded => 85,
        Scheduled => 50,
        MaxAge => 50,
        NewData => 40,
        Manual => 0,
        _ => throw new ArgumentException($"Unknown training trigger '{reason}'; expected one of {string.Join(", ", All)}.", nameof(reason)),
    };
}
