using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// The held-out search sessions of a training run: the searches of the last <see cref="TrainingRequest.HoldoutDays"/>
/// days of the data's searches — what a model that knows the shop up to <see cref="Cutoff"/> is scored on, with
/// <see cref="SearchSessionEvaluator"/>. Every search model of a shop with searches reports these metrics, so
/// <c>bm25</c> and <c>bm25-ltr</c> versions compare on the same figure.
/// </summary>
internal static class SessionHoldout
{
    /// <summary>Where the held-out searches start; null when the data has no searches, or none before that day to learn from.</summary>
    public static DateTime? Cutoff(TrainingRequest request)
    {
        if (request.Data.Searches.Count == 0)
        {
            return null;
        }

        var cutoff = request.Data.Searches.Max(s => s.SearchedAt).Date.AddDays(1 - request.HoldoutDays);
        return request.Data.Searches.Any(s => s.SearchedAt < cutoff) ? cutoff : null;
    }

    /// <summary>The model's nDCG@k on the held-out searches (from <paramref name="from"/> on when later than the cutoff); empty without any.</summary>
    public static IReadOnlyDictionary<string, double> Metrics(ISearchModel model, TrainingRequest request, DateTime? from = null)
    {
        if (Cutoff(request) is not { } cutoff)
        {
            return new Dictionary<string, double>(StringComparer.Ordinal);
        }

        var start = from is { } f && f > cutoff ? f : cutoff;
        return SearchSessionEvaluator.Evaluate(model.Search, [.. request.Data.Searches.Where(s => s.SearchedAt >= start)], request.K);
    }
}
