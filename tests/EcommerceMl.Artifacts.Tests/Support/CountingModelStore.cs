using System.Collections.Concurrent;

namespace EcommerceMl.Artifacts.Tests.Support;

/// <summary>
/// A <see cref="VersionedModelStore"/> over a dictionary that counts the storage requests a real backend
/// would make: one LIST per listing, one GET per object read, one HEAD per existence check.
/// </summary>
internal sealed class CountingModelStore : VersionedModelStore
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public override string Location => "memory://counting";

    public int Lists { get; private set; }

    public int Gets { get; private set; }

    public int Heads { get; private set; }

    public int Requests => Lists + Gets + Heads;

    public void ResetCounts() => Lists = Gets = Heads = 0;

    protected override Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        Gets++;
        return Task.FromResult(_objects.TryGetValue(path, out var bytes) ? bytes : null);
    }

    protected override Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        Heads++;
        return Task.FromResult(_objects.ContainsKey(path));
    }

    protected override Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        _objects[path] = bytes;
        return Task.CompletedTask;
    }

    protected override Task<bool> TryWriteManifestAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        Task.FromResult(_objects.TryAdd(path, bytes));

    protected override Task<IReadOnlyList<string>> ListManifestPathsAsync(string folder, CancellationToken cancellationToken)
    {
        Lists++;
        IReadOnlyList<string> paths = [.. _objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal) && k.EndsWith("/" + ModelManifest.FileName, StringComparison.Ordinal))];
        return Task.FromResult(paths);
    }

    protected override Task<IReadOnlyList<string>> ListFilePathsAsync(string folder, string suffix, CancellationToken cancellationToken)
    {
        Lists++;
        IReadOnlyList<string> paths = [.. _objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)
            && !k[(folder.Length + 1)..].Contains('/', StringComparison.Ordinal)
            && k.EndsWith(suffix, StringComparison.Ordinal))];
        return Task.FromResult(paths);
    }

    protected override Task<IReadOnlyList<StoredObject>> ListObjectsBelowAsync(string folder, CancellationToken cancellationToken)
    {
        Lists++;
        IReadOnlyList<StoredObject> objects = [.. _objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)).Select(k => new StoredObject(k, DateTimeOffset.UnixEpoch))];
        return Task.FromResult(objects);
    }

    protected override Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        _objects.TryRemove(path, out _);
        return Task.CompletedTask;
    }

    protected override Task DeleteFolderAsync(string folder, CancellationToken cancellationToken)
    {
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            _objects.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }
}
