using EcommerceMl.Operator.Traffic;

namespace EcommerceMl.Operator.Tests.Traffic;

public sealed class PrometheusAnswerTests
{
    [Fact]
    public void Parse_AVector_GivesEachElementsLabelsAndValue_NamedAsAsked()
    {
        const string Json = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"code":"200","version":"v2"},"value":[1764979200.123,"99.5"]},
              {"metric":{"code":"500","version":"v2"},"value":[1764979200.123,"0.5"]}]}}
            """;

        var samples = PrometheusAnswer.Parse(Json, "http_requests_received_total");

        Assert.Equal(2, samples.Count);
        Assert.Equal(("http_requests_received_total", "200", "v2", 99.5), (samples[0].Name, samples[0].Label("code"), samples[0].Label("version"), samples[0].Value));
        Assert.Equal(0.5, samples[1].Value);
    }

    [Fact]
    public void Parse_GoFloatSpellings_NaNAndInfinities_AreValues()
    {
        const string Json = """
            {"status":"success","data":{"resultType":"vector","result":[
              {"metric":{"le":"+Inf"},"value":[1,"NaN"]},{"metric":{"le":"0.1"},"value":[1,"+Inf"]},{"metric":{},"value":[1,"-Inf"]},
              {"metric":{},"value":[1,"1e-3"]}]}}
            """;

        var values = PrometheusAnswer.Parse(Json).Select(s => s.Value).ToList();

        Assert.True(double.IsNaN(values[0]));
        Assert.Equal([double.PositiveInfinity, double.NegativeInfinity, 0.001], values.Skip(1));
    }

    [Fact]
    public void Parse_AnEmptyVector_IsNoSamples()
    {
        Assert.Empty(PrometheusAnswer.Parse("""{"status":"success","data":{"resultType":"vector","result":[]}}"""));
    }

    [Fact]
    public void Parse_AScalar_IsOneSampleWithoutLabels()
    {
        var sample = Assert.Single(PrometheusAnswer.Parse("""{"status":"success","data":{"resultType":"scalar","result":[1,"2"]}}"""));

        Assert.Equal((0, 2.0), (sample.Labels.Count, sample.Value));
    }

    [Fact]
    public void Parse_AnErrorAnswer_QuotesPrometheus()
    {
        var e = Assert.Throws<PrometheusQueryException>(() => PrometheusAnswer.Parse(
            """{"status":"error","errorType":"bad_data","error":"1:14: parse error: unexpected \"}\""}"""));

        Assert.Equal("status error, bad_data: 1:14: parse error: unexpected \"}\"", e.Message);
    }

    [Theory]
    [InlineData("""{"status":"success","data":{"resultType":"matrix","result":[]}}""", "expected an instant vector, got a matrix")]
    [InlineData("""{"status":"success"}""", "without data.resultType")]
    [InlineData("""{"data":{}}""", "no \"status\"")]
    [InlineData("""[1,2]""", "no \"status\"")]
    [InlineData("""Service Unavailable""", "not an answer of Prometheus's query API")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}""", "a value is [time, \"number\"]")]
    [InlineData("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"lots"]}]}}""", "not an answer of Prometheus's query API")]
    public void Parse_WhatIsNotAnInstantVector_SaysWhatItIs(string json, string expected)
    {
        var e = Assert.Throws<PrometheusQueryException>(() => PrometheusAnswer.Parse(json));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
