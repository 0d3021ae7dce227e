using System.Globalization;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Churn: inputs and outputs by <see cref="ChurnReferenceFeatures"/> for every customer with an
/// order before the window's end, described as of then. Realized AUC once the label horizon has
/// passed: the customers the version scored (as of its data end) against whether they ordered in
/// the <c>churn_days</c> after it; before that, a note saying when it will be known.
/// </summary>
public sealed class ChurnMonitor : ITaskMonitor
{
    /// <summary>Fewer labelled customers (or fewer than a handful of either kind) make an AUC meaningless.</summary>
    public const int MinCustomers = 30;

    public string Task => ModelTask.Churn;

    public string DefaultMetric(ModelManifest manifest) => "auc";

    public MonitoredSample Observe(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var customers = ChurnFeatureBuilder.AsOf(GuestCheckouts.Remove(context.Live), context.To);
        return ChurnReferenceFeatures.Observe([.. customers.Values], (IChurnModel)model);
    }

    public PerformanceMeasurement Measure(ITrainedModel model, MonitoringContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (model is not ChurnModel churn)
        {
            return PerformanceMeasurement.None("realized accuracy: this churn model does not record when its features were taken");
        }

        var churnDays = context.Manifest.Hyperparameters.TryGetValue(ChurnSettings.ChurnDaysKey, out var text)
            && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days) ? days : 60;
        var labelEnd = churn.FeaturesAsOf.AddDays(churnDays);
        if (context.To < labelEnd)
        {
            return PerformanceMeasurement.None(
                $"realized accuracy: the {churnDays}-day churn label of the customers scored on {churn.FeaturesAsOf:yyyy-MM-dd} is known on {labelEnd:yyyy-MM-dd}");
        }

        var bought = context.Live.Orders
            .Where(o => o.OrderedAt >= churn.FeaturesAsOf && o.OrderedAt < labelEnd)
            .Select(o => o.CustomerId)
            .ToHashSet(StringComparer.Ordinal);
        var labels = new List<bool>();
        var scores = new List<double>();
        foreach (var customer in churn.SampleCustomers(churn.CustomerCount))
        {
            labels.Add(!bought.Contains(customer));
            scores.Add(churn.Predict(churn.FeaturesOf(customer)!).Probability);
        }

        var churned = labels.Count(l => l);
        if (labels.Count < MinCustomers || churned < 5 || labels.Count - churned < 5)
        {
            return PerformanceMeasurement.None(
                $"realized accuracy: {labels.Count} labelled customer(s), {churned} churned; at least {MinCustomers} with 5 of each kind are needed");
        }

        var metrics = new Dictionary<string, double>(ClassificationMetrics.Compute(labels, scores), StringComparer.Ordinal);
        return new PerformanceMeasurement(metrics, labels.Count, null);
    }
}
