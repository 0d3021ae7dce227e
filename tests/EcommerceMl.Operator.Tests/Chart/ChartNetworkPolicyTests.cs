using System.Text.Json.Nodes;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>
/// The chart's NetworkPolicies (real helm), evaluated by <see cref="NetworkPolicies"/> against the labels
/// of the Pods that really exist: the rendered ones, and the trainer and inference Pods the operator's
/// builders make. Only the platform's Pods reach the store and the database; clients still reach inference.
/// </summary>
public sealed class ChartNetworkPolicyTests
{
    private const string Minio = Helm.Release + "-ecommerce-ml-minio";
    private const string Postgresql = Helm.Release + "-ecommerce-ml-postgresql";

    private static readonly PodIdentity Trainer = new("shop", TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings).Spec.Template.Metadata.Labels.AsReadOnly());

    private static readonly PodIdentity Inference = new("shop", ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), "20261123T014200Z-1a2b3c", TestResources.Settings).Spec.Template.Metadata.Labels.AsReadOnly());

    private static readonly PodIdentity ShopWebsite = new("shop", new Dictionary<string, string>(StringComparer.Ordinal) { ["app"] = "storefront" });

    private static readonly PodIdentity SomeoneInTheReleaseNamespace = new(Helm.Namespace, new Dictionary<string, string>(StringComparer.Ordinal) { ["app.kubernetes.io/name"] = "debug" });

    private static PodIdentity Rendered(Manifests manifests, string kind, string name) =>
        new(Helm.Namespace, manifests.Single(kind, name)["spec"]!["template"]!["metadata"]!["labels"]!.AsObject()
            .ToDictionary(l => l.Key, l => (string)l.Value!, StringComparer.Ordinal));

    [Fact]
    public async Task Store_AdmitsOnlyThePlatformsPods()
    {
        var manifests = await Helm.TemplateAsync();
        var policies = manifests.OfKind("NetworkPolicy").ToList();
        var store = Rendered(manifests, "StatefulSet", Minio);

        Assert.True(NetworkPolicies.Admits(policies, store, Trainer, "s3"), "trainer Pods publish to the store");
        Assert.True(NetworkPolicies.Admits(policies, store, Inference, "s3"), "inference Pods load models from the store");
        Assert.True(NetworkPolicies.Admits(policies, store, Rendered(manifests, "Deployment", Helm.Release + "-ecommerce-ml-operator"), "s3"), "the operator reads manifests");
        Assert.True(NetworkPolicies.Admits(policies, store, Rendered(manifests, "Job", Minio + "-users"), "s3"), "the users Job sets MinIO up");
        Assert.False(NetworkPolicies.Admits(policies, store, ShopWebsite, "s3"));
        Assert.False(NetworkPolicies.Admits(policies, store, SomeoneInTheReleaseNamespace, "s3"));
        Assert.False(NetworkPolicies.Admits(policies, store, Trainer, "console"));
    }

    [Fact]
    public async Task Database_AdmitsOnlyTrainers()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true");
        var policies = manifests.OfKind("NetworkPolicy").ToList();
        var database = Rendered(manifests, "StatefulSet", Postgresql);

        Assert.True(NetworkPolicies.Admits(policies, database, Trainer, "postgresql"), "trainers read the shop tables");
        Assert.False(NetworkPolicies.Admits(policies, database, Inference, "postgresql"));
        Assert.False(NetworkPolicies.Admits(policies, database, ShopWebsite, "postgresql"));
        Assert.False(NetworkPolicies.Admits(policies, database, Rendered(manifests, "Deployment", Helm.Release + "-ecommerce-ml-operator"), "postgresql"));
    }

    [Fact]
    public async Task InferenceAndTheOperator_StayReachable()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true");
        var policies = manifests.OfKind("NetworkPolicy").ToList();
        var inferenceInTheReleaseNamespace = Inference with { Namespace = Helm.Namespace };

        Assert.True(NetworkPolicies.Admits(policies, inferenceInTheReleaseNamespace, ShopWebsite, ModelDeploymentBuilder.PortName));
        Assert.True(NetworkPolicies.Admits(policies, Rendered(manifests, "Deployment", Helm.Release + "-ecommerce-ml-operator"), ShopWebsite, "metrics"));
        Assert.All(policies, p => Assert.Equal(["Ingress"], p["spec"]!["policyTypes"]!.AsArray().Select(t => (string)t!)));
    }

    [Fact]
    public async Task ExtraClients_AreAdmittedToo()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true",
            "networkPolicy.extraDatabaseClients[0].namespaceSelector.matchLabels.kubernetes\\.io/metadata\\.name=shop",
            "networkPolicy.extraDatabaseClients[0].podSelector.matchLabels.app=storefront");
        var policies = manifests.OfKind("NetworkPolicy").ToList();
        var database = Rendered(manifests, "StatefulSet", Postgresql);

        Assert.True(NetworkPolicies.Admits(policies, database, ShopWebsite, "postgresql"));
        Assert.False(NetworkPolicies.Admits(policies, database, ShopWebsite with { Namespace = "other" }, "postgresql"));
        await KubernetesSchemas.AssertValidAsync(manifests.OfKind("NetworkPolicy").ToList());
    }

    [Theory]
    [InlineData(true, true, 2)]
    [InlineData(false, true, 1)]
    [InlineData(true, false, 0)]
    public async Task NetworkPolicies_AreOnByDefault_OnePerServerTheChartRuns(bool postgresql, bool enabled, int count)
    {
        var manifests = await Helm.TemplateAsync($"postgresql.enabled={postgresql}", $"networkPolicy.enabled={enabled}");

        Assert.Equal(count, manifests.OfKind("NetworkPolicy").Count());
    }
}
