using System.Text.Json.Nodes;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>The chart's monitoring: the Grafana dashboard ConfigMap, and the ServiceMonitors when asked for.</summary>
public sealed class ChartMonitoringTests
{
    private const string Dashboard = Helm.Release + "-ecommerce-ml-dashboard";

    [Fact]
    public async Task Dashboard_IsAConfigMapLabelledForTheGrafanaSidecar_HoldingTheChartsDashboardFile()
    {
        var manifests = await Helm.TemplateAsync();

        var configMap = manifests.Single("ConfigMap", Dashboard);
        Assert.Equal("1", (string?)configMap["metadata"]!["labels"]!["grafana_dashboard"]);
        Assert.Equal(Helm.Namespace, (string?)configMap["metadata"]!["namespace"]);
        var json = (string)configMap["data"]!["ecommerce-ml.json"]!;
        Assert.Equal(DashboardFile.Read().ToJsonString(), JsonNode.Parse(json)!.ToJsonString());
        Assert.Equal("ecommerce-ml", (string?)JsonNode.Parse(json)!["uid"]);
    }

    [Fact]
    public async Task Dashboard_TakesItsLabelsAnnotationsAndNamespaceFromValues_OrIsLeftOut()
    {
        var moved = await Helm.TemplateAsync("metrics.dashboard.namespace=grafana", "metrics.dashboard.annotations.grafana_folder=Shop", "metrics.dashboard.labels.team=ml");
        var configMap = moved.Single("ConfigMap", Dashboard);
        Assert.Equal("grafana", (string?)configMap["metadata"]!["namespace"]);
        Assert.Equal("Shop", (string?)configMap["metadata"]!["annotations"]!["grafana_folder"]);
        Assert.Equal(("1", "ml"), ((string?)configMap["metadata"]!["labels"]!["grafana_dashboard"], (string?)configMap["metadata"]!["labels"]!["team"]));

        var without = await Helm.TemplateAsync("metrics.dashboard.enabled=false");
        Assert.DoesNotContain(without.OfKind("ConfigMap"), c => Manifests.Name(c) == Dashboard);
    }

    [Fact]
    public async Task ServiceMonitors_AreOnlyRenderedWhenAskedFor()
    {
        var manifests = await Helm.TemplateAsync();

        Assert.Empty(manifests.OfKind("ServiceMonitor"));
    }

    [Fact]
    public async Task OperatorServiceMonitor_SelectsTheOperatorsMetricsService_ByItsPortName()
    {
        var manifests = await Helm.TemplateAsync("metrics.serviceMonitor.enabled=true", "metrics.serviceMonitor.labels.release=kube-prometheus-stack", "metrics.serviceMonitor.interval=15s");

        var monitor = manifests.Single("ServiceMonitor", Helm.Release + "-ecommerce-ml-operator");
        var service = manifests.Single("Service", Helm.Release + "-ecommerce-ml-operator-metrics");
        Assert.Equal("kube-prometheus-stack", (string?)monitor["metadata"]!["labels"]!["release"]);
        Assert.All(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string?)l.Value, (string?)service["metadata"]!["labels"]![l.Key]));
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Contains(service["spec"]!["ports"]!.AsArray(), p => (string?)p!["name"] == (string?)endpoint["port"]);
        Assert.Equal(("/metrics", "15s"), ((string?)endpoint["path"], (string?)endpoint["interval"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("shop")]
    public async Task InferenceServiceMonitor_SelectsTheServiceEveryModelDeploymentGets(string? watchNamespace)
    {
        var manifests = await Helm.TemplateAsync(["metrics.serviceMonitor.enabled=true", .. watchNamespace is null ? Array.Empty<string>() : [$"operator.watchNamespace={watchNamespace}"]]);

        var monitor = manifests.Single("ServiceMonitor", Helm.Release + "-ecommerce-ml-inference");
        var service = ModelDeploymentBuilder.BuildService(TestResources.ModelDeployment());
        Assert.All(monitor["spec"]!["selector"]!["matchLabels"]!.AsObject(), l => Assert.Equal((string?)l.Value, service.Metadata.Labels[l.Key]));
        var endpoint = Assert.Single(monitor["spec"]!["endpoints"]!.AsArray())!;
        Assert.Equal(ModelDeploymentBuilder.PortName, (string?)endpoint["port"]);
        Assert.Contains(service.Spec.Ports, p => p.Name == (string?)endpoint["port"]);
        var namespaces = monitor["spec"]!["namespaceSelector"]!;
        if (watchNamespace is null)
        {
            Assert.True((bool?)namespaces["any"]);
        }
        else
        {
            Assert.Equal([watchNamespace], namespaces["matchNames"]!.AsArray().Select(n => (string?)n));
        }
    }

    [Fact]
    public async Task ServiceMonitors_WithoutTheMetricsService_FailNamingBothValues()
    {
        var result = await Helm.TemplateRawAsync("metrics.serviceMonitor.enabled=true", "metrics.service.enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("metrics.serviceMonitor.enabled needs metrics.service.enabled", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>The chart's Grafana dashboard, as committed.</summary>
internal static class DashboardFile
{
    public static string Path => System.IO.Path.Combine(Helm.ChartFolder, "dashboards", "ecommerce-ml.json");

    public static JsonNode Read() => JsonNode.Parse(File.ReadAllText(Path))!;
}
