namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>values.schema.json is strict: a bad or unknown value fails <c>helm template</c> with the key and the rule it broke.</summary>
public sealed class ChartValuesSchemaTests
{
    [Theory]
    [InlineData("operator.workers=0", "operator.workers", "greater than or equal to 1")]
    [InlineData("operator.metricsPort=80", "operator.metricsPort", "greater than or equal to 1024")]
    [InlineData("operator.replcias=2", "operator", "replcias")]
    [InlineData("imageTag=1.0", "(root)", "imageTag")]
    [InlineData("images.trainer.repository=Registry/Trainer", "images.trainer.repository", "pattern")]
    [InlineData("images.operator.pullPolicy=Sometimes", "images.operator.pullPolicy", "Always")]
    [InlineData("store.uri=http://minio:9000/models", "store.uri", "pattern")]
    [InlineData("store.credentialsSecret=My_Secret", "store.credentialsSecret", "pattern")]
    [InlineData("operator.watchNamespace=Shop", "operator.watchNamespace", "pattern")]
    [InlineData("minio.rootPassword=short", "minio.rootPassword", "pattern")]
    [InlineData("minio.persistence.size=10GB", "minio.persistence.size", "pattern")]
    [InlineData("operator.resources.limits.memory=lots", "operator.resources.limits.memory", "pattern")]
    [InlineData("postgresql.enabled=yes", "postgresql.enabled", "boolean")]
    [InlineData("metrics.serviceMonitor.interval=often", "metrics.serviceMonitor.interval", "pattern")]
    [InlineData("metrics.dashboard.namespace=Grafana", "metrics.dashboard.namespace", "pattern")]
    public async Task Template_WithABadValue_FailsNamingTheKey(string set, string key, string rule)
    {
        var result = await Helm.TemplateRawAsync(set);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("values don't meet the specifications of the schema", result.Error, StringComparison.Ordinal);
        Assert.Contains($"- {key}", result.Error, StringComparison.Ordinal);
        Assert.Contains(rule, result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store.uri=s3://shop-models")]
    [InlineData("store.uri=s3://shop-models/prod/v1")]
    [InlineData("images.trainer.tag=sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("operator.resources.requests.cpu=250m")]
    [InlineData("minio.rootPassword=long-enough-password")]
    public async Task Template_WithAGoodValue_Renders(string set)
    {
        var manifests = await Helm.TemplateAsync(set);

        Assert.NotEmpty(manifests.OfKind("Deployment"));
    }
}
