using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Hot swap: every <see cref="InferenceOptions.RefreshInterval"/>, asks the store for the newest version of
/// each model served at <c>latest</c>; a newer one is loaded and verified beside the one serving, then the
/// registry entry is replaced in one step, so no request fails or sees half a model. A version that cannot
/// be served (bad checksum, unreadable file) is refused once and remembered; the old version keeps serving.
/// </summary>
internal sealed class ModelRefresher(
    ModelRegistry registry,
    ModelMaterializer materializer,
    IOptions<InferenceOptions> options,
    TimeProvider time,
    ILogger<ModelRefresher> logger,
    IModelStore? store = null) : BackgroundService
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Model, string Version), bool> _refused = new();

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

    /// <summary>One pass over the models served at latest; returns how many were swapped.</summary>
    internal async Task<int> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return 0;
        }

        var swapped = 0;
        foreach (var entry in registry.Models.Where(e => e is { RequestedVersion: null, Status: ModelStatus.Loaded }))
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
        string? version = null;
        LoadedModel loaded;
        try
        {
            version = (await modelStore.GetManifestAsync(entry.Name, null, cancellationToken))?.Version;
            if (version is null || string.CompareOrdinal(version, entry.Version) <= 0 || _refused.ContainsKey((entry.Name, version)))
            {
                return false;
            }

            loaded = await modelStore.LoadAsync(entry.Name, version, cancellationToken);
        }
        catch (ModelIntegrityException ex)
        {
            Refuse(entry, ex.Message, version!);
            return false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The store may be briefly unreachable; the version serving now stays, and the next pass tries again.
            Log.RefreshFailed(logger, entry.Name, ex.Message);
            return false;
        }

        if (materializer.Materialize(loaded, out var error) is not { } model)
        {
            Refuse(entry, error!, loaded.Manifest.Version);
            return false;
        }

        var replacement = entry with { Manifest = loaded.Manifest, Model = model, LoadedAt = time.GetUtcNow(), Error = null };
        if (!registry.Replace(entry, replacement))
        {
            return false;
        }

        Log.ModelSwapped(logger, entry.Name, entry.Version!, loaded.Manifest.Version);
        return true;
    }

    private void Refuse(ModelEntry entry, string error, string version)
    {
        _refused[(entry.Name, version)] = true;
        Log.SwapRefused(logger, entry.Name, version, entry.Version!, error);
    }
}
