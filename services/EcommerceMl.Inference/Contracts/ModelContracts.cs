using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Models;

namespace EcommerceMl.Inference.Contracts;

public sealed record ModelsResponse(bool Ready, string? Problem, IReadOnlyList<ModelInfo> Models);

/// <summary>
/// One configured model: what the store says about it and whether this server serves it. Data freshness:
/// <see cref="DataTo"/> is the last moment of the data it was trained on (the manifest's data fingerprint), and
/// <see cref="DataAgeDays"/> how long before now that was; both null when the manifest does not say.
/// </summary>
public sealed record ModelInfo(
    string Name,
    string? Version,
    string? Task,
    string? Algorithm,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LoadedAt,
    ModelStatus Status,
    string? Error,
    DateTime? DataTo = null,
    double? DataAgeDays = null)
{
    /// <summary>Without a clock, as the dashboard lists models: no data age.</summary>
    public static ModelInfo From(ModelEntry entry) => From(entry, null);

    public static ModelInfo From(ModelEntry entry, DateTimeOffset? now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var dataTo = entry.Manifest?.Data.To;
        return new(
            entry.Name,
            entry.Version,
            entry.Task,
            entry.Manifest?.Algorithm,
            entry.Manifest?.Metrics ?? new Dictionary<string, double>(),
            entry.Manifest?.CreatedAt,
            entry.LoadedAt,
            entry.Status,
            entry.Error,
            dataTo,
            dataTo is { } to && now is { } at ? Math.Round((at.UtcDateTime - DateTime.SpecifyKind(to, DateTimeKind.Utc)).TotalDays, 3) : null);
    }
}

/// <summary>The body of <c>/readyz</c>: ready or not, and per model why not.</summary>
public sealed record ReadinessResponse(string Status, string? Problem, IReadOnlyList<ModelReadiness> Models);

public sealed record ModelReadiness(string Name, string? Version, ModelStatus Status, string? Error, IReadOnlyList<SkippedVersion> Skipped);
