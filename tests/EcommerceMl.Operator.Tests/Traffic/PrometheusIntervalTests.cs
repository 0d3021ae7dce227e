using EcommerceMl.Contracts.Observability;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;
using EcommerceMl.Operator.Traffic;

namespace EcommerceMl.Operator.Tests.Traffic;

public sealed class PrometheusIntervalTests
{
    private const string Canary = "v2";
    private const string Stable = "v1";
    private const string Prometheus = "http://prometheus:9090";
    private static readonly DateTime Start = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime End = Start.AddSeconds(30);
    private static readonly PrometheusScope Scope = new("shop", ["stable-0", "canary-0"], "recs", [Canary, Stable]);

    private static MetricSample Sample(string name, double value, params (string Key, string Value)[] labels) =>
        new(name, labels.ToDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal), value);

    private static QueryOutcome Ok(params MetricSample[] samples) => QueryOutcome.Of(samples);

    private static QueryOutcome Scraped(double stable, double canary) =>
        Ok(Sample("up", stable, ("pod", "stable-0")), Sample("up", canary, ("pod", "canary-0")));

    private static PrometheusReadings Healthy(QueryOutcome? requests = null, QueryOutcome? scrapes = null, QueryOutcome? successful = null) => new(
        requests ?? Ok(
            Sample(ServingMetrics.RequestsTotal, 95, ("version", Canary), ("code", "200")),
            Sample(ServingMetrics.RequestsTotal, 5, ("version", Canary), ("code", "503")),
            Sample(ServingMetrics.RequestsTotal, 300, ("version", Stable), ("code", "200"))),
        Ok(
            Sample(ServingScrape.RequestDurationBucket, 90, ("version", Canary), ("le", "0.01")),
            Sample(ServingScrape.RequestDurationBucket, 100, ("version", Canary), ("le", "0.1")),
            Sample(ServingScrape.RequestDurationBucket, 100, ("version", Canary), ("le", "+Inf"))),
        Ok(Sample(ServingMetrics.RecommendationsAnsweredTotal, 80, ("version", Canary)), Sample(ServingMetrics.RecommendationsAnsweredTotal, 240, ("version", Stable))),
        Ok(Sample(ServingMetrics.RecommendationConversionsTotal, 8, ("version", Canary), ("kind", "purchase"))),
        scrapes ?? Scraped(30, 30),
        successful ?? Scraped(30, 30));

    private static IntervalTraffic Assemble(PrometheusReadings readings, IReadOnlyCollection<string>? throughout = null) =>
        PrometheusInterval.Assemble(Start, End, readings, Scope, Canary, Stable, throughout ?? ["stable-0", "canary-0"], Prometheus);

    [Fact]
    public void Assemble_GivesEachVersionItsRequestsErrorsBucketsAnswersAndConversions()
    {
        var traffic = Assemble(Healthy());

        Assert.Empty(traffic.Problems);
        Assert.Equal((Start, End), (traffic.Start, traffic.End));
        Assert.Equal((100.0, 5.0, 0.95, 80.0, 8.0), (traffic.Canary.Requests, traffic.Canary.Errors, traffic.Canary.SuccessRate, traffic.Canary.Answers, traffic.Canary.ConversionsOf("purchase")));
        Assert.Equal(0.091, traffic.Canary.P99!.Value, 6);
        Assert.Equal((300.0, 0.0, 240.0), (traffic.Stable.Requests, traffic.Stable.Errors, traffic.Stable.Answers));
    }

    [Fact]
    public void Assemble_WhenPrometheusDidNotAnswer_SaysSoOnce_AndCountsNothing()
    {
        var down = QueryOutcome.Failed("Connection refused (prometheus:9090)");
        var traffic = Assemble(new PrometheusReadings(down, down, down, down, down, down));

        var problem = Assert.Single(traffic.Problems);
        Assert.Equal("Prometheus at http://prometheus:9090 did not answer the requests, duration buckets, recommendation answers, conversions, scrapes, successful scrapes queries: Connection refused (prometheus:9090)", problem);
        Assert.Equal((0.0, 0.0), (traffic.Canary.Requests, traffic.Stable.Requests));
    }

    [Fact]
    public void Assemble_WhenOneQueryFailed_KeepsTheOthersNumbers_AndNamesTheQuery()
    {
        var readings = Healthy() with { DurationBuckets = QueryOutcome.Failed("status error, timeout: query timed out in expression evaluation") };

        var traffic = Assemble(readings);

        Assert.Equal("Prometheus at http://prometheus:9090 did not answer the duration buckets query: status error, timeout: query timed out in expression evaluation", Assert.Single(traffic.Problems));
        Assert.Equal((100.0, 5.0), (traffic.Canary.Requests, traffic.Canary.Errors));
        Assert.Null(traffic.Canary.P99);
    }

    [Fact]
    public void Assemble_WithoutAnyScrapeOfThePods_SaysPrometheusIsNotScrapingThem()
    {
        var traffic = Assemble(Healthy(requests: Ok(), scrapes: Ok(), successful: Ok()));

        Assert.Contains("Prometheus has no scrape of the inference Pods (stable-0, canary-0) in namespace shop", Assert.Single(traffic.Problems), StringComparison.Ordinal);
        Assert.Equal(0, traffic.Canary.Requests);
    }

    [Fact]
    public void Assemble_WhenNoPodWasScrapedTwice_SaysTheIntervalIsShorterThanTwoScrapeIntervals()
    {
        var traffic = Assemble(Healthy(scrapes: Scraped(1, 1), successful: Scraped(1, 1)));

        Assert.Contains("at most once in the 30 s interval: increase() needs two samples, so an interval shorter than two scrape intervals cannot be judged", Assert.Single(traffic.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_APodThatRanThroughTheIntervalWithFailedScrapes_IsPartial()
    {
        var traffic = Assemble(Healthy(scrapes: Scraped(30, 30), successful: Scraped(30, 1)));

        Assert.Equal("Prometheus has 1 successful scrapes of Pod canary-0 in the interval (29 failed); increase() needs two, so its requests are missing", Assert.Single(traffic.Problems));
    }

    [Fact]
    public void Assemble_APodStartedDuringTheInterval_IsNotExpectedToHaveBeenScrapedTwice()
    {
        var scrapes = Ok(Sample("up", 30, ("pod", "stable-0")));

        Assert.Empty(Assemble(Healthy(scrapes: scrapes, successful: scrapes), throughout: ["stable-0"]).Problems);
        Assert.Contains("0 successful scrapes of Pod canary-0", Assert.Single(Assemble(Healthy(scrapes: scrapes, successful: scrapes)).Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_APodScrapedByTwoJobs_CountsEitherJobsScrapes()
    {
        var twice = Ok(Sample("up", 30, ("pod", "stable-0"), ("job", "a")), Sample("up", 0, ("pod", "stable-0"), ("job", "b")), Sample("up", 30, ("pod", "canary-0")));

        Assert.Empty(Assemble(Healthy(scrapes: twice, successful: twice)).Problems);
    }

    [Fact]
    public void Assemble_AValueThatIsNotANumber_IsLeftOut_AndSaidSo()
    {
        var readings = Healthy(requests: Ok(
            Sample(ServingMetrics.RequestsTotal, 100, ("version", Canary), ("code", "200")),
            Sample(ServingMetrics.RequestsTotal, double.NaN, ("version", Canary), ("code", "500"))));

        var traffic = Assemble(readings);

        Assert.Equal((100.0, 0.0), (traffic.Canary.Requests, traffic.Canary.Errors));
        Assert.Contains("Prometheus answered NaN for http_requests_received_total{code=\"500\",version=\"v2\"}: left out", Assert.Single(traffic.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Assemble_AnIntervalWithAProblem_IsNeverJudgedASuccess_ButA5xxCanaryStillFails()
    {
        var settings = new AnalysisSettings(TimeSpan.FromSeconds(30), [50], TimeSpan.FromSeconds(30), 2, 3, false, 20, 0.99, null, null, null);
        var partial = Healthy(successful: Scraped(30, 1));
        var healthyButPartial = partial with { Requests = Ok(Sample(ServingMetrics.RequestsTotal, 100, ("version", Canary), ("code", "200"))) };

        Assert.Equal(CheckResults.Inconclusive, IntervalChecks.Judge(settings, Assemble(healthyButPartial), null, true, End).Result);
        Assert.Equal(CheckResults.Failed, IntervalChecks.Judge(settings, Assemble(partial), null, true, End).Result);
        Assert.Equal(CheckResults.Successful, IntervalChecks.Judge(settings, Assemble(Healthy(requests: healthyButPartial.Requests)), null, true, End).Result);
    }
}
