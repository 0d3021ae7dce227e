using System.Globalization;
using System.Text;
using System.Text.Json;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// The harness report for people (an aligned table, mean ± sd) and for scripts (JSON, the shape
/// issue 7 fixes: <c>{"dataset", "protocol", "k", "seeds", "results": [{"algorithm",
/// "hyperparameters", "precision", …, "sd": {…}}], "skipped": [{"algorithm", "reason"}]}</c>; metric keys as
/// <see cref="SplitMetrics.Names"/>). An algorithm that refused to train is listed as skipped with its
/// reason, under the table and in <c>skipped</c>, never as a row of metrics.
/// </summary>
internal static class RecommendationReportFormat
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    public static string Json(RecommendationBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, Indented))
        {
            json.WriteStartObject();
            json.WriteString("dataset", report.Dataset);
            json.WriteString("protocol", report.Protocol);
            json.WriteNumber("k", report.K);
            json.WriteStartArray("seeds");
            foreach (var seed in report.Seeds)
            {
                json.WriteNumberValue(seed);
            }

            json.WriteEndArray();
            json.WriteStartArray("results");
            foreach (var result in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("algorithm", result.Algorithm);
                json.WriteStartObject("hyperparameters");
                foreach (var (key, value) in result.Hyperparameters)
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                WriteMetrics(json, result.Mean);
                json.WriteStartObject("sd");
                WriteMetrics(json, result.StandardDeviation);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("skipped");
            foreach (var skip in report.Skipped)
            {
                json.WriteStartObject();
                json.WriteString("algorithm", skip.Algorithm);
                json.WriteString("reason", skip.Reason);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static string Table(RecommendationBenchmarkReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        string[] header = ["algorithm", "ndcg", "precision", "recall", "map", "map_at_k", "hit_rate", "coverage", "fit_s", "recommend_s", "users"];
        var rows = new List<string[]> { header };
        foreach (var r in report.Results)
        {
            rows.Add(
            [
                r.Algorithm,
                Cell(r, SplitMetrics.Ndcg), Cell(r, SplitMetrics.Precision), Cell(r, SplitMetrics.Recall), Cell(r, SplitMetrics.Map),
                Cell(r, SplitMetrics.MapAtK), Cell(r, SplitMetrics.HitRate), Cell(r, SplitMetrics.Coverage),
                Cell(r, SplitMetrics.FitSeconds, "F3"), Cell(r, SplitMetrics.RecommendSeconds, "F3"),
                r.Mean[SplitMetrics.UsersEvaluated].ToString("F0", CultureInfo.InvariantCulture),
            ]);
        }

        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Max(row => row[c].Length)).ToArray();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{report.Dataset}, protocol {report.Protocol}, k {report.K}, seeds {string.Join(",", report.Seeds)} (mean ± sd)").AppendLine();
        foreach (var row in rows)
        {
            text.AppendJoin("  ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).AppendLine();
        }

        foreach (var r in report.Results.Where(r => r.Hyperparameters.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Algorithm}: {string.Join(", ", r.Hyperparameters.Select(h => $"{h.Key}={h.Value}"))}").AppendLine();
        }

        foreach (var skip in report.Skipped)
        {
            text.Append(CultureInfo.InvariantCulture, $"skipped {skip.Algorithm}: {skip.Reason}").AppendLine();
        }

        return text.ToString().TrimEnd();
    }

    private static void WriteMetrics(Utf8JsonWriter json, IReadOnlyDictionary<string, double> metrics)
    {
        foreach (var name in SplitMetrics.Names)
        {
            json.WriteNumber(name, Math.Round(metrics[name], 6));
        }
    }

    private static string Cell(AlgorithmBenchmarkResult result, string metric, string format = "F4") =>
        string.Create(CultureInfo.InvariantCulture, $"{result.Mean[metric].ToString(format, CultureInfo.InvariantCulture)} ± {result.StandardDeviation[metric].ToString(format, CultureInfo.InvariantCulture)}");
}
