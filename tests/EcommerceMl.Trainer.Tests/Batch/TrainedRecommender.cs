using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>A popularity recommender of the small shop, published once into a store folder the batch tests write beside.</summary>
public sealed class TrainedRecommender : IAsyncLifetime
{
    public const string Name = "shop-recs";

    private readonly TemporaryFolder _folder = new();

    public string Store => Path.Combine(_folder.Path, "store");

    public StoredModel Model { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var store = new LocalModelStore(Store);
        var run = new TrainingRun(TaskPipelines.All, _ => ShopDataLoadResult.Complete(SmallShop.Data), TimeProvider.System, TextWriter.Null);
        await run.RunAsync(new TrainerOptions { Task = "recommendation", Algorithm = "popularity", Data = "small", Store = Store, Model = Name }, store);
        Model = await StoredModel.LoadAsync(store, Name, null, CancellationToken.None);
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
