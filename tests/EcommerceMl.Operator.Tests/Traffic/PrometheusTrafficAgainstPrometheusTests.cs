using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Traffic;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Traffic;

/// <summary>
/// The PromQL source against the real Prometheus scraping real inference servers (<see cref="PrometheusServingFixture"/>),
/// side by side with the scraping source over the same interval: the same verdict, the same success rate, requests
/// that differ only by <c>increase()</c>'s extrapolation to the interval's edges, and a p99 that is Prometheus's own
/// <c>histogram_quantile</c>. Each interval is quiet at its edges (traffic only in its middle), so both sources count
/// the same requests.
/// </summary>
[Collection(PrometheusServingCollection.Name)]
public sealed class PrometheusTrafficAgainstPrometheusTests(PrometheusServingFixture serving)
{
    private const string Key = "shop/recs";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(6);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly AnalysisSettings Settings = new(
        Interval, [50], Interval, FailureLimit: 2, InconclusiveLimit: 3, RollBackWhenInconclusive: false, MinRequests: 10, MinSuccessRate: 0.95,
        MaxP99Seconds: 1.0, MaxP99RatioToStable: 20, Conversion: null);

    /// <summary>The Pod a kubelet would report for the server: running at 127.0.0.1 on the server's port, started a minute ago.</summary>
    private static V1Pod Pod(PrometheusServingFixture.Server server) => new()
    {
        Metadata = new V1ObjectMeta { Name = server.Pod, NamespaceProperty = PrometheusServingFixture.Ns, Uid = server.Pod },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = ModelDeploymentBuilder.ContainerName, Ports = [new V1ContainerPort { Name = ModelDeploymentBuilder.PortName, ContainerPort = server.Port }] }],
        },
        Status = new V1PodStatus { Phase = "Running", PodIP = "127.0.0.1", StartTime = DateTime.UtcNow.AddMinutes(-1) },
    };

    private TrafficRequest Request(PrometheusServingFixture.Server canary, DateTime now, TimeSpan? interval = null) => new(
        Key,
        TestResources.ModelDeployment(PrometheusServingFixture.Model, s => s.Model = PrometheusServingFixture.Model),
        canary.Version,
        serving.Stable.Version,
        interval ?? Interval,
        [Pod(serving.Stable), Pod(canary)],
        now);

    private PrometheusTraffic PromQl() => new(new PrometheusApi(serving.Http, new PrometheusSettings(serving.Prometheus)));

    /// <summary>Both sources over one interval: opened together, shoppers in its middle only, measured together at its end.</summary>
    private async Task<(IntervalTraffic Scraped, IntervalTraffic PromQl, Dictionary<int, (int Requests, int Errors)> Sent)> MeasureBothAsync(PrometheusServingFixture.Server canary)
    {
        var scraped = new ScrapedTraffic(PodTargets.Of, serving.Http);
        var promql = PromQl();
        var start = DateTime.UtcNow;
        Assert.Null(await scraped.MeasureAsync(Request(canary, start), Ct));
        Assert.Null(await promql.MeasureAsync(Request(canary, start), Ct));

        // Quiet for 1.5 scrape intervals, so the interval's first scrape precedes the traffic; quiet again before its end, so its last follows it.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        var sent = await serving.ShopAsync([serving.Stable, canary], TimeSpan.FromSeconds(2.5), Ct);
        await Task.Delay(start + Interval - DateTime.UtcNow + TimeSpan.FromMilliseconds(100), Ct);

        var end = DateTime.UtcNow;
        var byScraping = await scraped.MeasureAsync(Request(canary, end), Ct);
        var byPromQl = await promql.MeasureAsync(Request(canary, end), Ct);
        Assert.NotNull(byScraping);
        Assert.NotNull(byPromQl);
        return (byScraping, byPromQl, sent);
    }

    private static void AssertSameNumbers(VersionTraffic scraped, VersionTraffic promql, string which)
    {
        // increase() extrapolates each series' first and last scrapes in the interval towards its edges (up to one scrape
        // interval more of the 6 s), but not below zero, so series that started low extrapolate less: counts are up to a
        // fifth higher, and shares (success rate, the buckets' shape) move by a few points.
        Assert.InRange(promql.Requests, scraped.Requests * 0.97, scraped.Requests * 1.3);
        Assert.Equal(scraped.SuccessRate!.Value, promql.SuccessRate!.Value, 0.05);
        Assert.True(Math.Abs(promql.P99!.Value - scraped.P99!.Value) <= 0.25 * scraped.P99.Value + 0.001, $"{which}: p99 {promql.P99} by PromQL, {scraped.P99} by scraping");
    }

    /// <summary>Prometheus's own p99 per version over the same interval at the same time.</summary>
    private async Task<Dictionary<string, double>> PrometheusP99Async(IntervalTraffic traffic, PrometheusServingFixture.Server canary)
    {
        var scope = new PrometheusScope(PrometheusServingFixture.Ns, [serving.Stable.Pod, canary.Pod], PrometheusServingFixture.Model, [canary.Version, serving.Stable.Version]);
        var answer = await new PrometheusApi(serving.Http, new PrometheusSettings(serving.Prometheus)).QueryAsync(PrometheusQueries.P99(scope, traffic.Length), traffic.End, "p99", Ct);
        Assert.True(answer.Problem is null, answer.Problem);
        return answer.Samples!.ToDictionary(s => s.Label("version"), s => s.Value, StringComparer.Ordinal);
    }

    [Fact]
    public async Task AHealthyCanary_ByPromQl_IsJudgedAsByScraping_AndItsIntervalSucceeds()
    {
        var (scraped, promql, sent) = await MeasureBothAsync(serving.GoodCanary);

        Assert.Empty(promql.Problems);
        AssertSameNumbers(scraped.Canary, promql.Canary, "canary");
        AssertSameNumbers(scraped.Stable, promql.Stable, "stable");
        Assert.Equal(sent[serving.GoodCanary.Port].Requests, scraped.Canary.Requests);
        var p99 = await PrometheusP99Async(promql, serving.GoodCanary);
        Assert.Equal(p99[serving.GoodCanary.Version], promql.Canary.P99!.Value, 9);
        Assert.Equal(p99[serving.Stable.Version], promql.Stable.P99!.Value, 9);

        var byScraping = IntervalChecks.Judge(Settings, scraped, null, lastStep: true, scraped.End);
        var byPromQl = IntervalChecks.Judge(Settings, promql, null, lastStep: true, promql.End);
        Assert.Equal((CheckResults.Successful, CheckResults.Successful), (byScraping.Result, byPromQl.Result));
        Assert.Equal(byScraping.Metrics.Select(m => (m.Name, m.Result)), byPromQl.Metrics.Select(m => (m.Name, m.Result)));
    }

    [Fact]
    public async Task ACanaryAnswering5xx_ByPromQl_FailsTheSuccessRateCheck_AsByScraping()
    {
        var (scraped, promql, sent) = await MeasureBothAsync(serving.BrokenCanary);

        Assert.Empty(promql.Problems);
        Assert.True(sent[serving.BrokenCanary.Port].Errors > 0, "the broken canary answered no 5xx");
        AssertSameNumbers(scraped.Canary, promql.Canary, "canary");
        Assert.Equal((sent[serving.BrokenCanary.Port].Requests, sent[serving.BrokenCanary.Port].Errors), ((int)scraped.Canary.Requests, (int)scraped.Canary.Errors));
        Assert.Equal((double)sent[serving.BrokenCanary.Port].Errors / sent[serving.BrokenCanary.Port].Requests, 1 - promql.Canary.SuccessRate!.Value, 0.05);

        var byScraping = IntervalChecks.Judge(Settings, scraped, null, lastStep: true, scraped.End);
        var byPromQl = IntervalChecks.Judge(Settings, promql, null, lastStep: true, promql.End);
        Assert.Equal((CheckResults.Failed, CheckResults.Failed), (byScraping.Result, byPromQl.Result));
        Assert.Equal(CheckResults.Failed, byPromQl.Metrics.Single(m => m.Name == IntervalChecks.SuccessRate).Result);
        Assert.Contains("canary requests answered 5xx", IntervalChecks.Explain(byPromQl, promql.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnIntervalShorterThanTwoScrapes_CannotBeJudged_AndSaysSo()
    {
        var promql = PromQl();
        var interval = TimeSpan.FromSeconds(0.6);
        var start = DateTime.UtcNow;
        await promql.MeasureAsync(Request(serving.GoodCanary, start, interval), Ct);
        var sent = serving.ShopAsync([serving.Stable, serving.GoodCanary], interval, Ct);
        await sent;

        var traffic = await promql.MeasureAsync(Request(serving.GoodCanary, DateTime.UtcNow, interval), Ct);

        Assert.Contains("an interval shorter than two scrape intervals cannot be judged", Assert.Single(traffic!.Problems), StringComparison.Ordinal);
        Assert.NotEqual(CheckResults.Successful, IntervalChecks.Judge(Settings with { Interval = interval }, traffic, null, lastStep: true, traffic.End).Result);
    }

    [Fact]
    public async Task APrometheusThatDoesNotAnswer_MakesTheIntervalInconclusive_WithTheReason()
    {
        var closed = new Uri($"http://127.0.0.1:{Dashboard.ChildProcess.FreePort()}");
        var promql = new PrometheusTraffic(new PrometheusApi(serving.Http, new PrometheusSettings(closed)));
        var start = DateTime.UtcNow;
        await promql.MeasureAsync(Request(serving.GoodCanary, start), Ct);

        var traffic = await promql.MeasureAsync(Request(serving.GoodCanary, start + Interval), Ct);

        Assert.StartsWith($"Prometheus at {closed.ToString().TrimEnd('/')} did not answer the requests, duration buckets, recommendation answers, conversions, scrapes, successful scrapes queries: ", Assert.Single(traffic!.Problems), StringComparison.Ordinal);
        Assert.Equal(CheckResults.Inconclusive, IntervalChecks.Judge(Settings, traffic, null, lastStep: true, traffic.End).Result);
    }
}
