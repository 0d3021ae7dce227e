using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Fills the <see cref="ModelRegistry"/> at start-up: finds the models to serve, loads each through the
/// store (which verifies checksums) and its task's pipeline. Retries with backoff while the store cannot
/// be reached or the version is not there yet; gives up on a model only when retrying cannot help
/// (corrupt files, no pipeline for its task), leaving it Failed so the server stays not ready.
/// </summary>
internal sealed class ModelLoader(
    ModelRegistry registry,
    IOptions<InferenceOptions> options,
    ModelMaterializer materializer,
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
            LoadedModel loaded;
            try
            {
                loaded = await modelStore.LoadAsync(spec.Name, spec.Version, stoppingToken);
            }
            catch (ModelIntegrityException ex)
            {
                Fail(spec, null, attempt, $"Refused by checksum: {ex.Message}");
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Not found or unreachable can both heal on their own (a trainer is publishing, the store is starting).
                var what = ex is ModelNotFoundException ? "not found in the store" : "store unavailable";
                registry.Update(ModelEntry.Pending(spec.Name, spec.Version) with
                {
                    Attempts = attempt,
                    Error = $"{what}: {ex.Message} Retrying in {delay.TotalSeconds:0.###} s.",
                });
                Log.ModelLoadRetry(logger, spec.Name, attempt, ex.Message, delay);
                if (!await DelayAsync(delay, stoppingToken))
                {
                    return;
                }

                delay = Backoff.Next(delay, _options.StoreRetryMaxDelay);
                continue;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Install(spec, loaded, attempt);
            return;
        }
    }

    /// <summary>Turns the store's bytes into a servable model, or records why it cannot be.</summary>
    private void Install(ModelSpec spec, LoadedModel loaded, int attempt)
    {
        var manifest = loaded.Manifest;
        if (materializer.Materialize(loaded, out var error) is not { } model)
        {
            Fail(spec, manifest, attempt, error!);
            return;
        }

        var entry = new ModelEntry(spec.Name, spec.Version, ModelStatus.Loaded, manifest, model, time.GetUtcNow(), null, attempt);
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
