using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Recommendations: inputs and outputs by <see cref="RecommendationReferenceFeatures"/>; realized
/// precision, recall and nDCG@k of what the version would have recommended, against what customers
/// it knew bought (products new to them) after its data ended, within the window — the same protocol
/// as its held-out evaluation (<see cref="RecommendationEvaluator"/>).
/// </summary>
public sealed class RecommendationMonitor : ITaskMonitor
{
    /// <summary>Fewer evaluated customers than this make a realized metric too noisy to compare.</summary>
    public const int MinCustomers = 30;

    public string Task => ModelTask.Recommendation;

    public string DefaultMetric(ModelManifest manifest) => "ndcg_at_" + K(manifest).ToString(CultureInfo.InvariantCulture);

    public MonitoredSample Observe(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RecommendationReferenceFeatures.Observe(context.Window, (CatalogRecommender)model);
    }

    public PerformanceMeasurement Measure(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var start = context.From > context.DataEnd ? context.From : context.DataEnd;
        var split = TemporalSplit.At(context.Live, start);
        var evaluated = RecommendationEvaluator.HeldOutItems(split).Count;
        if (evaluated < MinCustomers)
        {
            return PerformanceMeasurement.None(
                $"realized accuracy: {evaluated} known customer(s) bought something new to them since {start:yyyy-MM-dd HH:mm}; at least {MinCustomers} are needed");
        }

        var metrics = RecommendationEvaluator.Evaluate((IRecommender)model, split, K(context.Manifest));
        return new PerformanceMeasurement(metrics, evaluated, null);
    }

    private static int K(ModelManifest manifest) => manifest.Evaluation?.K ?? 10;
}
