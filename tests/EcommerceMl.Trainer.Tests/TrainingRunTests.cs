using EcommerceMl.Artifacts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Trainer.Tests;

public sealed class TrainingRunTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 1, 42, 0, TimeSpan.Zero));
    private readonly StringWriter _console = new();

    public void Dispose() => _folder.Dispose();

    private TrainingRun Run() => new(TaskPipelines.All, SmallShop.Load, _time, _console);

    private static TrainerOptions Options(string task, string? algorithm = null, string model = "shop-model") => new()
    {
        Task = task,
        Algorithm = algorithm,
        Data = "small",
        Store = "unused",
        Model = model,
    };

    [Theory]
    [InlineData(ModelTask.Recommendation, "item-cosine", "recall_at_10", typeof(IRecommender))]
    [InlineData(ModelTask.Recommendation, "popularity", "ndcg_at_10", typeof(IRecommender))]
    [InlineData(ModelTask.Forecast, "seasonal-naive", "mase", typeof(IForecaster))]
    [InlineData(ModelTask.Churn, "logistic", "auc", typeof(IChurnModel))]
    public async Task RunAsync_PublishesAVersionWithHeldOutMetricsThatLoadsBack(string task, string algorithm, string metric, Type modelType)
    {
        var store = new LocalModelStore(_folder.Path);

        var manifest = await Run().RunAsync(Options(task, algorithm), store, TestContext.Current.CancellationToken);

        Assert.StartsWith("20261123T014200Z-", manifest.Version, StringComparison.Ordinal);
        Assert.Equal(task, manifest.Task);
        Assert.Equal(algorithm, manifest.Algorithm);
        Assert.True(double.IsFinite(manifest.Metrics[metric]), $"{metric} = {manifest.Metrics[metric]}");
        Assert.Equal(64, manifest.Data.Sha256.Length);
        Assert.Equal(SmallShop.Data.Orders.Count, manifest.Data.Rows["orders"]);
        Assert.NotNull(manifest.Evaluation);
        Assert.NotEmpty(manifest.FeatureProfile);
        Assert.Contains(ITrainedModel.FileName, manifest.Files.Keys);

        var loaded = await store.LoadAsync("shop-model", cancellationToken: TestContext.Current.CancellationToken);
        var pipeline = TaskPipelines.All.Single(p => p.Task == task);
        using var file = new MemoryStream(loaded.Files[ITrainedModel.FileName]);
        Assert.IsAssignableFrom(modelType, pipeline.Load(algorithm, file));
        Assert.Contains($"published shop-model version {manifest.Version}", _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WithTheEventSinkMergedIn_RecordsWhereItsReadOfTheSinkEnded()
    {
        // Training takes a while: the sink's read ends well before the version is created, and what arrives in between
        // was never read. The manifest says where the read ended, so the monitor can tell.
        var readEnd = _time.GetUtcNow();
        var run = new TrainingRun(TaskPipelines.All, spec => SmallShop.Load(spec) with { EventsReceivedBefore = readEnd }, _time, _console);
        _time.Advance(TimeSpan.FromMinutes(3));

        var manifest = await run.RunAsync(Options(ModelTask.Recommendation, "popularity"), new LocalModelStore(_folder.Path), TestContext.Current.CancellationToken);
        var stored = await new LocalModelStore(_folder.Path).GetManifestAsync("shop-model", manifest.Version, TestContext.Current.CancellationToken);

        Assert.Equal(readEnd, stored!.Data.EventsReceivedBefore);
        Assert.Equal(readEnd.AddMinutes(3), stored.CreatedAt);
    }

    [Fact]
    public async Task RunAsync_WithoutAnEventSink_RecordsNoReadOfIt()
    {
        var manifest = await Run().RunAsync(Options(ModelTask.Recommendation, "popularity"), new LocalModelStore(_folder.Path), TestContext.Current.CancellationToken);

        Assert.Null(manifest.Data.EventsReceivedBefore);
    }

    [Fact]
    public async Task RunAsync_Search_PublishesAnIndexOfEveryProductThatLoadsBackAndSearches()
    {
        var store = new LocalModelStore(_folder.Path);

        var manifest = await Run().RunAsync(Options(ModelTask.Search, AlgorithmCatalogue.Bm25), store, TestContext.Current.CancellationToken);

        Assert.Equal(ModelTask.Search, manifest.Task);
        Assert.Equal(SmallShop.Data.Products.Count, manifest.Metrics["products_indexed"]);
        Assert.InRange(manifest.Metrics["recall_at_10"], 0, 1);
        var loaded = await store.LoadAsync("shop-model", cancellationToken: TestContext.Current.CancellationToken);
        using var file = new MemoryStream(loaded.Files[ITrainedModel.FileName]);
        var search = Assert.IsAssignableFrom<EcommerceMl.Ml.Search.ISearchModel>(TaskPipelines.All.Single(p => p.Task == ModelTask.Search).Load(AlgorithmCatalogue.Bm25, file));
        var product = SmallShop.Data.Products[0];
        Assert.Contains(product.ProductId, search.Search(new EcommerceMl.Ml.Search.SearchQuery(product.Name, 10)).Hits.Select(h => h.ProductId));
    }

    [Fact]
    public async Task RunAsync_WithoutAlgorithm_UsesTheTasksDefault()
    {
        var manifest = await Run().RunAsync(Options(ModelTask.Recommendation), new LocalModelStore(_folder.Path), TestContext.Current.CancellationToken);

        Assert.Equal(TaskPipelines.All[0].Algorithms[0], manifest.Algorithm);
    }

    [Fact]
    public async Task RunAsync_WhenAlgorithmBelongsToAnotherTask_NamesTheChoices()
    {
        var error = await Assert.ThrowsAsync<InvalidTrainingRequestException>(
            () => Run().RunAsync(Options(ModelTask.Churn, "item-cosine"), new LocalModelStore(_folder.Path), TestContext.Current.CancellationToken));

        Assert.Contains("Task 'churn' has no algorithm 'item-cosine'", error.Message, StringComparison.Ordinal);
        Assert.Contains("logistic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTaskUnknown_NamesTheTasks()
    {
        var error = await Assert.ThrowsAsync<InvalidTrainingRequestException>(
            () => Run().RunAsync(Options("pricing"), new LocalModelStore(_folder.Path), TestContext.Current.CancellationToken));

        Assert.Contains("recommendation, forecast, churn", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenModelNameIsNotADnsLabel_PublishesNothing()
    {
        var store = new LocalModelStore(_folder.Path);

        await Assert.ThrowsAsync<ArgumentException>(
            () => Run().RunAsync(Options(ModelTask.Churn, model: "../Shop_Churn"), store, TestContext.Current.CancellationToken));

        Assert.Empty(await store.ListModelsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_WhenHyperparameterUnknown_PublishesNothing()
    {
        var store = new LocalModelStore(_folder.Path);
        var options = Options(ModelTask.Recommendation, "item-cosine") with
        {
            Hyperparameters = new Dictionary<string, string> { ["neighbours"] = "5" },
        };

        var error = await Assert.ThrowsAsync<InvalidTrainingRequestException>(
            () => Run().RunAsync(options, store, TestContext.Current.CancellationToken));

        Assert.Contains("neighbours", error.Message, StringComparison.Ordinal);
        Assert.Empty(await store.ListModelsAsync(TestContext.Current.CancellationToken));
    }
}
