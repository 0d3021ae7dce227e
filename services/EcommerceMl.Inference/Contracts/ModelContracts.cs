using EcommerceMl.Inference.Models;

namespace EcommerceMl.Inference.Contracts;

public sealed record ModelsResponse(bool Ready, string? Problem, IReadOnlyList<ModelInfo> Models);

/// <summary>One configured model: what the store says about it and whether this server serves it.</summary>
public sealed record ModelInfo(
    string Name,
    string? Version,
    string? Task,
    string? Algorithm,
    IReadOnlyDictionary<string, double> Metrics,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LoadedAt,
    ModelStatus Status,
    string? Error)
{
    public static ModelInfo From(ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            entry.Name,
            entry.Version,
            entry.Task,
            entry.Manifest?.Algorithm,
            entry.Manifest?.Metrics ?? new Dictionary<string, double>(),
            entry.Manifest?.CreatedAt,
            entry.LoadedAt,
            entry.Status,
            entry.Error);
    }
}

/// <summary>The body of <c>/readyz</c>: ready or not, and per model why not.</summary>
public sealed record ReadinessResponse(string Status, string? Problem, IReadOnlyList<ModelReadiness> Models);

public sealed record ModelReadiness(string Name, string? Version, ModelStatus Status, string? Error);
