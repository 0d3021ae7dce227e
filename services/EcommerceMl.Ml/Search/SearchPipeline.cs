using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search.Ltr;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Search;

/// <summary>
/// The search task, <c>bm25</c>: an index over every product of the shop (name, category, description, attributes).
/// Nothing is learnt from orders, so there is no split in time: the metrics are known-item search on the catalogue
/// itself (<see cref="KnownItemQueries"/>: 1–3 words of a product's own text, <see cref="TypoShare"/> of them with a
/// typo; recall@k and MRR of that product), the same protocol <c>ecml evaluate search</c> runs on Online Retail.
/// </summary>
public sealed class SearchPipeline : ITaskPipeline
{
    /// <summary>Known-item queries scored per run: enough for a stable figure, quick on 100,000 products.</summary>
    public const int EvaluationQueries = 2000;

    public const double TypoShare = 0.3;

    public string Task => ModelTask.Search;

    public IReadOnlyList<string> Algorithms { get; } = AlgorithmCatalogue.ByTask[ModelTask.Search];

    public TrainingOutcome Train(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        RequireAlgorithm(request.Algorithm);
        if (request.Algorithm == AlgorithmCatalogue.Bm25Ltr)
        {
            return Bm25LtrTraining.Train(request, Documents(request), model => KnownItem(model, request, Documents(request)), DataEnd(request));
        }

        var settings = Bm25Settings.Parse(request.Algorithm, request.Hyperparameters, out var resolved);
        var documents = Documents(request);
        request.Progress?.Report(new TrainingProgress("indexing the catalogue", 0));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var model = new Bm25SearchModel(ProductIndexBuilder.Build(documents, settings));
        var indexSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        request.Progress?.Report(new TrainingProgress("known-item evaluation", 60));
        var metrics = new Dictionary<string, double>(KnownItem(model, request, documents), StringComparer.Ordinal)
        {
            ["products_indexed"] = documents.Count,
            ["index_seconds"] = indexSeconds,
        };
        foreach (var (name, value) in SessionHoldout.Metrics(model, request))
        {
            metrics[name] = value; // on a shop with search sessions, comparable with bm25-ltr's
        }

        request.Progress?.Report(new TrainingProgress("done", 100));
        return new TrainingOutcome(model, metrics, resolved, new Dictionary<string, double[]>(StringComparer.Ordinal), DataEnd(request))
        {
            EvaluatedModel = model,
        };
    }

    public IReadOnlyDictionary<string, double> Evaluate(ITrainedModel model, TrainingRequest request, DateTime? from = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (model is not ISearchModel search)
        {
            throw new ModelNotScorableException($"A {model.Task} model ({model.Algorithm}) cannot be scored as a search model.");
        }

        var metrics = new Dictionary<string, double>(KnownItem(search, request, Documents(request)), StringComparer.Ordinal);
        foreach (var (name, value) in SessionHoldout.Metrics(search, request, from))
        {
            metrics[name] = value;
        }

        return metrics;
    }

    public ITrainedModel Load(string algorithm, Stream stream)
    {
        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Unknown search algorithm '{algorithm}'. Accepted: {string.Join(", ", Algorithms)}.", nameof(algorithm));
        }

        return algorithm == AlgorithmCatalogue.Bm25Ltr ? Bm25LtrModelFile.Read(stream) : new Bm25SearchModel(ProductIndexFile.Read(stream));
    }

    private void RequireAlgorithm(string algorithm)
    {
        if (!Algorithms.Contains(algorithm, StringComparer.Ordinal))
        {
            throw new InvalidTrainingRequestException($"Unknown search algorithm '{algorithm}'. Accepted: {string.Join(", ", Algorithms)}.");
        }
    }

    private static List<SearchDocument> Documents(TrainingRequest request)
    {
        var documents = request.Data.Products.Select(SearchDocument.From).ToList();
        return documents.Count > 0
            ? documents
            : throw new InvalidTrainingRequestException($"The shop '{request.Data.Name}' has no products to index.");
    }

    private static IReadOnlyDictionary<string, double> KnownItem(ISearchModel model, TrainingRequest request, IReadOnlyList<SearchDocument> documents) =>
        KnownItemEvaluator.Evaluate(model.Search, KnownItemQueries.Draw(documents, EvaluationQueries, TypoShare, request.Seed), request.K);

    /// <summary>Where the data ends (its last order or event): the index describes the catalogue as of then.</summary>
    private static DateTime DataEnd(TrainingRequest request)
    {
        var lastOrder = request.Data.Orders.Count == 0 ? DateTime.MinValue : request.Data.Orders.Max(o => o.OrderedAt);
        var lastEvent = request.Data.Events.Count == 0 ? DateTime.MinValue : request.Data.Events.Max(e => e.OccurredAt);
        return lastOrder > lastEvent ? lastOrder : lastEvent;
    }
}
