using System.Text.Json.Nodes;
using EcommerceMl.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary><c>operator.canaryAnalysis.prometheus</c>: the address and credentials reach the operator as the variables it reads.</summary>
public sealed class ChartCanaryAnalysisTests
{
    private const string Operator = Helm.Release + "-ecommerce-ml-operator";

    private static JsonArray Env(Manifests manifests) =>
        manifests.Single("Deployment", Operator)["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray();

    private static JsonNode? Variable(Manifests manifests, string name) => Env(manifests).SingleOrDefault(e => (string?)e!["name"] == name);

    [Fact]
    public async Task Template_WithoutAPrometheusUrl_LeavesTheOperatorScrapingThePods()
    {
        var manifests = await Helm.TemplateAsync();

        Assert.DoesNotContain(Env(manifests), e => ((string)e!["name"]!).StartsWith("ECML_PROMETHEUS_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Template_WithAPrometheusUrlAndAuthSecret_GivesTheOperatorTheAddressAndTheSecretsKeys()
    {
        var manifests = await Helm.TemplateAsync(
            "operator.canaryAnalysis.prometheus.url=http://prometheus-operated.monitoring.svc:9090",
            "operator.canaryAnalysis.prometheus.authSecret=prometheus-reader");

        Assert.Equal("http://prometheus-operated.monitoring.svc:9090", (string?)Variable(manifests, "ECML_PROMETHEUS_URL")?["value"]);
        foreach (var (name, key) in new[] { ("ECML_PROMETHEUS_BEARER_TOKEN", "token"), ("ECML_PROMETHEUS_USERNAME", "username"), ("ECML_PROMETHEUS_PASSWORD", "password") })
        {
            var reference = Variable(manifests, name)?["valueFrom"]?["secretKeyRef"];
            Assert.Equal(("prometheus-reader", key, true), ((string?)reference?["name"], (string?)reference?["key"], (bool?)reference?["optional"]));
        }

        // The operator accepts what the chart renders (the Secret's keys resolved to a token).
        var options = OperatorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ECML_TRAINER_IMAGE"] = "t:1", ["ECML_INFERENCE_IMAGE"] = "i:1", ["ECML_STORE"] = "s3://models", ["POD_NAMESPACE"] = "ml",
            ["ECML_PROMETHEUS_URL"] = (string?)Variable(manifests, "ECML_PROMETHEUS_URL")!["value"], ["ECML_PROMETHEUS_BEARER_TOKEN"] = "t0ken",
        }).Build());
        Assert.Equal((new Uri("http://prometheus-operated.monitoring.svc:9090"), "t0ken"), (options.Prometheus!.Url, options.Prometheus.BearerToken));
    }

    [Theory]
    [InlineData("operator.canaryAnalysis.prometheus.url=prometheus:9090", "url")]
    [InlineData("operator.canaryAnalysis.prometheus.url=http://admin:secret@prometheus:9090", "url")]
    [InlineData("operator.canaryAnalysis.prometheus.authSecret=prometheus-reader", "authSecret needs operator.canaryAnalysis.prometheus.url")]
    public async Task Template_RefusesAnAddressThatIsNotOne_AndCredentialsWithoutAnAddress(string set, string expected)
    {
        var result = await Helm.TemplateRawAsync(set);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }
}
