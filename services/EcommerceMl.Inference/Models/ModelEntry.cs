using EcommerceMl.Artifacts;
using EcommerceMl.Ml;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// One configured model as the registry sees it. Immutable: the loader replaces the whole entry,
/// so a request holding an entry never sees a half-updated one.
/// </summary>
/// <param name="Name">The model name (registry key).</param>
/// <param name="RequestedVersion">The pinned version, or null for the latest.</param>
/// <param name="Status">Whether it serves.</param>
/// <param name="Manifest">The manifest of the version loaded (or being refused); null until the store answered.</param>
/// <param name="Model">The loaded model; non-null exactly when <paramref name="Status"/> is Loaded.</param>
/// <param name="LoadedAt">When it became servable.</param>
/// <param name="Error">Why it is not loaded, when an attempt failed.</param>
/// <param name="Attempts">Load attempts so far.</param>
public sealed record ModelEntry(
    string Name,
    string? RequestedVersion,
    ModelStatus Status,
    ModelManifest? Manifest,
    ITrainedModel? Model,
    DateTimeOffset? LoadedAt,
    string? Error,
    int Attempts)
{
    public string? Task => Manifest?.Task;

    public string? Version => Manifest?.Version ?? RequestedVersion;

    /// <summary>Newer versions passed over for <c>latest</c> (gate failed, unreadable, would not load), newest first, with why.</summary>
    public IReadOnlyList<SkippedVersion> Skipped { get; init; } = [];

    public static ModelEntry Pending(string name, string? requestedVersion) =>
        new(name, requestedVersion, ModelStatus.Loading, null, null, null, null, 0);
}
