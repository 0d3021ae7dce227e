namespace EcommerceMl.Artifacts;

/// <summary>
/// Creates a file so that it appears whole or not at all, and never over another: the bytes go to a
/// uniquely named temp file beside it (<c>{name}.{guid}.tmp</c>), are flushed to disk, then linked
/// under the real name with link(2), which fails when the name exists (atomically: no check-then-rename
/// window in which two writers both win), and the folder is synced so the new name survives a crash.
/// A crash mid-write leaves at most the temp file, which no listing returns and a store gc removes.
/// Both local stores publish through it: the model store's manifests and claims, and the event sink's objects.
/// </summary>
internal static class DurableFile
{
    /// <summary>Creates <paramref name="fullPath"/> holding <paramref name="bytes"/>; false, writing nothing, when it exists already.</summary>
    public static async Task<bool> TryCreateAsync(string fullPath, byte[] bytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var tempPath = $"{fullPath}.{Guid.NewGuid():N}.tmp";
        try
        {
            var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            await using (stream.ConfigureAwait(false))
            {
                await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                // On disk before it becomes visible, so a crash cannot leave an empty file under the real name.
                stream.Flush(flushToDisk: true);
            }

            if (!NativeFiles.TryLinkNoReplace(tempPath, fullPath))
            {
                return false;
            }

            NativeFiles.SyncFolder(Path.GetDirectoryName(fullPath)!);
            return true;
        }
        finally
        {
            File.Delete(tempPath);
        }
    }
}
