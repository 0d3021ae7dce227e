using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Fills the <see cref="ModelRegistry"/> at start-up: finds the models to serve, loads each through the
/// store (which verifies checksums) and its task's pipeline. Retries with backoff while the store cannot
/// be reached or the version is not there yet. A model served at <c>latest</c> falls back past versions that
/// do not load to the newest servable one that does (<see cref="LatestVersionLoader"/>), and says which it
/// passed over; a pinned version that cannot load, or a model none of whose versions load, is Failed (the
/// refresher keeps looking for a newer version of the latter).
/// </summary>
internal sealed class ModelLoader(
    ModelRegistry registry,
    IOptions<InferenceOptions> options,
    ModelMaterializer materializer,
    LatestVersionLoader latestLoader,
    TimeProvider time,
    ILogger<ModelLoader> logger,
    IModelStore? store = null) : BackgroundService
{
    private readonly InferenceOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is null)
        {
            const string error = "No model store is configured: the host must register one with AddEcmlModelSource.";
            registry.SetDiscoveryError(error);
            Log.NoModelStore(logger);
            return;
        }

        var specs = await DiscoverAsync(store, stoppingToken);
        if (specs is null)
        {
            return;
        }

        registry.Expect(specs.Select(s => ModelEntry.Pending(s.Name, s.Version)));
        await Task.WhenAll(specs.Select(s => LoadAsync(store, s, stoppingToken)));
    }

    /// <summary>The configured models, or every model in the store; null when stopped first.</summary>
    private async Task<IReadOnlyList<ModelSpec>?> DiscoverAsync(IModelStore modelStore, CancellationToken stoppingToken)
    {
        if (_options.Models.Count > 0)
        {
            return _options.ModelSpecs();
        }

        var delay = _options.StoreRetryInitialDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            string problem;
            try
            {
                var names = await modelStore.ListModelsAsync(stoppingToken);
                if (names.Count > 0)
                {
                    return names.Select(n => new ModelSpec(n, null)).ToList();
                }

                problem = $"The model store at {modelStore.Location} holds no models yet.";
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                problem = $"The model store at {modelStore.Location} could not be listed: {ex.Message}";
            }

            registry.SetDiscoveryError($"{problem} Retrying in {delay.TotalSeconds:0.###} s.");
            Log.StoreNotReady(logger, modelStore.Location, problem, delay);
            if (!await DelayAsync(delay, stoppingToken))
            {
                return null;
            }

            delay = Backoff.Next(delay, _options.StoreRetryMaxDelay);
        }

        return null;
    }

    private async Task LoadAsync(IModelStore modelStore, ModelSpec spec, CancellationToken stoppingToken)
    {
        var delay = _options.StoreRetryInitialDelay;
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            string problem;
            try
            {
                var done = spec.Version is null
                    ? await TryLoadLatestAsync(modelStore, spec, attempt, stoppingToken)
                    : await TryLoadPinnedAsync(modelStore, spec, attempt, stoppingToken);
                if (done)
                {
                    return;
                }

                problem = $"not found in the store: Model '{spec.Name}' has no version in {modelStore.Location} yet.";
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Not found or unreachable can both heal on their own (a trainer is publishing, the store is starting).
                problem = $"{(ex is ModelNotFoundException ? "not found in the store" : "store unavailable")}: {ex.Message}";
            }

            registry.Update(ModelEntry.Pending(spec.Name, spec.Version) with
            {
                Attempts = attempt,
                Error = $"{problem} Retrying in {delay.TotalSeconds:0.###} s.",
            });
            Log.ModelLoadRetry(logger, spec.Name, attempt, problem, delay);
            if (!await DelayAsync(delay, stoppingToken))
            {
                return;
            }

            delay = Backoff.Next(delay, _options.StoreRetryMaxDelay);
        }
    }

    /// <summary>A pinned version: served as asked, or Failed for good when its files are corrupt; false while it is not there.</summary>
    private async Task<bool> TryLoadPinnedAsync(IModelStore modelStore, ModelSpec spec, int attempt, CancellationToken stoppingToken)
    {
        LoadedModel loaded;
        try
        {
            loaded = await modelStore.LoadAsync(spec.Name, spec.Version, stoppingToken);
        }
        catch (ModelIntegrityException ex)
        {
            Fail(spec, null, attempt, $"Refused by checksum: {ex.Message}");
            return true;
        }

        var manifest = loaded.Manifest;
        if (materializer.Materialize(loaded, out var error) is not { } model)
        {
            Fail(spec, manifest, attempt, error!);
            return true;
        }

        Install(spec, manifest, model, attempt, []);
        return true;
    }

    /// <summary>
    /// <c>latest</c>: the newest servable version that loads, falling back past any that do not. When none does,
    /// the model is Failed and the refresher keeps looking for a newer version; false while the model has no version at all.
    /// </summary>
    private async Task<bool> TryLoadLatestAsync(IModelStore modelStore, ModelSpec spec, int attempt, CancellationToken stoppingToken)
    {
        var found = await latestLoader.LoadNewestAsync(modelStore, spec.Name, newerThan: null, stoppingToken);
        if (found is { Loaded: { } loaded, Model: { } model })
        {
            Install(spec, loaded.Manifest, model, attempt, found.Skipped);
            return true;
        }

        if (found.Skipped.Count == 0)
        {
            return false;
        }

        var error = $"No version of '{spec.Name}' can be served: {string.Join("; ", found.Skipped.Select(s => $"{s.Version}: {s.Reason}"))}. "
            + "A newer version is loaded as soon as one is published.";
        registry.Update(new ModelEntry(spec.Name, spec.Version, ModelStatus.Failed, null, null, null, error, attempt) { Skipped = found.Skipped });
        Log.ModelLoadFailed(logger, spec.Name, ModelVersions.Latest, error);
        return true;
    }

    private void Install(ModelSpec spec, ModelManifest manifest, ITrainedModel model, int attempt, IReadOnlyList<SkippedVersion> skipped)
    {
        var entry = new ModelEntry(spec.Name, spec.Version, ModelStatus.Loaded, manifest, model, time.GetUtcNow(), null, attempt) { Skipped = skipped };
        registry.Update(entry);
        Log.ModelLoaded(logger, manifest.Model, manifest.Version, manifest.Task, manifest.Algorithm, attempt);
    }

    private void Fail(ModelSpec spec, ModelManifest? manifest, int attempt, string error)
    {
        registry.Update(new ModelEntry(spec.Name, spec.Version, ModelStatus.Failed, manifest, null, null, error, attempt));
        Log.ModelLoadFailed(logger, spec.Name, manifest?.Version ?? spec.Version ?? "latest", error);
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
