using System.Collections;

namespace EcommerceMl.Artifacts;

/// <summary>A version the store passed over, and why (its gate failed, its manifest is malformed, it would not load).</summary>
public sealed record SkippedVersion(string Version, string Reason);

/// <summary>
/// The readable versions of a model, oldest first, and the ones whose manifest could not be read: one bad
/// version is reported, never the end of the listing.
/// </summary>
public sealed class ModelVersionList(IReadOnlyList<ModelManifest> versions, IReadOnlyList<SkippedVersion> unreadable) : IReadOnlyList<ModelManifest>
{
    public static ModelVersionList Empty { get; } = new([], []);

    /// <summary>Versions with a manifest that could not be read, oldest first, each with the reason.</summary>
    public IReadOnlyList<SkippedVersion> Unreadable { get; } = unreadable;

    public int Count => versions.Count;

    public ModelManifest this[int index] => versions[index];

    public IEnumerator<ModelManifest> GetEnumerator() => versions.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// What <c>latest</c> resolved to: the servable version, or null when none is, and the newer versions
/// passed over on the way, newest first, each with the reason.
/// </summary>
public sealed record ServableVersion(ModelManifest? Manifest, IReadOnlyList<SkippedVersion> Skipped);
