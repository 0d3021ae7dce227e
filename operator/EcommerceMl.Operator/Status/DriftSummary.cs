using System.Globalization;
using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// The Drift column of <c>kubectl get models</c> (<c>status.drift.summary</c>): <c>Detected (2/8)</c> or <c>None (0/8)</c>,
/// drifted of the features judged. It says what is true when little was judged: <c>Not judged (too few rows)</c> when no
/// feature and not the predictions had rows enough (not <c>None (0/0)</c>, which reads as "checked, and fine"), and
/// <c>… (predictions only)</c> when only the predictions were.
/// </summary>
public static class DriftSummary
{
    public static string Of(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var judged = report.Drift?.Features.Count(f => f.Sufficient) ?? 0;
        var drifted = report.Drift?.DriftedFeatures().Count() ?? 0;
        var prediction = report.PredictionDrift;
        var detected = report.Drift?.Detected == true || prediction?.Drifted == true;
        var state = detected ? "Detected" : "None";
        if (judged > 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{state} ({drifted}/{judged}{(prediction?.Drifted == true ? ", predictions" : "")})");
        }

        return prediction?.Sufficient == true || detected ? $"{state} (predictions only)" : "Not judged (too few rows)";
    }
}
