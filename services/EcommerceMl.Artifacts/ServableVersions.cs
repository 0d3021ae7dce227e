namespace EcommerceMl.Artifacts;

/// <summary>
/// The walk behind <c>latest</c>, written once over two store calls so every store (and every test double)
/// resolves it the same way: version ids newest first (one LIST), each manifest read (one GET) until one
/// is servable (<see cref="ModelVersions.IsServable"/>). A version whose gate failed, whose manifest cannot
/// be read, or that the caller already refused is passed over and reported. Usually one LIST and one GET,
/// however many versions the model has.
/// </summary>
public static class ServableVersions
{
    /// <param name="store">The store.</param>
    /// <param name="model">The model.</param>
    /// <param name="passOver">Versions the caller refuses (they would not load), with the reason; they are skipped like gate failures.</param>
    /// <param name="scope">The namespaces whose versions the caller accepts (<see cref="VersionNamespaces"/>); null accepts every version.</param>
    /// <param name="cancellationToken">Cancels the walk.</param>
    public static async Task<ServableVersion> FindServableAsync(
        this IModelStore store, string model, IReadOnlyDictionary<string, string>? passOver = null, VersionNamespaces? scope = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var ids = await store.ListVersionIdsAsync(model, cancellationToken).ConfigureAwait(false);
        var skipped = new List<SkippedVersion>();
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            var version = ids[i];
            if (passOver?.GetValueOrDefault(version) is { } refused)
            {
                skipped.Add(new SkippedVersion(version, refused));
                continue;
            }

            var (manifest, unreadable) = await TryReadAsync(store, model, version, cancellationToken).ConfigureAwait(false);
            var why = unreadable ?? (manifest is null ? null : scope?.WhyRefused(manifest) ?? ModelVersions.WhyNotServable(manifest));
            if (manifest is not null && why is null)
            {
                return new ServableVersion(manifest, skipped);
            }

            // A version deleted between listing and reading is simply no longer there.
            if (why is not null)
            {
                skipped.Add(new SkippedVersion(version, why));
            }
        }

        return new ServableVersion(null, skipped);
    }

    /// <summary>The newest readable version that satisfies <paramref name="match"/>, reading newest first and stopping there; null when none does.</summary>
    public static async Task<ModelManifest?> FindNewestAsync(
        this IModelStore store, string model, Func<ModelManifest, bool> match, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(match);
        var ids = await store.ListVersionIdsAsync(model, cancellationToken).ConfigureAwait(false);
        for (var i = ids.Count - 1; i >= 0; i--)
        {
            if ((await TryReadAsync(store, model, ids[i], cancellationToken).ConfigureAwait(false)).Manifest is { } manifest && match(manifest))
            {
                return manifest;
            }
        }

        return null;
    }

    private static async Task<(ModelManifest? Manifest, string? Unreadable)> TryReadAsync(IModelStore store, string model, string version, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetManifestAsync(model, version, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ModelIntegrityException e)
        {
            return (null, $"its manifest cannot be read: {e.Message}");
        }
    }
}
