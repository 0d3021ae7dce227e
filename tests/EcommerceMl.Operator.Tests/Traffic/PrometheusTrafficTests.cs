using System.Globalization;
using System.Net;
using System.Text;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Traffic;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Traffic;

/// <summary>The PromQL source's intervals and its ways of not getting an answer, against Prometheus's API answered by a stub.</summary>
public sealed class PrometheusTrafficTests : IDisposable
{
    private const string Key = "shop/shop-recs";
    private const string V1 = "v1";
    private const string V2 = "v2";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly DateTime T0 = new(2026, 12, 6, 8, 0, 0, DateTimeKind.Utc);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly StubPrometheus _stub = new();
    private readonly HttpClient _http;

    public PrometheusTrafficTests() => _http = new HttpClient(_stub);

    public void Dispose() => _http.Dispose();

    private PrometheusTraffic Source(PrometheusSettings? settings = null) =>
        new(new PrometheusApi(_http, settings ?? new PrometheusSettings(new Uri("http://prometheus.monitoring.svc:9090/"))));

    private static V1Pod Pod(string name, DateTime? started = null, string phase = "Running") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop" },
        Status = new V1PodStatus { Phase = phase, PodIP = "10.0.0.1", StartTime = started ?? T0.AddMinutes(-10) },
    };

    private static TrafficRequest Request(DateTime now, string candidate = V2, IReadOnlyList<V1Pod>? pods = null) =>
        new(Key, TestResources.ModelDeployment(), candidate, V1, Interval, pods ?? [Pod("shop-recs-predictor-a"), Pod("shop-recs-predictor-canary-b")], now);

    [Fact]
    public async Task Measure_OpensAnInterval_ThenAtItsEndAsksPrometheusAtThatTimeForExactlyThatInterval()
    {
        var source = Source();

        Assert.Null(await source.MeasureAsync(Request(T0), Ct));
        Assert.Null(await source.MeasureAsync(Request(T0.AddSeconds(29)), Ct));
        Assert.Empty(_stub.Queries);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(31.5)), Ct);

        Assert.NotNull(traffic);
        Assert.Equal((T0, T0.AddSeconds(31.5)), (traffic.Start, traffic.End));
        Assert.Equal(6, _stub.Queries.Count);
        Assert.All(_stub.Queries, q => Assert.Equal("1796544031.500", q.Time));
        Assert.All(_stub.Queries, q => Assert.Contains("[31500ms]", q.Query, StringComparison.Ordinal));
        Assert.All(_stub.Queries, q => Assert.Equal("/api/v1/query", q.Path));
        Assert.Contains(_stub.Queries, q => q.Query.StartsWith("sum by (version, code) (increase(http_requests_received_total{namespace=\"shop\",pod=~\"shop-recs-predictor-a|shop-recs-predictor-canary-b\",model=\"shop-recs\"", StringComparison.Ordinal));
        Assert.Equal((100.0, 3.0, 0.97), (traffic.Canary.Requests, traffic.Canary.Errors, traffic.Canary.SuccessRate));
        Assert.Equal(200.0, traffic.Stable.Requests);
        Assert.Empty(traffic.Problems);

        // The next interval opened where this one ended.
        Assert.Null(await source.MeasureAsync(Request(T0.AddSeconds(60)), Ct));
        Assert.NotNull(await source.MeasureAsync(Request(T0.AddSeconds(61.5)), Ct));
        Assert.Contains("[30000ms]", _stub.Queries[^1].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measure_ANewCandidate_StartsItsOwnInterval()
    {
        var source = Source();
        await source.MeasureAsync(Request(T0), Ct);

        Assert.Null(await source.MeasureAsync(Request(T0.AddSeconds(31), candidate: "v3"), Ct));
        Assert.Null(await source.MeasureAsync(Request(T0.AddSeconds(32), candidate: "v3"), Ct));
        Assert.Empty(_stub.Queries);
    }

    [Fact]
    public async Task Measure_WhenPrometheusIsUnreachable_TheIntervalHasTheReason_AndTheNextOneOpens()
    {
        var source = Source();
        _stub.Fail = new HttpRequestException("Connection refused (prometheus.monitoring.svc:9090)");
        await source.MeasureAsync(Request(T0), Ct);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(30)), Ct);

        Assert.Equal(
            "Prometheus at http://prometheus.monitoring.svc:9090 did not answer the requests, duration buckets, recommendation answers, conversions, scrapes, successful scrapes queries: Connection refused (prometheus.monitoring.svc:9090)",
            Assert.Single(traffic!.Problems));
        Assert.Equal(0, traffic.Canary.Requests);
        _stub.Fail = null;
        Assert.Null(await source.MeasureAsync(Request(T0.AddSeconds(45)), Ct));
        Assert.Empty(Assert.IsType<EcommerceMl.Operator.Rollout.Analysis.IntervalTraffic>(await source.MeasureAsync(Request(T0.AddSeconds(60)), Ct)).Problems);
    }

    [Fact]
    public async Task Measure_WhenPrometheusAnswersAnError_QuotesIt()
    {
        var source = Source();
        _stub.Answer = _ => (HttpStatusCode.UnprocessableEntity, """{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory"}""");
        await source.MeasureAsync(Request(T0), Ct);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(30)), Ct);

        Assert.EndsWith("queries: HTTP 422: status error, execution: query processing would load too many samples into memory", Assert.Single(traffic!.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measure_WhenPrometheusDoesNotAnswerInTime_SaysSo()
    {
        using var slow = new HttpClient(_stub) { Timeout = TimeSpan.FromMilliseconds(50) };
        _stub.Delay = TimeSpan.FromSeconds(5);
        var source = new PrometheusTraffic(new PrometheusApi(slow, new PrometheusSettings(new Uri("http://prometheus:9090"))));
        await source.MeasureAsync(Request(T0), Ct);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(30)), Ct);

        Assert.EndsWith("queries: no answer within 0.1 s", Assert.Single(traffic!.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Measure_AsksOnlyAboutRunningPods_AndExpectsScrapesOnlyOfThoseStartedBeforeTheInterval()
    {
        var source = Source();
        _stub.ScrapedPods = ["old"];
        IReadOnlyList<V1Pod> pods = [Pod("old"), Pod("new", started: T0.AddSeconds(10)), Pod("pending", phase: "Pending")];
        await source.MeasureAsync(Request(T0, pods: pods), Ct);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(30), pods: pods), Ct);

        Assert.Empty(traffic!.Problems);
        Assert.All(_stub.Queries, q => Assert.Contains("pod=~\"new|old\"", q.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Measure_WithoutARunningPod_HasNothingToAsk_AndSaysSo()
    {
        var source = Source();
        IReadOnlyList<V1Pod> pods = [Pod("pending", phase: "Pending")];
        await source.MeasureAsync(Request(T0, pods: pods), Ct);

        var traffic = await source.MeasureAsync(Request(T0.AddSeconds(30), pods: pods), Ct);

        Assert.Equal("no inference Pod is running to ask Prometheus about", Assert.Single(traffic!.Problems));
        Assert.Empty(_stub.Queries);
    }

    [Theory]
    [InlineData("token", null, null, "Bearer token")]
    [InlineData(null, "ecml", "s3cret", "Basic ZWNtbDpzM2NyZXQ=")]
    [InlineData(null, null, null, null)]
    public async Task Measure_SignsInAsConfigured(string? token, string? user, string? password, string? expected)
    {
        var source = Source(new PrometheusSettings(new Uri("https://thanos:9091/prometheus"), token, user, password));
        await source.MeasureAsync(Request(T0), Ct);

        await source.MeasureAsync(Request(T0.AddSeconds(30)), Ct);

        Assert.All(_stub.Queries, q => Assert.Equal((expected, "/prometheus/api/v1/query"), (q.Authorization, q.Path)));
    }

    /// <summary>Prometheus's query API: a healthy interval (v2 97 × 200 and 3 × 500, v1 200 × 200; both Pods scraped 30 times) unless told otherwise.</summary>
    private sealed class StubPrometheus : HttpMessageHandler
    {
        public List<(string Path, string Query, string Time, string? Authorization)> Queries { get; } = [];

        public Exception? Fail { get; set; }

        public TimeSpan Delay { get; set; }

        public Func<string, (HttpStatusCode, string)>? Answer { get; set; }

        public IReadOnlyList<string>? ScrapedPods { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Delay, cancellationToken);
            if (Fail is not null)
            {
                throw Fail;
            }

            var form = (await request.Content!.ReadAsStringAsync(cancellationToken)).Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => WebUtility.UrlDecode(p[1]), StringComparer.Ordinal);
            Assert.Equal(HttpMethod.Post, request.Method);
            lock (Queries)
            {
                Queries.Add((request.RequestUri!.AbsolutePath, form["query"], form["time"], request.Headers.Authorization?.ToString()));
            }

            var (status, body) = Answer?.Invoke(form["query"]) ?? (HttpStatusCode.OK, Healthy(form["query"]));
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }

        private string Healthy(string query)
        {
            string[] elements = query switch
            {
                _ when query.Contains("http_requests_received_total", StringComparison.Ordinal) =>
                    [Element("""{"version":"v2","code":"200"}""", 97), Element("""{"version":"v2","code":"500"}""", 3), Element("""{"version":"v1","code":"200"}""", 200)],
                _ when query.StartsWith("count_over_time(up", StringComparison.Ordinal) || query.StartsWith("sum_over_time(up", StringComparison.Ordinal) =>
                    [.. (ScrapedPods ?? ["shop-recs-predictor-a", "shop-recs-predictor-canary-b"]).Select(p => Element($$"""{"pod":"{{p}}","namespace":"shop"}""", 30))],
                _ => [],
            };
            return $$$"""{"status":"success","data":{"resultType":"vector","result":[{{{string.Join(",", elements)}}}]}}""";
        }

        private static string Element(string metric, double value) =>
            $$"""{"metric":{{metric}},"value":[1764993631.5,"{{value.ToString(CultureInfo.InvariantCulture)}}"]}""";
    }
}
