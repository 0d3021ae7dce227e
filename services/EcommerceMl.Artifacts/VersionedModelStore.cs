using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The store semantics both backends share, written once over a handful of storage primitives:
/// a publisher first claims the version (create-only, so of publishers racing for one id exactly
/// one writes into its folder), then writes the files, makes them durable, and writes the manifest
/// last; a version exists for readers only once its manifest does; every load is checked against
/// the manifest's sha256s. A publish cut short leaves a folder without a manifest, which no reader
/// lists and <see cref="CollectGarbageAsync"/> removes. Paths given to the primitives are
/// '/'-separated, relative to the store root, and built only from validated names.
/// </summary>
public abstract partial class VersionedModelStore : IModelStore
{
    public abstract string Location { get; }

    /// <summary>The bytes at a path, or null when nothing is stored there.</summary>
    protected abstract Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken);

    protected abstract Task<bool> ExistsAsync(string path, CancellationToken cancellationToken);

    protected abstract Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken);

    /// <summary>
    /// Creates an object (a manifest, a claim, a report) so that it appears whole or not at all, and
    /// never over another: false, writing nothing, when something is stored there already.
    /// </summary>
    protected abstract Task<bool> TryWriteManifestAsync(string path, byte[] bytes, CancellationToken cancellationToken);

    /// <summary>Makes what was written into a folder survive a crash (a local folder is fsynced); a no-op where writes are durable once acknowledged (S3).</summary>
    protected virtual Task SyncFolderAsync(string folder, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every object below a folder, at any depth, with when it was last written.</summary>
    protected abstract Task<IReadOnlyList<StoredObject>> ListObjectsBelowAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Paths of every object named <c>manifest.json</c> below a folder, at any depth.</summary>
    protected abstract Task<IReadOnlyList<string>> ListManifestPathsAsync(string folder, CancellationToken cancellationToken);

    /// <summary>Paths of the objects directly in a folder (not below it) whose names end with <paramref name="suffix"/>.</summary>
    protected abstract Task<IReadOnlyList<string>> ListFilePathsAsync(string folder, string suffix, CancellationToken cancellationToken);

    /// <summary>Deletes the object at a path; nothing happens when there is none.</summary>
    protected abstract Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Deletes every object below a folder, at any depth; nothing happens when there is none.</summary>
    protected abstract Task DeleteFolderAsync(string folder, CancellationToken cancellationToken);

    /// <summary>The unfinished multipart uploads of objects whose paths start with <paramref name="pathPrefix"/> (empty: the whole store); none where writes are not multipart (a folder).</summary>
    protected virtual Task<IReadOnlyList<UnfinishedUpload>> ListUnfinishedUploadsAsync(string pathPrefix, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<UnfinishedUpload>>([]);

    /// <summary>Aborts every unfinished upload of the object at a path, deleting its parts; nothing happens when there is none.</summary>
    protected virtual Task AbortUnfinishedUploadsAsync(string path, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called before the first write, e.g. to create a missing bucket.</summary>
    protected virtual Task PrepareForWriteAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default)
    {
        var sealedManifest = ModelIntegrity.Seal(manifest, files);
        var (model, version) = (sealedManifest.Model, sealedManifest.Version);
        await PrepareForWriteAsync(cancellationToken).ConfigureAwait(false);

        var manifestPath = ModelStoreLayout.ManifestPath(model, version);
        if (await ExistsAsync(manifestPath, cancellationToken).ConfigureAwait(false))
        {
            throw VersionExists(model, version);
        }

        // Claimed before anything is written into the folder: a publisher that loses the race writes nothing,
        // so it can never overwrite the winner's files (the old check-then-write let it).
        var claim = PublishClaim.New();
        var claimPath = PublishClaim.PathOf(model, version);
        if (!await TryWriteManifestAsync(claimPath, claim.Bytes, cancellationToken).ConfigureAwait(false)
            || !await HoldsClaimAsync(claimPath, claim, cancellationToken).ConfigureAwait(false))
        {
            throw VersionBeingPublished(model, version);
        }

        // A winner releases its claim after its manifest lands, so a publisher that checked for the manifest before
        // that and claims after it holds a claim on a finished version: it must not write over the winner's files.
        if (await ExistsAsync(manifestPath, cancellationToken).ConfigureAwait(false))
        {
            await ReleaseClaimAsync(claimPath).ConfigureAwait(false);
            throw VersionExists(model, version);
        }

        foreach (var (name, bytes) in files)
        {
            await WriteFileAsync(ModelStoreLayout.FilePath(model, version, name), bytes, cancellationToken).ConfigureAwait(false);
        }

        // The files (and the folder's entries) are on disk before the manifest can point at them.
        await SyncFolderAsync(ModelStoreLayout.VersionPath(model, version), cancellationToken).ConfigureAwait(false);
        if (!await HoldsClaimAsync(claimPath, claim, cancellationToken).ConfigureAwait(false))
        {
            // Garbage collection took the claim (and perhaps the files) of a publish it judged abandoned: never publish over that.
            throw new IOException($"The publish of model '{model}' version '{version}' to {Location} lost its claim while writing (removed as abandoned by a store gc?); publish again.");
        }

        // Last: until this lands, readers do not see the version at all.
        if (!await TryWriteManifestAsync(manifestPath, ManifestJson.Serialize(sealedManifest), cancellationToken).ConfigureAwait(false))
        {
            throw VersionExists(model, version);
        }

        await ReleaseClaimAsync(claimPath).ConfigureAwait(false);
        return sealedManifest;
    }

    /// <summary>True when the claim stored is ours: a backend that ignored create-only semantics (an S3 server without conditional PUT) let a later claim replace it.</summary>
    private async Task<bool> HoldsClaimAsync(string claimPath, PublishClaim claim, CancellationToken cancellationToken) =>
        await ReadAsync(claimPath, cancellationToken).ConfigureAwait(false) is { } stored && claim.Matches(stored);

    private async Task ReleaseClaimAsync(string claimPath)
    {
        try
        {
            await DeleteAsync(claimPath, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The version is published; a claim left beside a manifest is inert, and a store gc removes it.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var paths = await ListManifestPathsAsync(ModelStoreLayout.ModelsFolder, cancellationToken).ConfigureAwait(false);
        return paths
            .Select(path => ModelStoreLayout.TryParseManifestPath(path, out var model, out _) ? model : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(model);
        var paths = await ListManifestPathsAsync(ModelStoreLayout.VersionsPath(model), cancellationToken).ConfigureAwait(false);
        return paths
            .Select(path => ModelStoreLayout.TryParseManifestPath(path, out var m, out var v) && m == model ? v : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Order(ModelVersions.Comparer)
            .ToList();
    }

    public async Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(model);
        var versions = await ListVersionIdsAsync(model, cancellationToken).ConfigureAwait(false);
        var manifests = new List<ModelManifest>(versions.Count);
        var unreadable = new List<SkippedVersion>();
        foreach (var version in versions)
        {
            try
            {
                // A version deleted between listing and reading is simply no longer there.
                if (await ReadManifestAsync(model, version, cancellationToken).ConfigureAwait(false) is { } manifest)
                {
                    manifests.Add(manifest);
                }
            }
            catch (ModelIntegrityException e)
            {
                unreadable.Add(new SkippedVersion(version, e.Message));
            }
        }

        return new ModelVersionList(manifests, unreadable);
    }

    public async Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(model);
        return ModelVersions.IsLatest(version)
            ? (await this.FindServableAsync(model, cancellationToken: cancellationToken).ConfigureAwait(false)).Manifest
            : await ReadManifestAsync(model, ModelVersions.Validate(version), cancellationToken).ConfigureAwait(false);
    }

    public async Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(model, version, cancellationToken).ConfigureAwait(false)
            ?? throw new ModelNotFoundException(ModelVersions.IsLatest(version)
                ? $"Model '{model}' has no servable version in {Location} (none complete, or every one missed its quality gate)."
                : $"Model '{model}' has no complete version '{version}' in {Location}.");

        ModelIntegrity.VerifyFileNames(manifest);
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (name, sha256) in manifest.Files)
        {
            var bytes = await ReadAsync(ModelStoreLayout.FilePath(manifest.Model, manifest.Version, name), cancellationToken).ConfigureAwait(false);
            ModelIntegrity.VerifyFile(manifest, name, sha256, bytes);
            files[name] = bytes!;
        }

        return new LoadedModel(manifest, files);
    }

    public async Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(model);
        ModelVersions.Validate(version);
        var manifestPath = ModelStoreLayout.ManifestPath(model, version);
        var existed = await ExistsAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        // First: from here on readers do not see the version, so none loads it half-deleted.
        await DeleteAsync(manifestPath, cancellationToken).ConfigureAwait(false);
        await DeleteFolderAsync(ModelStoreLayout.VersionPath(model, version), cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public async Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ModelNames.ValidateModelName(report.Model);
        ModelVersions.Validate(report.Version);
        if (!await ExistsAsync(ModelStoreLayout.ManifestPath(report.Model, report.Version), cancellationToken).ConfigureAwait(false))
        {
            throw new ModelNotFoundException($"Model '{report.Model}' has no complete version '{report.Version}' in {Location} to attach a monitoring report to.");
        }

        await PrepareForWriteAsync(cancellationToken).ConfigureAwait(false);
        // Whole or not at all, as a manifest: a reader never parses half a report.
        var path = ModelStoreLayout.MonitoringReportPath(report.Model, report.Version, report.CheckedAt);
        if (!await TryWriteManifestAsync(path, MonitoringReportJson.Serialize(report), cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"A monitoring report of model '{report.Model}' version '{report.Version}' checked at the same second already exists: {path}.");
        }
    }

    public async Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ModelNames.ValidateModelName(model);
        ModelVersions.Validate(version);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newest);
        var paths = await ListFilePathsAsync(ModelStoreLayout.MonitoringPath(model, version), ".json", cancellationToken).ConfigureAwait(false);
        var reports = new List<MonitoringReport>();
        var unreadable = new List<SkippedReport>();
        // Names are timestamps, so ordinal order is time order.
        foreach (var path in paths.Order(StringComparer.Ordinal).TakeLast(newest))
        {
            try
            {
                if (await ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } bytes)
                {
                    reports.Add(MonitoringReportJson.Deserialize(bytes, path));
                }
            }
            catch (ModelIntegrityException e)
            {
                unreadable.Add(new SkippedReport(path, e.Message));
            }
        }

        return new MonitoringReportList(reports, unreadable);
    }

    private ModelVersionExistsException VersionExists(string model, string version) =>
        new($"Model '{model}' version '{version}' already exists in {Location}; versions are immutable, publish a new version instead.");

    private ModelVersionExistsException VersionBeingPublished(string model, string version) =>
        new($"Model '{model}' version '{version}' is being published to {Location} by another publisher (or a publish of it was cut short: `ecml store gc` removes that); versions are immutable, publish a new version instead.");

    private async Task<ModelManifest?> ReadManifestAsync(string model, string version, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(ModelStoreLayout.ManifestPath(model, version), cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : ManifestJson.Deserialize(bytes, model, version);
    }
}
