using System.Globalization;
using System.Text.Json.Serialization;

namespace EcommerceMl.Cli.Retrain;

/// <summary>
/// One published version as `ecml retrain history` shows it: when and why it was trained, with what,
/// how it did against its gate and the champion, and whether <c>latest</c> may serve it.
/// </summary>
internal sealed record TrainingHistoryEntry(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("createdAt")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("trigger")] string? Trigger,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("trainingJob")] string? TrainingJob,
    [property: JsonPropertyName("metric")] string? Metric,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("gate")] GateResult? Gate,
    [property: JsonPropertyName("champion")] ChampionComparison? Champion,
    [property: JsonPropertyName("servable")] bool Servable,
    [property: JsonPropertyName("servableLatest")] bool ServableLatest,
    [property: JsonPropertyName("whyNotServable")] string? WhyNotServable);

/// <summary>The history of trainings from the store's manifests, pure.</summary>
internal static class TrainingHistory
{
    /// <summary>Every manifest as an entry, newest first (ties by model name); the servable latest of each model marked.</summary>
    public static IReadOnlyList<TrainingHistoryEntry> From(IEnumerable<ModelManifest> manifests)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var all = manifests.ToList();
        var latest = all.GroupBy(m => m.Model, StringComparer.Ordinal)
            .Select(g => ModelVersions.ServableLatest(g))
            .OfType<ModelManifest>()
            .Select(m => (m.Model, m.Version))
            .ToHashSet();
        return [.. all
            .OrderByDescending(m => m.Version, ModelVersions.Comparer)
            .ThenBy(m => m.Model, StringComparer.Ordinal)
            .Select(m => Entry(m, latest.Contains((m.Model, m.Version))))];
    }

    private static TrainingHistoryEntry Entry(ModelManifest m, bool servableLatest)
    {
        // The gate's metric, else the one the champion was compared on: the number the run was judged by.
        var metric = m.Gate?.Metric ?? m.Champion?.Metric;
        double? value = m.Gate?.Value ?? m.Champion?.ChallengerValue;
        if (value is null && metric is not null && m.Metrics.TryGetValue(metric, out var recorded))
        {
            value = recorded;
        }

        return new TrainingHistoryEntry(
            m.Model, m.Version, m.CreatedAt, m.Trigger, m.Algorithm, m.TrainingJob, metric, value, m.Gate, m.Champion,
            ModelVersions.IsServable(m), servableLatest, ModelVersions.WhyNotServable(m));
    }

    /// <summary>The table's rows, header first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Table(IReadOnlyList<TrainingHistoryEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        List<IReadOnlyList<string>> rows = [["MODEL", "VERSION", "CREATED", "TRIGGER", "ALGORITHM", "METRIC", "GATE", "CHAMPION", "SERVABLE"]];
        rows.AddRange(entries.Select(e => (IReadOnlyList<string>)
        [
            e.Model,
            e.Version,
            e.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            e.Trigger ?? "-",
            e.Algorithm,
            e.Metric is null ? "-" : $"{e.Metric}={Number(e.Value)}",
            e.Gate is null ? "-" : e.Gate.Passed ? "passed" : $"failed ({e.Gate.Bound} {Number(e.Gate.Threshold)})",
            Champion(e.Champion),
            e.ServableLatest ? "latest" : e.Servable ? "yes" : $"no: {e.WhyNotServable}",
        ]));
        return rows;
    }

    /// <summary>
    /// "passed vs 20261101T… (0.21)", "lost to 20261101T… (0.25, tolerance 0.01)", "not compared with 20261101T…" when
    /// the champion could not be scored fairly (the manifest's note says why), "-" when there was no champion.
    /// </summary>
    private static string Champion(ChampionComparison? champion) => champion switch
    {
        null => "-",
        { ChampionValue: null } => $"not compared with {champion.Version}",
        { Passed: true } => $"passed vs {champion.Version} ({Number(champion.ChampionValue)})",
        _ => $"lost to {champion.Version} ({Number(champion.ChampionValue)}, tolerance {Number(champion.Tolerance)})",
    };

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "missing";
}
