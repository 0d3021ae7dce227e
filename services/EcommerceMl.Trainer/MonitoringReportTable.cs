using System.Globalization;
using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Trainer;

/// <summary>Writes a monitoring report for a person to read: one row per feature (method, score, threshold, drifted), then accuracy, new data and notes.</summary>
public static class MonitoringReportTable
{
    public static async Task WriteAsync(TextWriter console, MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(report);
        var lines = new List<string>
        {
            Invariant($"window {report.Window.From:yyyy-MM-dd HH:mm}..{report.Window.To:yyyy-MM-dd HH:mm} UTC from {string.Join(" + ", report.Window.Sources)}"),
            Invariant($"  {"feature",-36} {"method",-15} {"score",10} {"threshold",10} {"rows (ref/live)",19}  drifted"),
        };
        var rows = (report.Drift?.Features ?? []).Select(f => (Feature: f, Output: false)).ToList();
        if (report.PredictionDrift is { } prediction)
        {
            rows.Add((prediction, true));
        }

        foreach (var (f, output) in rows)
        {
            var verdict = !f.Sufficient ? "too few rows" : f.Drifted ? "DRIFTED" : "no";
            var name = output ? $"{f.Name} (output)" : f.Name;
            lines.Add(Invariant($"  {name,-36} {f.Method,-15} {Format(f.Score),10} {(DriftMethods.IsTest(f.Method) ? "p < " : ">= ") + Format(f.Threshold),10} {$"{f.ReferenceCount:N0}/{f.CurrentCount:N0}",19}  {verdict}"));
        }

        lines.Add(report.Drift is { } drift
            ? Invariant($"drift: {(drift.Detected ? "DETECTED in " + string.Join(", ", drift.DriftedFeatures()) : "none")} (share of judged features drifted {drift.Score:0.##})")
            : "drift: not checked");
        lines.Add(report.Performance is { } p
            ? Invariant($"realized {p.Metric} = {Format(p.Value)} on {p.Count:N0} against {(p.AtTraining is { } t ? Format(t) : "none")} at training: {(p.Degraded ? $"DEGRADED (worse by more than {p.MaxRelativeDrop:P0})" : "within the allowed drop")}")
            : "realized accuracy: not yet measurable (see notes)");
        lines.Add(Invariant($"new since the training data ({report.NewData.Since:yyyy-MM-dd HH:mm}): {report.NewData.Orders:N0} orders, {report.NewData.Events:N0} events"));
        lines.AddRange(report.Notes.Select(n => "note: " + n));
        foreach (var line in lines)
        {
            await console.WriteLineAsync(line).ConfigureAwait(false);
        }
    }

    private static string Format(double value) => double.IsNaN(value) ? "-" : value.ToString(Math.Abs(value) is > 0 and < 0.0001 ? "0.##E+0" : "0.####", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
