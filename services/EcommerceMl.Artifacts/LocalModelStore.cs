namespace EcommerceMl.Artifacts;

/// <summary>
/// The model store in a local folder (local mode). The manifest is written to a temp file in the
/// version folder, flushed, then renamed into place without overwriting, so it appears atomically
/// and a concurrent publisher of the same version loses cleanly.
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
        await File.WriteAllBytesAsync(fullPath, bytes, cancellationToken).ConfigureAwait(false);
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
