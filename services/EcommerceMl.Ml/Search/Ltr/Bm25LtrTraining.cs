using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// A <c>bm25-ltr</c> training run: index the catalogue, fit on the searches and orders before the held-out sessions
/// (<see cref="SessionHoldout"/>) and score there — next to the same index's plain BM25 ranking
/// (<c>session_ndcg_at_k_bm25</c>), so every run says what re-ranking gained — then refit on everything for serving.
/// Without searches there is nothing held out: the metrics are the known-item ones and the model is BM25 re-ranked by
/// popularity.
/// </summary>
internal static class Bm25LtrTraining
{
    public static TrainingOutcome Train(
        TrainingRequest request, IReadOnlyList<SearchDocument> documents, Func<ISearchModel, IReadOnlyDictionary<string, double>> knownItem, DateTime dataEnd)
    {
        var settings = Bm25LtrSettings.Parse(request.Algorithm, request.Hyperparameters, request.Seed, out var resolved);
        var progress = request.Progress;
        progress?.Report(new TrainingProgress("indexing the catalogue", 0));
        var index = ProductIndexBuilder.Build(documents, settings.Bm25);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["products_indexed"] = documents.Count,
            ["searches"] = request.Data.Searches.Count,
        };
        Bm25LtrSearchModel? evaluated = null;
        var cutoff = SessionHoldout.Cutoff(request);
        if (cutoff is { } c)
        {
            evaluated = Bm25LtrTrainer.Fit(request.Data, c, index, settings, Stage(progress, "re-ranker on the training searches", 10, 45));
            progress?.Report(new TrainingProgress("held-out sessions", 45));
            Add(metrics, SessionHoldout.Metrics(evaluated, request), "");
            Add(metrics, SessionHoldout.Metrics(new Bm25SearchModel(index), request), "_bm25");
            metrics["ranker_learnt"] = evaluated.Learnt ? 1 : 0;
        }

        var final = Bm25LtrTrainer.Fit(request.Data, DateTime.MaxValue, index, settings, Stage(progress, "re-ranker on all searches", 50, 90));
        progress?.Report(new TrainingProgress("known-item evaluation", 90));
        Add(metrics, knownItem(evaluated ?? final), "");
        metrics["personalised"] = final.Personalised ? 1 : 0;
        progress?.Report(new TrainingProgress("done", 100));
        return new TrainingOutcome(final, metrics, resolved, new Dictionary<string, double[]>(StringComparer.Ordinal), cutoff ?? dataEnd)
        {
            EvaluatedModel = evaluated ?? final,
        };
    }

    private static void Add(Dictionary<string, double> metrics, IReadOnlyDictionary<string, double> more, string suffix)
    {
        foreach (var (name, value) in more)
        {
            if (suffix.Length == 0 || name != SearchSessionEvaluator.SearchesMetric)
            {
                metrics[name + suffix] = value;
            }
        }
    }

    private static StageProgress? Stage(IProgress<TrainingProgress>? progress, string stage, double from, double to) =>
        progress is null ? null : new StageProgress(fraction => progress.Report(new TrainingProgress(stage, from + ((to - from) * fraction))));

    /// <summary>Reports at once, on the fitting thread (<see cref="Progress{T}"/> would post to a synchronisation context).</summary>
    private sealed class StageProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
