namespace EcommerceMl.Artifacts.Outputs;

/// <summary>
/// The object operations the CSV batch outputs need (<see cref="EcommerceMl.Contracts.Batch.BatchCsvLayout"/>), under
/// one prefix: a local folder or <c>s3://bucket/prefix</c>. Unlike the event sink's objects, an output object may
/// be written again — a re-run shard replaces its part, a new version moves the pointer — so a put <em>replaces</em>,
/// but still atomically: a reader sees the old object whole or the new one whole, never half of one.
/// </summary>
public interface IOutputObjects
{
    /// <summary>Where the objects live: a folder path or <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>Writes (or replaces) an object with the bytes of a local file, visible whole or not at all. The file may be moved away.</summary>
    Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default);

    /// <summary>Writes (or replaces) a small object, visible whole or not at all.</summary>
    Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default);

    /// <summary>An object's bytes, or null when there is none.</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>The complete objects under a folder (recursively), relative to the prefix, sorted; empty when it does not exist.</summary>
    Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>Deletes an object; nothing when there is none.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken = default);
}
