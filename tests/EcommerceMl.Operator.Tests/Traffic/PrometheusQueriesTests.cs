using EcommerceMl.Operator.Traffic;

namespace EcommerceMl.Operator.Tests.Traffic;

public sealed class PrometheusQueriesTests
{
    private static readonly PrometheusScope Scope = new("shop", ["recs-predictor-7d9f-abcde", "recs-predictor-canary-5c8b-fghij"], "recs", ["20261123T020000Z-bbbbbb", "20261123T010000Z-aaaaaa"]);

    private const string Matchers = """namespace="shop",pod=~"recs-predictor-7d9f-abcde|recs-predictor-canary-5c8b-fghij",model="recs",version=~"20261123T010000Z-aaaaaa|20261123T020000Z-bbbbbb" """;

    [Fact]
    public void Requests_AreTheIncreaseOverTheIntervalByVersionAndCode_OfThisDeploymentsPodsModelAndVersions()
    {
        Assert.Equal(
            $"sum by (version, code) (increase(http_requests_received_total{{{Matchers.Trim()}}}[30000ms]))",
            PrometheusQueries.Requests(Scope, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void TheOtherSeries_AreNamedByTheContract_AndSummedByWhatEachCheckReads()
    {
        var range = TimeSpan.FromSeconds(2);

        Assert.StartsWith("sum by (version, le) (increase(http_request_duration_seconds_bucket{", PrometheusQueries.DurationBuckets(Scope, range), StringComparison.Ordinal);
        Assert.StartsWith("sum by (version) (increase(ecml_recommendations_answered_total{", PrometheusQueries.Answers(Scope, range), StringComparison.Ordinal);
        Assert.StartsWith("sum by (version, kind) (increase(ecml_recommendation_conversions_total{", PrometheusQueries.Conversions(Scope, range), StringComparison.Ordinal);
        Assert.Equal("""count_over_time(up{namespace="shop",pod=~"recs-predictor-7d9f-abcde|recs-predictor-canary-5c8b-fghij"}[2000ms])""", PrometheusQueries.Scrapes(Scope, range));
        Assert.Equal("""sum_over_time(up{namespace="shop",pod=~"recs-predictor-7d9f-abcde|recs-predictor-canary-5c8b-fghij"}[2000ms])""", PrometheusQueries.SuccessfulScrapes(Scope, range));
        Assert.StartsWith("histogram_quantile(0.99, sum by (version, le) (increase(", PrometheusQueries.P99(Scope, range), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30_000, "30000ms")]
    [InlineData(2_345.6, "2346ms")]
    [InlineData(1, "1ms")]
    public void Range_IsWholeMillisecondsOfTheAnalysisInterval(double ms, string expected)
    {
        Assert.Equal(expected, PrometheusQueries.Range(TimeSpan.FromMilliseconds(ms)));
    }

    [Fact]
    public void Range_ShorterThanAMillisecond_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PrometheusQueries.Range(TimeSpan.FromTicks(10)));
    }

    [Fact]
    public void LabelValues_AreQuotedAndRegexEscaped_SoADotMatchesOnlyADot()
    {
        Assert.Equal("\"a\\\\b\\\"c\\n\"", PrometheusQueries.Quoted("a\\b\"c\n"));
        Assert.Equal(@"pod\+two|pod\.one", PrometheusQueries.AnyOf(["pod.one", "pod+two", "pod.one"]));
        // In the query the regex's backslash is itself escaped inside the PromQL string.
        var scope = Scope with { Pods = ["web.shop-0"] };
        Assert.Contains("""pod=~"web\\.shop-0" """.Trim(), PrometheusQueries.Scrapes(scope, TimeSpan.FromSeconds(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void AnyOf_Nothing_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PrometheusQueries.AnyOf([]));
    }
}
