using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The versioned model store: <c>models/{model}/versions/{version}/</c>, one folder per version
/// with the model files and <c>manifest.json</c>. Two implementations: a local folder and S3.
/// </summary>
public interface IModelStore
{
    /// <summary>Where this store lives: a folder path or <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>
    /// Writes the files, then the manifest (with every file's sha256 filled in) last, so a reader
    /// never sees half a version. Returns the manifest as written.
    /// </summary>
    Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default);

    /// <summary>Model names that have at least one complete version, sorted.</summary>
    Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default);

    /// <summary>Ids of the complete versions of a model (those with a manifest), oldest first, without reading a manifest: one LIST.</summary>
    Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Complete versions of a model, oldest first, every manifest read (one GET each). A manifest that cannot be
    /// read does not fail the listing: the version is left out and reported in <see cref="ModelVersionList.Unreadable"/>.
    /// </summary>
    Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// The manifest of a version or, when <paramref name="version"/> is <c>latest</c> or null, of the servable
    /// latest (<see cref="ServableVersions.FindServableAsync"/>: the newest readable version whose quality gate
    /// did not fail). Null when absent. A named version whose manifest is malformed throws <see cref="ModelIntegrityException"/>.
    /// </summary>
    Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a version's manifest and every file (<c>latest</c> or null: the servable latest), verifying each against its sha256.
    /// Throws <see cref="ModelNotFoundException"/> or <see cref="ModelIntegrityException"/>.
    /// </summary>
    Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes one version: the manifest first, so readers stop seeing the version before any of its
    /// files go, then the files. Safe to repeat (a delete cut short is finished by the next one).
    /// Returns false when the version had no manifest (already deleted, or never complete).
    /// </summary>
    Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a monitoring report beside its version (<see cref="ModelStoreLayout.MonitoringReportPath"/>).
    /// Throws <see cref="ModelNotFoundException"/> when the version has no manifest.
    /// </summary>
    Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default);

    /// <summary>
    /// The newest <paramref name="newest"/> monitoring reports of a version, oldest first. A report that
    /// cannot be read is skipped (and counted in <see cref="MonitoringReportList.Unreadable"/>), never fatal.
    /// </summary>
    Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default);
}

/// <param name="Reports">Readable reports, oldest first.</param>
/// <param name="Unreadable">Paths of reports that could not be read, with why.</param>
public sealed record MonitoringReportList(IReadOnlyList<MonitoringReport> Reports, IReadOnlyList<SkippedReport> Unreadable)
{
    public static MonitoringReportList Empty { get; } = new([], []);

    public MonitoringReport? Newest => Reports.Count == 0 ? null : Reports[^1];
}

public sealed record SkippedReport(string Path, string Reason);

public sealed record LoadedModel(ModelManifest Manifest, IReadOnlyDictionary<string, byte[]> Files);

public sealed class ModelNotFoundException(string message) : Exception(message);
