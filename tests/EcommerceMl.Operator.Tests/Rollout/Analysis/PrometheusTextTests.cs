using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class PrometheusTextTests
{
    // As prometheus-net writes it: HELP and TYPE comments, labels in creation order, +Inf buckets, exponent floats.
    private const string Sample = """
        # HELP http_requests_received_total Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.
        # TYPE http_requests_received_total counter
        http_requests_received_total{code="200",method="GET",controller="",action="",model="shop-recs",version="20261123T020000Z-bbbbbb",endpoint="/v1/recommendations/{customerId}"} 1520
        http_requests_received_total{code="500",method="GET",controller="",action="",model="shop-recs",version="20261123T020000Z-bbbbbb",endpoint="/v1/recommendations/{customerId}"} 3
        # TYPE http_request_duration_seconds histogram
        http_request_duration_seconds_sum{code="200",method="GET",model="shop-recs",version="v",endpoint="/x"} 1.2E-01
        http_request_duration_seconds_bucket{code="200",method="GET",model="shop-recs",version="v",endpoint="/x",le="0.001"} 10
        http_request_duration_seconds_bucket{code="200",method="GET",model="shop-recs",version="v",endpoint="/x",le="+Inf"} 12
        weird{path="a \"quoted\" \\ back\nslash"} NaN 1700000000000
        """;

    [Fact]
    public void Parse_ReadsNamesLabelsAndValues_AsPrometheusNetWritesThem()
    {
        var samples = PrometheusText.Parse(Sample);

        Assert.Equal(6, samples.Count);
        var errors = samples[1];
        Assert.Equal(("http_requests_received_total", "500", "20261123T020000Z-bbbbbb", 3.0), (errors.Name, errors.Label("code"), errors.Label("version"), errors.Value));
        Assert.Equal("/v1/recommendations/{customerId}", errors.Label("endpoint"));
        Assert.Equal(0.12, samples[2].Value, 10);
        Assert.Equal("+Inf", samples[4].Label("le"));
        Assert.Equal("a \"quoted\" \\ back\nslash", samples[5].Label("path"));
        Assert.True(double.IsNaN(samples[5].Value));
    }

    [Fact]
    public void Parse_KeepsOnlyTheWantedNames()
    {
        var samples = PrometheusText.Parse(Sample, ServingScrape.IsRead);

        Assert.Equal(["http_requests_received_total", "http_requests_received_total", "http_request_duration_seconds_bucket", "http_request_duration_seconds_bucket"], samples.Select(s => s.Name));
    }

    [Theory]
    [InlineData("metric{code=\"200 5", "line 2 of the exposition is not a sample (a label value is not closed)")]
    [InlineData("metric{code=200} 5", "line 2 of the exposition is not a sample (a label must be name=\"value\")")]
    [InlineData("metric twelve", "line 2 of the exposition is not a sample ('twelve' is not a number)")]
    [InlineData("{code=\"200\"} 5", "line 2 of the exposition is not a sample (no metric name)")]
    public void Parse_NamesTheLineAndWhatIsWrong(string line, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse("# TYPE metric counter\n" + line));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
