using System.Globalization;
using System.Text.Json;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// Writes an evaluation report as a table or as JSON:
/// <c>{"dataset":…, "protocol":…, "results":[{"algorithm":…, "metric":value, …}]}</c>.
/// </summary>
internal static class EvaluationReportWriter
{
    public static void Write(TextWriter output, MetricsReport report, string format)
    {
        if (format == ReportCommand.Json)
        {
            WriteJson(output, report);
        }
        else
        {
            WriteTable(output, report);
        }
    }

    public static void WriteJson(TextWriter output, MetricsReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("dataset", report.Dataset);
            json.WriteString("protocol", report.Protocol);
            json.WriteStartArray("results");
            foreach (var result in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("algorithm", result.Algorithm);
                foreach (var (name, value) in result.Metrics)
                {
                    if (double.IsFinite(value))
                    {
                        json.WriteNumber(name, Math.Round(value, 6));
                    }
                    else
                    {
                        json.WriteNull(name);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static void WriteTable(TextWriter output, MetricsReport report)
    {
        output.WriteLine($"dataset:  {report.Dataset}");
        output.WriteLine($"protocol: {report.Protocol}");
        var names = report.Results.SelectMany(r => r.Metrics.Select(m => m.Key)).Distinct(StringComparer.Ordinal).ToList();
        var algorithmWidth = Math.Max(9, report.Results.Max(r => r.Algorithm.Length));
        var widths = names.Select(n => Math.Max(10, n.Length)).ToList();
        output.WriteLine(string.Join("  ", [$"{"algorithm".PadRight(algorithmWidth)}", .. names.Select((n, i) => n.PadLeft(widths[i]))]));
        foreach (var result in report.Results)
        {
            var values = result.Metrics.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            output.WriteLine(string.Join("  ", [result.Algorithm.PadRight(algorithmWidth), .. names.Select((n, i) => Format(values, n).PadLeft(widths[i]))]));
        }
    }

    private static string Format(Dictionary<string, double> values, string name) =>
        !values.TryGetValue(name, out var value) ? "-"
        : Math.Abs(value) >= 1000 || value == Math.Round(value) ? value.ToString("0", CultureInfo.InvariantCulture)
        : value.ToString("0.0000", CultureInfo.InvariantCulture);
}
