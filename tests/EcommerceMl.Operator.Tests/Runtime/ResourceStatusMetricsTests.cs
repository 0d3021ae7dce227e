using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using EcommerceMl.Operator.Tests.Support;
using Prometheus;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class ResourceStatusMetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryCluster _cluster = new(TimeProvider.System);
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    private ResourceStatusMetrics Exporter(string ns = ICluster.AllNamespaces) =>
        new(_cluster, ns, Metrics.WithCustomRegistry(_registry), TimeProvider.System, NullLogger.Instance);

    private async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(stream, Ct);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private async Task CanaryAsync(string name, params (string Version, int Percent)[] traffic)
    {
        await _cluster.CreateAsync(TestResources.ModelDeployment(name), Ct);
        await _cluster.SetStatusAsync<ModelDeployment>("shop", name, d => d.Status = new ModelDeploymentStatus
        {
            ReadyReplicas = 2,
            Traffic = [.. traffic.Select(t => new TrafficTarget { Version = t.Version, Percent = t.Percent })],
        });
    }

    [Fact]
    public async Task Refresh_ExportsEachResourcesStatus()
    {
        await CanaryAsync("recs", ("v1", 90), ("v2", 10));
        await _cluster.CreateAsync(TestResources.TrainingJob("recs-1"), Ct);
        await _cluster.SetStatusAsync<TrainingJob>("shop", "recs-1", j => j.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Running });

        await Exporter().RefreshAsync(Ct);

        var text = await ScrapeAsync();
        Assert.Contains("ecml_modeldeployment_traffic_percent{resource_namespace=\"shop\",deployment=\"recs\",version=\"v1\",tag=\"\"} 90", text, StringComparison.Ordinal);
        Assert.Contains("ecml_modeldeployment_traffic_percent{resource_namespace=\"shop\",deployment=\"recs\",version=\"v2\",tag=\"\"} 10", text, StringComparison.Ordinal);
        Assert.Contains("ecml_modeldeployment_ready_replicas{resource_namespace=\"shop\",deployment=\"recs\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("ecml_trainingjob_status_phase{resource_namespace=\"shop\",trainingjob=\"recs-1\",phase=\"Running\"} 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_DropsTheSeriesOfWhatChangedOrWasDeleted()
    {
        var exporter = Exporter();
        await CanaryAsync("recs", ("v1", 90), ("v2", 10));
        await CanaryAsync("churn", ("v7", 100));
        await exporter.RefreshAsync(Ct);

        await _cluster.SetStatusAsync<ModelDeployment>("shop", "recs", d => d.Status!.Traffic = [new TrafficTarget { Version = "v2", Percent = 100 }]);
        _cluster.Delete<ModelDeployment>("shop", "churn");
        await exporter.RefreshAsync(Ct);

        var text = await ScrapeAsync();
        Assert.Contains("ecml_modeldeployment_traffic_percent{resource_namespace=\"shop\",deployment=\"recs\",version=\"v2\",tag=\"\"} 100", text, StringComparison.Ordinal);
        Assert.DoesNotContain("version=\"v1\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deployment=\"churn\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refresh_ExportsOnlyTheWatchedNamespace()
    {
        await CanaryAsync("recs", ("v1", 100));

        await Exporter("elsewhere").RefreshAsync(Ct);

        Assert.DoesNotContain("deployment=\"recs\"", await ScrapeAsync(), StringComparison.Ordinal);
    }
}
