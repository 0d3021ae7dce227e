using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Hot swap: every <see cref="InferenceOptions.RefreshInterval"/>, asks the store for the servable latest of
/// each model served at <c>latest</c>; a newer one is loaded and verified beside the one serving, then the
/// registry entry is replaced in one step, so no request fails or sees half a model. A version that cannot
/// be served (bad checksum, unreadable file) is refused once and remembered (<see cref="RefusedVersions"/>);
/// the old version keeps serving. A model that failed because none of its versions loaded is retried the
/// same way, so publishing a good version heals it.
/// </summary>
internal sealed class ModelRefresher(
    ModelRegistry registry,
    LatestVersionLoader latestLoader,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<ModelRefresher> logger,
    IModelStore? store = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.RefreshInterval;
        if (store is null || interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>One pass over the models served at latest (loaded, or failed for want of a version that loads); returns how many were swapped.</summary>
    internal async Task<int> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return 0;
        }

        var swapped = 0;
        foreach (var entry in registry.Models.Where(e => e is { RequestedVersion: null, Status: ModelStatus.Loaded or ModelStatus.Failed }))
        {
            if (await TrySwapAsync(store, entry, cancellationToken))
            {
                swapped++;
            }
        }

        return swapped;
    }

    private async Task<bool> TrySwapAsync(IModelStore modelStore, ModelEntry entry, CancellationToken cancellationToken)
    {
        LatestLoad found;
        try
        {
            var serving = entry.Status == ModelStatus.Loaded ? entry.Version : null;
            found = await latestLoader.LoadNewestAsync(modelStore, entry.Name, serving, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The store may be briefly unreachable; the version serving now stays, and the next pass tries again.
            Log.RefreshFailed(logger, entry.Name, ex.Message);
            return false;
        }

        if (found is not { Loaded: { } loaded, Model: { } model })
        {
            // Nothing newer to serve; keep what /readyz says about the versions passed over up to date.
            if (!found.Skipped.SequenceEqual(entry.Skipped))
            {
                registry.Replace(entry, entry with { Skipped = found.Skipped });
            }

            return false;
        }

        var replacement = entry with
        {
            Status = ModelStatus.Loaded, Manifest = loaded.Manifest, Model = model, LoadedAt = time.GetUtcNow(), Error = null, Skipped = found.Skipped,
        };
        if (!registry.Replace(entry, replacement))
        {
            return false;
        }

        Log.ModelSwapped(logger, entry.Name, entry.Status == ModelStatus.Loaded ? entry.Version! : "none", loaded.Manifest.Version);
        return true;
    }
}
