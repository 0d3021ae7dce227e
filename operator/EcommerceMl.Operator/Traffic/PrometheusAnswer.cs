using System.Globalization;
using System.Text.Json;
using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Traffic;

/// <summary>Prometheus did not give an instant vector: it answered <c>status: error</c>, or something that is not its API's JSON. The message says which.</summary>
public sealed class PrometheusQueryException(string message) : Exception(message);

/// <summary>
/// The answer of Prometheus's <c>/api/v1/query</c> (<c>{"status":"success","data":{"resultType":"vector","result":[{"metric":{…},"value":[t,"1.5"]}]}}</c>)
/// as samples: each element's labels and value. Values are strings in Go's float syntax, so <c>"NaN"</c>,
/// <c>"+Inf"</c> and <c>"-Inf"</c> are values too; a scalar is one sample without labels. <c>status: error</c>
/// (<c>errorType</c>, <c>error</c>), another result type, or JSON that is not this shape is a
/// <see cref="PrometheusQueryException"/> quoting Prometheus. Pure.
/// </summary>
public static class PrometheusAnswer
{
    /// <summary>The samples of an instant query's answer; <paramref name="name"/> becomes each sample's name (aggregations drop <c>__name__</c>).</summary>
    /// <exception cref="PrometheusQueryException">The answer is an error, or not an instant vector or scalar.</exception>
    public static IReadOnlyList<MetricSample> Parse(string json, string name = "")
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String)
            {
                throw new PrometheusQueryException($"not an answer of Prometheus's query API (no \"status\"): {Shorten(json)}");
            }

            if (status.GetString() != "success")
            {
                var type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : "unknown";
                var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : "no message";
                throw new PrometheusQueryException($"status {status.GetString()}, {type}: {error}");
            }

            if (!root.TryGetProperty("data", out var data) || !data.TryGetProperty("resultType", out var resultType) || !data.TryGetProperty("result", out var result))
            {
                throw new PrometheusQueryException($"a successful answer without data.resultType and data.result: {Shorten(json)}");
            }

            return resultType.GetString() switch
            {
                "vector" when result.ValueKind == JsonValueKind.Array => [.. result.EnumerateArray().Select(element => Sample(element, name))],
                "scalar" => [new MetricSample(name, new Dictionary<string, string>(), Value(result))],
                var other => throw new PrometheusQueryException($"expected an instant vector, got a {other}"),
            };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new PrometheusQueryException($"not an answer of Prometheus's query API ({e.Message}): {Shorten(json)}");
        }
    }

    /// <summary>A sample value in Go's float syntax.</summary>
    public static double ParseValue(string text) => text switch
    {
        "NaN" => double.NaN,
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static MetricSample Sample(JsonElement element, string name)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("metric", out var metric))
        {
            foreach (var label in metric.EnumerateObject())
            {
                labels[label.Name] = label.Value.GetString() ?? "";
            }
        }

        return new MetricSample(name, labels, Value(element.GetProperty("value")));
    }

    // [ <unix time>, "<value>" ]
    private static double Value(JsonElement pair)
    {
        if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() != 2 || pair[1].ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"a value is [time, \"number\"], not {pair.GetRawText()}");
        }

        return ParseValue(pair[1].GetString()!);
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
