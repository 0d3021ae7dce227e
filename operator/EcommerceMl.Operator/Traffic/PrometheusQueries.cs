using System.Globalization;
using System.Text;
using EcommerceMl.Contracts.Observability;

namespace EcommerceMl.Operator.Traffic;

/// <summary>Which series of Prometheus are one ModelDeployment's: its namespace and inference Pods, its model, the two versions compared.</summary>
/// <param name="Pods">The Pods' names, as Prometheus's Kubernetes discovery (a ServiceMonitor, or the <c>prometheus.io</c> annotations job) puts them in the <c>pod</c> label.</param>
public sealed record PrometheusScope(string Namespace, IReadOnlyList<string> Pods, string Model, IReadOnlyList<string> Versions);

/// <summary>
/// The PromQL the canary analysis asks Prometheus at the end of each interval, built from the serving-metrics
/// contract (<see cref="ServingMetrics"/>): each series' <c>increase</c> over exactly the analysis interval
/// (<c>[…ms]</c>, evaluated at its end), summed per <c>version</c> and the label each check needs (the status
/// <c>code</c>, the bucket's <c>le</c>, the conversion's <c>kind</c>), so the numbers are those the scraping source
/// sums per version. Counter resets inside the interval are <c>increase</c>'s to handle. Two more queries count each
/// Pod's scrapes in the interval (<c>up</c>): how many, and how many failed. Pure.
/// </summary>
public static class PrometheusQueries
{
    /// <summary>Label Prometheus's Kubernetes discovery gives every target: the Pod's namespace.</summary>
    public const string NamespaceLabel = "namespace";

    /// <summary>Label Prometheus's Kubernetes discovery gives every target: the Pod's name.</summary>
    public const string PodLabel = "pod";

    /// <summary>The series Prometheus writes for every scrape: 1 when it succeeded, 0 when it failed.</summary>
    public const string Up = "up";

    public const string LeLabel = "le";

    /// <summary>Requests per version and status code.</summary>
    public static string Requests(PrometheusScope scope, TimeSpan range) =>
        SumIncrease(ServingMetrics.RequestsTotal, [ServingMetrics.VersionLabel, ServingMetrics.CodeLabel], scope, range);

    /// <summary>Request-duration buckets per version and bound (what <c>histogram_quantile</c> reads; the analysis takes p99 from them the same way).</summary>
    public static string DurationBuckets(PrometheusScope scope, TimeSpan range) =>
        SumIncrease(ServingMetrics.RequestDurationSeconds + "_bucket", [ServingMetrics.VersionLabel, LeLabel], scope, range);

    /// <summary>Recommendation answers per version.</summary>
    public static string Answers(PrometheusScope scope, TimeSpan range) =>
        SumIncrease(ServingMetrics.RecommendationsAnsweredTotal, [ServingMetrics.VersionLabel], scope, range);

    /// <summary>Conversions per version the recommendation id names, and kind.</summary>
    public static string Conversions(PrometheusScope scope, TimeSpan range) =>
        SumIncrease(ServingMetrics.RecommendationConversionsTotal, [ServingMetrics.VersionLabel, ServingMetrics.KindLabel], scope, range);

    /// <summary>Scrapes of each Pod in the interval (one <c>up</c> sample per scrape).</summary>
    public static string Scrapes(PrometheusScope scope, TimeSpan range) => $"count_over_time({Up}{{{PodMatchers(scope)}}}[{Range(range)}])";

    /// <summary>Successful scrapes of each Pod in the interval (<c>up</c> is 1 for each).</summary>
    public static string SuccessfulScrapes(PrometheusScope scope, TimeSpan range) => $"sum_over_time({Up}{{{PodMatchers(scope)}}}[{Range(range)}])";

    /// <summary>The p99 by version as Prometheus computes it; the analysis computes the same from <see cref="DurationBuckets"/> (tests compare them).</summary>
    public static string P99(PrometheusScope scope, TimeSpan range) => $"histogram_quantile(0.99, {DurationBuckets(scope, range)})";

    /// <summary>The series' label matchers: the Pods', then the model and the versions compared.</summary>
    public static string SeriesMatchers(PrometheusScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return $"{PodMatchers(scope)},{ServingMetrics.ModelLabel}={Quoted(scope.Model)},{ServingMetrics.VersionLabel}=~{Quoted(AnyOf(scope.Versions))}";
    }

    /// <summary>A PromQL duration of whole milliseconds (PromQL has no fractions): 12.3456 s is <c>12346ms</c>.</summary>
    public static string Range(TimeSpan range)
    {
        var ms = (long)Math.Round(range.TotalMilliseconds, MidpointRounding.AwayFromZero);
        if (ms < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "A PromQL range is at least 1 ms.");
        }

        return ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>A PromQL string literal: double quotes, with <c>\</c>, <c>"</c> and line breaks escaped.</summary>
    public static string Quoted(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                '\r' => text.Append(@"\r"),
                '\t' => text.Append(@"\t"),
                _ => text.Append(c),
            };
        }

        return text.Append('"').ToString();
    }

    /// <summary>An RE2 alternation matching exactly these values (Prometheus anchors label regexes), metacharacters escaped.</summary>
    public static string AnyOf(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var escaped = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(EscapeRegex).ToList();
        if (escaped.Count == 0)
        {
            throw new ArgumentException("An alternation needs at least one value.", nameof(values));
        }

        return string.Join('|', escaped);
    }

    private static string SumIncrease(string series, IReadOnlyList<string> by, PrometheusScope scope, TimeSpan range) =>
        $"sum by ({string.Join(", ", by)}) (increase({series}{{{SeriesMatchers(scope)}}}[{Range(range)}]))";

    private static string PodMatchers(PrometheusScope scope) =>
        $"{NamespaceLabel}={Quoted(scope.Namespace)},{PodLabel}=~{Quoted(AnyOf(scope.Pods))}";

    private static string EscapeRegex(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (@"\.+*?()|[]{}^$".Contains(c, StringComparison.Ordinal))
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
