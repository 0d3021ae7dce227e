namespace EcommerceMl.Artifacts.Outputs;

/// <summary>
/// Output objects in a local folder. A put goes to a uniquely named <c>.tmp</c> file beside the object, flushed
/// to disk, then renamed over the object — rename(2) replaces the name atomically — and the folder is synced so
/// the new name survives a crash. A crash mid-write leaves at most a <c>.tmp</c> file, which listings skip.
/// </summary>
public sealed class LocalOutputObjects(string root) : IOutputObjects
{
    private const string TempExtension = ".tmp";

    public string Root { get; } = Path.GetFullPath(root);

    public string Location => Root;

    public Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localFile);
        var target = FullPath(path);
        var temp = TempBeside(target);
        try
        {
            // A rename when the file is on the same file system, a copy otherwise; either way under a name no listing returns.
            File.Move(localFile, temp);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                stream.Flush(flushToDisk: true);
            }

            Replace(temp, target);
        }
        finally
        {
            File.Delete(temp);
        }

        return Task.CompletedTask;
    }

    public async Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var target = FullPath(path);
        var temp = TempBeside(target);
        try
        {
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            Replace(temp, target);
        }
        finally
        {
            File.Delete(temp);
        }
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

    public Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var fullFolder = FullPath(folder);
        IReadOnlyList<string> paths = Directory.Exists(fullFolder)
            ? Directory.EnumerateFiles(fullFolder, "*", SearchOption.AllDirectories)
                .Where(file => !file.EndsWith(TempExtension, StringComparison.Ordinal))
                .Select(file => Path.GetRelativePath(Root, file).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];
        return Task.FromResult(paths);
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = FullPath(path);
        if (File.Exists(fullPath))
        {
            File.Delete(fullPath);
            NativeFiles.SyncFolder(Path.GetDirectoryName(fullPath)!);
        }

        return Task.CompletedTask;
    }

    private static string TempBeside(string target)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        return $"{target}.{Guid.NewGuid():N}{TempExtension}";
    }

    private static void Replace(string temp, string target)
    {
        File.Move(temp, target, overwrite: true);
        NativeFiles.SyncFolder(Path.GetDirectoryName(target)!);
    }

    private string FullPath(string path) => Path.Combine(Root, OutputPaths.Check(path).Replace('/', Path.DirectorySeparatorChar));
}
