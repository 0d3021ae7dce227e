namespace EcommerceMl.Artifacts;

/// <summary>
/// The model store in a local folder (local mode). Files are written and flushed to disk one by one,
/// the version folder is synced, and only then is the manifest created (<see cref="DurableFile"/>: a
/// temp file, flushed, linked under its name only if that is free, the folder synced), so after a
/// crash a manifest never points at a file that is not on disk, and of concurrent publishers of the
/// same version exactly one wins (the claim, created the same way, comes first).
/// </summary>
public sealed class LocalModelStore : VersionedModelStore
{
    private static readonly EnumerationOptions ManifestSearch = new()
    {
        RecurseSubdirectories = true,
        // models/{model}/versions/{version}/manifest.json is at most 3 folders below models/.
        MaxRecursionDepth = 3,
        MatchCasing = MatchCasing.CaseSensitive,
        IgnoreInaccessible = true,
    };

    public LocalModelStore(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The absolute folder holding <c>models/</c>.</summary>
    public string Root { get; }

    public override string Location => Root;

    protected override async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(FullPath(path), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    protected override Task<bool> ExistsAsync(string path, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(FullPath(path)));

    protected override async Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var fullPath = FullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var stream = new FileStream(fullPath, FileMode.Create, FileAccess.Write, FileShare.None);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            // On disk before the manifest that names it is written (SyncFolderAsync then makes its name durable).
            stream.Flush(flushToDisk: true);
        }
    }

    protected override Task SyncFolderAsync(string folder, CancellationToken cancellationToken)
    {
        NativeFiles.SyncFolder(FullPath(folder));
        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<StoredObject>> ListObjectsBelowAsync(string folder, CancellationToken cancellationToken)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<StoredObject> objects = Directory.Exists(fullFolder)
            ? Directory.EnumerateFiles(fullFolder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
                .Select(file => new StoredObject(
                    Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'),
                    new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero)))
                .ToList()
            : [];
        return Task.FromResult(objects);
    }

    protected override Task<bool> TryWriteManifestAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        DurableFile.TryCreateAsync(FullPath(path), bytes, cancellationToken);

    protected override Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        // File.Delete is silent for a missing file but not for a missing folder.
        var fullPath = FullPath(path);
        if (File.Exists(fullPath))
        {
            File.Delete(fullPath);
        }

        return Task.CompletedTask;
    }

    protected override Task DeleteFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var fullFolder = FullPath(folder);
        if (Directory.Exists(fullFolder))
        {
            Directory.Delete(fullFolder, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override Task<IReadOnlyList<string>> ListManifestPathsAsync(string folder, CancellationToken cancellationToken)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<string> paths = Directory.Exists(fullFolder)
            ? Directory.EnumerateFiles(fullFolder, ModelManifest.FileName, ManifestSearch)
                .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .ToList()
            : [];
        return Task.FromResult(paths);
    }

    protected override Task<IReadOnlyList<string>> ListFilePathsAsync(string folder, string suffix, CancellationToken cancellationToken)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<string> paths = Directory.Exists(fullFolder)
            ? Directory.EnumerateFiles(fullFolder)
                .Where(file => file.EndsWith(suffix, StringComparison.Ordinal))
                .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .ToList()
            : [];
        return Task.FromResult(paths);
    }

    private string FullPath(string path) => Path.Combine(Root, path.Replace('/', Path.DirectorySeparatorChar));
}
