using System.Security.Cryptography;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// An <see cref="IModelStore"/> in memory with the real store's promises (manifest last, checksums
/// verified on load) plus the faults the loader must survive: a store that is unreachable for the
/// first few calls, and a gate that holds every call until the test opens it.
/// </summary>
internal sealed class InMemoryModelStore : IModelStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<StoredVersion>> _models = new(StringComparer.Ordinal);
    private readonly List<MonitoringReport> _reports = [];
    private TaskCompletionSource _open = CreateOpen();
    private int _failuresLeft;

    public string Location => "memory://test-store";

    /// <summary>Calls made so far (listing and loading), to show the loader retried.</summary>
    public int Calls { get; private set; }

    /// <summary>The next <paramref name="count"/> calls fail as a store that cannot be reached would.</summary>
    public void FailNext(int count) => _failuresLeft = count;

    /// <summary>Holds every call until <see cref="Open"/>.</summary>
    public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    /// <summary>Makes a version's manifest unreadable, as a truncated or hand-edited manifest.json would be.</summary>
    public void BreakManifest(string model, string version)
    {
        lock (_gate)
        {
            var versions = _models[model];
            var i = versions.FindIndex(v => v.Manifest.Version == version);
            versions[i] = versions[i] with { ManifestBroken = true };
        }
    }

    /// <summary>Flips a byte of a published file, as disk or network corruption would.</summary>
    public void Corrupt(string model, string version, string file)
    {
        var bytes = _models[model].Single(v => v.Manifest.Version == version).Files[file];
        bytes[0] ^= 0xFF;
    }

    public Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default)
    {
        var written = manifest with
        {
            Files = files.ToDictionary(f => f.Key, f => Convert.ToHexStringLower(SHA256.HashData(f.Value)), StringComparer.Ordinal),
        };
        lock (_gate)
        {
            if (!_models.TryGetValue(manifest.Model, out var versions))
            {
                _models[manifest.Model] = versions = [];
            }

            versions.Add(new StoredVersion(written, files.ToDictionary(f => f.Key, f => f.Value.ToArray(), StringComparer.Ordinal)));
            versions.Sort((a, b) => string.CompareOrdinal(a.Manifest.Version, b.Manifest.Version));
        }

        return Task.FromResult(written);
    }

    public async Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            return [.. _models.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public async Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            return _models.TryGetValue(model, out var versions) ? [.. versions.Select(v => v.Manifest.Version)] : [];
        }
    }

    public async Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            var versions = _models.GetValueOrDefault(model) ?? [];
            return new ModelVersionList(
                [.. versions.Where(v => !v.ManifestBroken).Select(v => v.Manifest)],
                [.. versions.Where(v => v.ManifestBroken).Select(v => new SkippedVersion(v.Manifest.Version, Unreadable(v).Message))]);
        }
    }

    /// <summary>A version by id, or the servable latest through the same walk the real stores use.</summary>
    public async Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        if (ModelVersions.IsLatest(version))
        {
            return (await this.FindServableAsync(model, cancellationToken: cancellationToken)).Manifest;
        }

        await EnterAsync(cancellationToken);
        var found = Find(model, version);
        return found is { ManifestBroken: true } ? throw Unreadable(found) : found?.Manifest;
    }

    public async Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default)
    {
        var manifest = await GetManifestAsync(model, version, cancellationToken)
            ?? throw new ModelNotFoundException($"Model '{model}' version '{version ?? "latest"}' is not in {Location}.");
        var found = Find(model, manifest.Version)
            ?? throw new ModelNotFoundException($"Model '{model}' version '{manifest.Version}' is not in {Location}.");
        foreach (var (name, bytes) in found.Files)
        {
            if (Convert.ToHexStringLower(SHA256.HashData(bytes)) != found.Manifest.Files[name])
            {
                throw new ModelIntegrityException($"{model}/{found.Manifest.Version}/{name} does not match its sha256.");
            }
        }

        return new LoadedModel(found.Manifest, found.Files);
    }

    public async Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            return _models.TryGetValue(model, out var versions) && versions.RemoveAll(v => v.Manifest.Version == version) > 0;
        }
    }

    public async Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            _reports.Add(report);
        }
    }

    public async Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await EnterAsync(cancellationToken);
        lock (_gate)
        {
            return new MonitoringReportList(
                [.. _reports.Where(r => r.Model == model && r.Version == version).OrderBy(r => r.CheckedAt).TakeLast(newest)],
                []);
        }
    }

    private StoredVersion? Find(string model, string? version)
    {
        lock (_gate)
        {
            if (!_models.TryGetValue(model, out var versions) || versions.Count == 0)
            {
                return null;
            }

            return versions.FirstOrDefault(v => v.Manifest.Version == version);
        }
    }

    private async Task EnterAsync(CancellationToken cancellationToken)
    {
        await _open.Task.WaitAsync(cancellationToken);
        lock (_gate)
        {
            Calls++;
            if (_failuresLeft > 0)
            {
                _failuresLeft--;
                throw new IOException($"Connection refused by {Location}.");
            }
        }
    }

    private static TaskCompletionSource CreateOpen()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private static ModelIntegrityException Unreadable(StoredVersion version) =>
        new($"The manifest.json of model '{version.Manifest.Model}' version '{version.Manifest.Version}' is malformed: unexpected end of data.");

    private sealed record StoredVersion(ModelManifest Manifest, Dictionary<string, byte[]> Files, bool ManifestBroken = false);
}
