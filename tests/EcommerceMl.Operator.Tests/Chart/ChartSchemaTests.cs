using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>
/// Every manifest the chart renders (real helm), with the values that change what it renders,
/// checked against the Kubernetes API's own schemas (kubernetes-models), CRDs included.
/// </summary>
public sealed class ChartSchemaTests
{
    [Theory]
    [InlineData]
    [InlineData("postgresql.enabled=true", "postgresql.password=s3cret-pass")]
    [InlineData("minio.enabled=false", "store.uri=s3://models", "store.s3Endpoint=http://s3.example.com:9000", "store.credentialsSecret=s3", "metrics.service.enabled=false")]
    [InlineData("operator.watchNamespace=shop", "serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=arn:aws:iam::1:role/ecml", "operator.metricsPort=9102")]
    [InlineData("rbac.create=false", "serviceAccount.create=false", "serviceAccount.name=ecml")]
    public async Task EveryRenderedManifest_IsValidByTheKubernetesApiSchemas(params string[] sets)
    {
        var manifests = await Helm.TemplateAsync(sets);

        Assert.Contains(manifests.Objects, o => (string?)o["kind"] == "CustomResourceDefinition");
        await KubernetesSchemas.AssertValidAsync(manifests.Objects);
    }
}
