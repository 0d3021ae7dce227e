namespace EcommerceMl.Artifacts;

/// <summary>An object in a store and when it was last written.</summary>
public sealed record StoredObject(string Path, DateTimeOffset LastModified);

/// <summary>
/// Something a store gc found: a version folder without a manifest (a publish cut short, or a delete cut
/// short), a stray object beside a complete version (a temp file of an interrupted write, a claim
/// left by a publisher that died after its manifest landed), or an object's unfinished multipart uploads.
/// </summary>
/// <param name="Path">The folder or object, relative to the store root.</param>
/// <param name="What">Why it is garbage, for a person.</param>
/// <param name="LastWritten">When its newest object was written (for unfinished uploads: when the newest was started).</param>
/// <param name="Objects">How many objects it holds (for unfinished uploads: how many uploads).</param>
public sealed record StoreGarbage(string Path, string What, DateTimeOffset LastWritten, int Objects, bool IsFolder);

/// <summary>Stores whose leftovers can be found and removed (<c>ecml store gc</c>, the operator's periodic pass).</summary>
public interface IStoreGarbageCollector
{
    /// <summary>
    /// Finds what publishes cut short left behind and, unless <paramref name="dryRun"/>, removes it. Only what was
    /// last written at least <paramref name="olderThan"/> before <paramref name="now"/> counts: a younger folder
    /// without a manifest may be a publish still in progress. Unfinished multipart uploads anywhere in the store are
    /// aborted once started at least <see cref="StaleUploads.AgeFor"/>(<paramref name="olderThan"/>) before: a day, or
    /// <paramref name="olderThan"/> when longer.
    /// </summary>
    Task<IReadOnlyList<StoreGarbage>> CollectGarbageAsync(DateTimeOffset now, TimeSpan olderThan, bool dryRun, CancellationToken cancellationToken = default);
}

public abstract partial class VersionedModelStore : IStoreGarbageCollector
{
    private const string TempSuffix = ".tmp";

    public async Task<IReadOnlyList<StoreGarbage>> CollectGarbageAsync(DateTimeOffset now, TimeSpan olderThan, bool dryRun, CancellationToken cancellationToken = default)
    {
        var objects = await ListObjectsBelowAsync(ModelStoreLayout.ModelsFolder, cancellationToken).ConfigureAwait(false);
        var found = new List<StoreGarbage>();
        foreach (var folder in objects.GroupBy(o => VersionFolderOf(o.Path), StringComparer.Ordinal).Where(g => g.Key.Length > 0).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var manifestPath = $"{folder.Key}/{ModelManifest.FileName}";
            if (!folder.Any(o => o.Path == manifestPath))
            {
                var newest = folder.Max(o => o.LastModified);
                if (now - newest >= olderThan)
                {
                    found.Add(new StoreGarbage(folder.Key, "a version folder without a manifest (a publish or delete cut short)", newest, folder.Count(), IsFolder: true));
                }

                continue;
            }

            found.AddRange(folder
                .Where(o => now - o.LastModified >= olderThan)
                .Where(o => o.Path.EndsWith(TempSuffix, StringComparison.Ordinal) || o.Path == $"{folder.Key}/{PublishClaim.FileName}")
                .Select(o => new StoreGarbage(o.Path, o.Path.EndsWith(TempSuffix, StringComparison.Ordinal)
                    ? "a temp file of an interrupted write beside a complete version"
                    : "a publish claim left beside a complete version", o.LastModified, 1, IsFolder: false)));
        }

        if (!dryRun)
        {
            foreach (var garbage in found)
            {
                // Looked at again just before: a manifest that landed since makes the folder a version, never garbage.
                if (garbage.IsFolder && !await ExistsAsync($"{garbage.Path}/{ModelManifest.FileName}", cancellationToken).ConfigureAwait(false))
                {
                    await DeleteFolderAsync(garbage.Path, cancellationToken).ConfigureAwait(false);
                }
                else if (!garbage.IsFolder)
                {
                    await DeleteAsync(garbage.Path, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        // Last: a store that refuses the upload calls (a policy without them) has had its other leftovers removed first.
        found.AddRange(await CollectStaleUploadsAsync(now, olderThan, dryRun, cancellationToken).ConfigureAwait(false));
        return found;
    }

    /// <summary><c>models/{model}/versions/{version}</c> for a path inside a version's folder, else empty.</summary>
    private static string VersionFolderOf(string path)
    {
        var parts = path.Split('/');
        return parts.Length >= 5 && parts[0] == ModelStoreLayout.ModelsFolder && parts[2] == ModelStoreLayout.VersionsFolder
            && ModelNames.IsValidModelName(parts[1]) && ModelVersions.IsValid(parts[3])
            ? ModelStoreLayout.VersionPath(parts[1], parts[3])
            : string.Empty;
    }
}
