using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Event objects in a local folder, each created whole or not at all (<see cref="DurableFile"/>): a crash
/// mid-write leaves at most a <c>.tmp</c> file, which listings never return.
/// </summary>
public sealed class LocalEventObjects(string root) : IEventObjects
{
    public string Root { get; } = Path.GetFullPath(root);

    public string Location => Root;

    public async Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (!await DurableFile.TryCreateAsync(FullPath(path), bytes, cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"The event object {path} exists already in {Root}; objects are written once, never over another.");
        }
    }

    public Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<string> paths = Directory.Exists(fullFolder)
            ? Directory.EnumerateFiles(fullFolder, "*" + EventSinkLayout.Extension, SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(paths);
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            return await File.ReadAllBytesAsync(FullPath(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var fullFolder = FullPath(folder);
        if (Directory.Exists(fullFolder))
        {
            Directory.Delete(fullFolder, recursive: true);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListFoldersAsync(string folder, CancellationToken cancellationToken = default)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<string> folders = Directory.Exists(fullFolder)
            ? Directory.EnumerateDirectories(fullFolder)
                .Select(d => Path.GetRelativePath(Root, d).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(folders);
    }

    private string FullPath(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
}
