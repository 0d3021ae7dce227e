using System.Globalization;
using EcommerceMl.Inference.Observability;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// The HTTP series keep the names, labels (in prometheus-net's order) and buckets UseHttpMetrics exported,
/// so dashboards and alerts written against them keep working.
/// </summary>
public sealed class HttpRequestMetricsTests
{
    private const string Recommendations = "/v1/recommendations/{customerId}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_CountAndTimeRequestsPerEndpointModelAndCode()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v1/recommendations/c1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v1/recommendations/c2", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsJsonAsync("/v1/churn", new { customerId = "c1" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.PostAsJsonAsync("/v1/churn", new { customerId = "c404" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync("/v1/nothing-here", Ct)).StatusCode);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal("2", Sample(text, "http_requests_received_total", Labels("200", "GET", "recs", Recommendations)));
        Assert.Equal("1", Sample(text, "http_requests_received_total", Labels("200", "POST", TestModels.Churn, "/v1/churn")));
        // A 4xx keeps its code; the model label stays empty when no model answered.
        Assert.Equal("1", Sample(text, "http_requests_received_total", Labels("404", "POST", "", "/v1/churn")));
        Assert.Equal("1", Sample(text, "http_requests_received_total", Labels("404", "GET", "", "")));

        Assert.Equal("2", Sample(text, "http_request_duration_seconds_count", Labels("200", "GET", "recs", Recommendations)));
        Assert.Equal("1", Sample(text, "http_request_duration_seconds_count", Labels("200", "POST", TestModels.Churn, "/v1/churn")));
        Assert.Equal("1", Sample(text, "http_request_duration_seconds_count", Labels("404", "POST", "", "/v1/churn")));
        Assert.Equal("2", Sample(text, "http_request_duration_seconds_bucket", Labels("200", "GET", "recs", Recommendations) + ",le=\"+Inf\""));

        // The gauge is labelled before the handler runs, so without code and with an empty model.
        Assert.Equal("0", Sample(text, "http_requests_in_progress", $"method=\"GET\",controller=\"\",action=\"\",model=\"\",endpoint=\"{Recommendations}\""));
        Assert.Equal("0", Sample(text, "http_requests_in_progress", "method=\"POST\",controller=\"\",action=\"\",model=\"\",endpoint=\"/v1/churn\""));
    }

    [Fact]
    public async Task Metrics_DurationHistogramKeepsPrometheusNetBuckets()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        await host.Client.GetAsync("/v1/recommendations/c1", Ct);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        var prefix = "http_request_duration_seconds_bucket{" + Labels("200", "GET", "recs", Recommendations) + ",le=\"";
        var bounds = text.Split('\n')
            .Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Select(l => l[prefix.Length..l.IndexOf('"', prefix.Length)])
            .ToList();
        var expected = Enumerable.Range(0, 16).Select(i => (0.001 * Math.Pow(2, i)).ToString(CultureInfo.InvariantCulture)).Append("+Inf");
        Assert.Equal(expected, bounds);
        Assert.Contains("# TYPE http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_requests_received_total counter", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_requests_in_progress gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_CountAFailedRequestAs500()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var response = await host.Client.GetAsync($"/v1/recommendations/{FakeRecommender.ExplodingCustomer}", Ct);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.Equal("1", Sample(text, "http_requests_received_total", Labels("500", "GET", "", Recommendations)));
        Assert.DoesNotContain("http_requests_received_total{" + Labels("200", "GET", "", Recommendations), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_DoNotCountScrapes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        await host.Client.GetStringAsync("/metrics", Ct);

        var text = await host.Client.GetStringAsync("/metrics", Ct);

        Assert.DoesNotContain("endpoint=\"/metrics\"", text, StringComparison.Ordinal);
    }

    /// <summary>The request series' labels in their exported order; the version is the one that answered, "" when no model did.</summary>
    private static string Labels(string code, string method, string model, string endpoint) =>
        $"code=\"{code}\",method=\"{method}\",controller=\"\",action=\"\",model=\"{model}\",version=\"{(model.Length == 0 ? "" : TestModels.V1)}\",endpoint=\"{endpoint}\"";

    /// <summary>The value of the one sample with exactly these labels, or a failure naming what was looked for.</summary>
    private static string Sample(string text, string name, string labels)
    {
        var prefix = $"{name}{{{labels}}} ";
        var lines = text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.True(lines.Count == 1, $"expected one sample {prefix.TrimEnd()}, found {lines.Count}");
        return lines[0][prefix.Length..].Trim();
    }

    [Theory]
    [InlineData("GET", "GET")]
    [InlineData("get", "GET")]
    [InlineData("DELETE", "DELETE")]
    [InlineData("BREW", "OTHER")]
    [InlineData("X-INVENTED-1", "OTHER")]
    public void MethodLabel_KeepsStandardMethodsAndFoldsInventedOnes(string method, string label) =>
        Assert.Equal(label, HttpRequestMetrics.BoundedMethod(method));
}
