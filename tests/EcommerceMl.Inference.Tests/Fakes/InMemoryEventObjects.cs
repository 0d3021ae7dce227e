using System.Collections.Concurrent;
using EcommerceMl.Artifacts.Events;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>Event objects in memory, which can be made to fail (an unreachable sink) and counts the writes it saw.</summary>
internal sealed class InMemoryEventObjects : IEventObjects
{
    private readonly ConcurrentDictionary<string, byte[]> _objects = new(StringComparer.Ordinal);

    public string Location => "memory://events";

    /// <summary>While set, every write throws as an unreachable S3 would.</summary>
    public bool Unreachable { get; set; }

    public int FailedWrites { get; private set; }

    public IReadOnlyCollection<string> Paths => _objects.Keys.Order(StringComparer.Ordinal).ToList();

    public Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        if (Unreachable)
        {
            FailedWrites++;
            throw new HttpRequestException("Connection refused (memory://events)");
        }

        return _objects.TryAdd(path, bytes) ? Task.CompletedTask : throw new IOException($"{path} exists.");
    }

    public Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList());

    public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        Task.FromResult(_objects.TryGetValue(path, out var bytes) ? bytes : null);

    public Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal)))
        {
            _objects.TryRemove(key, out _);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListFoldersAsync(string folder, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_objects.Keys
            .Where(k => k.StartsWith(folder + "/", StringComparison.Ordinal))
            .Select(k => k[..k.IndexOf('/', folder.Length + 1)])
            .Distinct().Order(StringComparer.Ordinal).ToList());
}
