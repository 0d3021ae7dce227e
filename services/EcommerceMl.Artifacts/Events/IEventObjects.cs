namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// The few object operations the event sink needs from the store it shares with the models. Paths are relative to
/// the store's root (<see cref="EcommerceMl.Contracts.Events.EventSinkLayout"/>). Two implementations: a local folder
/// and S3; both make an object visible whole or not at all.
/// </summary>
public interface IEventObjects
{
    /// <summary>Where the objects live: a folder path or <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>Writes a new object, visible to listings only once complete (temp + rename; one S3 PUT).</summary>
    Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default);

    /// <summary>The complete objects under a folder (recursively), sorted; empty when it does not exist.</summary>
    Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>An object's bytes, or null when it is gone (deleted by retention since it was listed).</summary>
    Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object under a folder; safe to repeat.</summary>
    Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>The folders directly under <paramref name="folder"/> (e.g. the days under <c>events</c>), sorted.</summary>
    Task<IReadOnlyList<string>> ListFoldersAsync(string folder, CancellationToken cancellationToken = default);
}
