namespace EcommerceMl.Inference.Models;

/// <summary>Where a configured model stands. Only <see cref="Loaded"/> models answer requests.</summary>
public enum ModelStatus
{
    /// <summary>Not loaded yet; <see cref="ModelEntry.Error"/> says why when an attempt failed and another is coming.</summary>
    Loading,

    Loaded,

    /// <summary>Will not load without a change to the store or the configuration (bad checksum, unreadable file, no pipeline).</summary>
    Failed,
}
