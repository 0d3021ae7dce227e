using EcommerceMl.Artifacts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer.Batch;

/// <summary>A model version read from the store and turned back into its trained form.</summary>
public sealed record StoredModel(ModelManifest Manifest, ITrainedModel Model)
{
    public static async Task<StoredModel> LoadAsync(IModelStore store, string model, string? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var loaded = await store.LoadAsync(model, version, cancellationToken).ConfigureAwait(false);
        var manifest = loaded.Manifest;
        var pipeline = TaskPipelines.All.FirstOrDefault(p => p.Task == manifest.Task)
            ?? throw new ArgumentException($"model '{model}' version {manifest.Version} has task '{manifest.Task}', which this ecml cannot load");
        if (!loaded.Files.TryGetValue(ITrainedModel.FileName, out var bytes))
        {
            throw new ArgumentException($"model '{model}' version {manifest.Version} has no {ITrainedModel.FileName}");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return new StoredModel(manifest, pipeline.Load(manifest.Algorithm, stream));
    }
}
