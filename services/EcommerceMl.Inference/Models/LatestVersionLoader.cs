using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml;

namespace EcommerceMl.Inference.Models;

/// <summary>What a look for the newest loadable version found: the model (or null), and the newer versions passed over and why.</summary>
internal sealed record LatestLoad(LoadedModel? Loaded, ITrainedModel? Model, IReadOnlyList<SkippedVersion> Skipped);

/// <summary>
/// Loads the newest servable version of a model that actually loads, for the start-up loader and the
/// hot-swap refresher alike: the store's servable latest (<see cref="ServableVersions.FindServableAsync"/>)
/// is loaded and materialized; a version that fails either is refused for good and the next older servable
/// one is tried. Errors of the store itself (unreachable) propagate, so the caller retries later.
/// </summary>
internal sealed class LatestVersionLoader(ModelMaterializer materializer, RefusedVersions refused, ILogger<LatestVersionLoader> logger)
{
    /// <param name="store">The store.</param>
    /// <param name="model">The model name.</param>
    /// <param name="newerThan">Load only a version newer than this one (the one serving); null for any.</param>
    /// <param name="cancellationToken">Cancels the look.</param>
    public async Task<LatestLoad> LoadNewestAsync(IModelStore store, string model, string? newerThan, CancellationToken cancellationToken)
    {
        while (true)
        {
            var found = await store.FindServableAsync(model, refused.Of(model), cancellationToken: cancellationToken);
            var version = found.Manifest?.Version;
            if (version is null || (newerThan is not null && ModelVersions.Comparer.Compare(version, newerThan) <= 0))
            {
                return new LatestLoad(null, null, found.Skipped);
            }

            LoadedModel loaded;
            try
            {
                loaded = await store.LoadAsync(model, version, cancellationToken);
            }
            catch (ModelIntegrityException e)
            {
                Refuse(model, version, $"refused by checksum: {e.Message}");
                continue;
            }

            if (materializer.Materialize(loaded, out var error) is { } trained)
            {
                return new LatestLoad(loaded, trained, found.Skipped);
            }

            Refuse(model, version, error!);
        }
    }

    private void Refuse(string model, string version, string reason)
    {
        refused.Refuse(model, version, reason);
        Log.ModelLoadFailed(logger, model, version, reason);
    }
}
