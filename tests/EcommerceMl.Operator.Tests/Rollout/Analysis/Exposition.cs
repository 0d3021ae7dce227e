using System.Globalization;
using System.Text;
using EcommerceMl.Contracts.Observability;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

/// <summary>Exposition text as an inference Pod answers /metrics, for one model: request counters and duration buckets per version, answers and conversions.</summary>
internal sealed class Exposition
{
    public const string Model = "shop-recs";

    // The inference server's buckets: 1 ms doubling to 32.768 s.
    public static readonly double[] Bounds = [.. Enumerable.Range(0, 16).Select(i => 0.001 * Math.Pow(2, i))];

    private readonly StringBuilder _text = new();

    public Exposition Requests(string version, int ok, int errors = 0, double seconds = 0.004) =>
        Requests(version, errors, (ok + errors, seconds));

    /// <summary>Requests of <paramref name="version"/> in groups of (how many, how long each took); <paramref name="errors"/> of them answered 500.</summary>
    public Exposition Requests(string version, int errors, params (int Count, double Seconds)[] groups)
    {
        var total = groups.Sum(g => g.Count);
        Line(ServingMetrics.RequestsTotal, version, total - errors, ("code", "200"));
        Line(ServingMetrics.RequestsTotal, version, errors, ("code", "500"));
        foreach (var bound in Bounds)
        {
            Line(ServingMetrics.RequestDurationSeconds + "_bucket", version, groups.Where(g => g.Seconds <= bound).Sum(g => g.Count), ("le", bound.ToString("R", CultureInfo.InvariantCulture)));
        }

        Line(ServingMetrics.RequestDurationSeconds + "_bucket", version, total, ("le", "+Inf"));
        return this;
    }

    public Exposition Conversions(string version, int answers, int cartAdds)
    {
        Line(ServingMetrics.RecommendationsAnsweredTotal, version, answers);
        Line(ServingMetrics.RecommendationConversionsTotal, version, cartAdds, ("kind", "add_to_cart"));
        return this;
    }

    public override string ToString() => _text.ToString();

    private void Line(string name, string version, double value, params (string Key, string Value)[] labels)
    {
        var all = labels.Append(("model", Model)).Append(("version", version)).Select(l => $"{l.Item1}=\"{l.Item2}\"");
        _text.Append(CultureInfo.InvariantCulture, $"{name}{{{string.Join(",", all)}}} {value.ToString(CultureInfo.InvariantCulture)}\n");
    }
}
