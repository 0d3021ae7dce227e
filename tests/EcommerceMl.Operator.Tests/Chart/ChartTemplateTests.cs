using System.Text.Json.Nodes;
using EcommerceMl.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>The chart through the real <c>helm lint</c> and <c>helm template</c>: what it renders and from which values.</summary>
public sealed class ChartTemplateTests
{
    private const string Operator = Helm.Release + "-ecommerce-ml-operator";

    private static readonly HashSet<string> KnownKinds =
    [
        "v1/ServiceAccount", "v1/Secret", "v1/ConfigMap", "v1/Service", "apps/v1/Deployment", "apps/v1/StatefulSet", "batch/v1/Job",
        "networking.k8s.io/v1/NetworkPolicy",
        "rbac.authorization.k8s.io/v1/ClusterRole", "rbac.authorization.k8s.io/v1/ClusterRoleBinding",
        "rbac.authorization.k8s.io/v1/Role", "rbac.authorization.k8s.io/v1/RoleBinding",
        "apiextensions.k8s.io/v1/CustomResourceDefinition",
    ];

    private static readonly HashSet<string> ClusterScopedKinds = ["ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition"];

    [Theory]
    [InlineData]
    [InlineData("postgresql.enabled=true")]
    [InlineData("minio.enabled=false", "store.uri=s3://shop-models/prod", "store.s3Endpoint=https://s3.example.com", "store.credentialsSecret=s3-credentials", "operator.watchNamespace=shop")]
    public async Task Lint_Passes(params string[] sets)
    {
        var result = await Helm.RunAsync(["lint", "--strict", Helm.ChartFolder, .. sets.SelectMany(s => new[] { "--set", s })]);

        Assert.True(result.ExitCode == 0, $"helm lint failed: {result.Output}{result.Error}");
        Assert.Contains("0 chart(s) failed", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Template_RendersOnlyKnownKinds_EachNamedAndInTheReleaseNamespace()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true");

        Assert.NotEmpty(manifests.Objects);
        Assert.All(manifests.Objects, o =>
        {
            var kind = $"{o["apiVersion"]}/{o["kind"]}";
            Assert.True(KnownKinds.Contains(kind), $"unexpected {kind}");
            Assert.False(string.IsNullOrEmpty((string?)o["metadata"]?["name"]), $"{kind} without a name");
            if (!ClusterScopedKinds.Contains((string)o["kind"]!))
            {
                Assert.Equal(Helm.Namespace, (string?)o["metadata"]!["namespace"]);
            }
        });
    }

    [Fact]
    public async Task Template_EveryPodAndContainer_IsRestricted()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true");
        var pods = manifests.PodSpecs().ToList();

        Assert.Equal(4, pods.Count);
        Assert.All(pods, pod =>
        {
            var (workload, spec) = pod;
            var security = spec["securityContext"]!;
            Assert.True((bool?)security["runAsNonRoot"] == true, $"{workload}: runAsNonRoot");
            Assert.True((long?)security["runAsUser"] > 0, $"{workload}: runAsUser must be a non-root uid");
            Assert.Equal("RuntimeDefault", (string?)security["seccompProfile"]?["type"]);
            Assert.Null(spec["hostNetwork"]);
            Assert.All(spec["containers"]!.AsArray(), c =>
            {
                var context = c!["securityContext"]!;
                Assert.True((bool?)context["allowPrivilegeEscalation"] == false, $"{workload}: allowPrivilegeEscalation");
                Assert.True((bool?)context["readOnlyRootFilesystem"] == true, $"{workload}: readOnlyRootFilesystem");
                Assert.Null(context["privileged"]);
                Assert.Equal(["ALL"], context["capabilities"]!["drop"]!.AsArray().Select(d => (string)d!));
                Assert.Null(context["capabilities"]!["add"]);
                Assert.NotNull(c["resources"]?["requests"]?["memory"]);
                Assert.NotNull(c["resources"]?["limits"]?["memory"]);
            });
        });
    }

    [Fact]
    public async Task Template_OperatorConfiguration_ComesFromValues_AndIsWhatTheOperatorReads()
    {
        var manifests = await Helm.TemplateAsync(
            "images.operator.repository=registry.shop.example/ml/operator", "images.operator.tag=2.0.1",
            "images.trainer.repository=registry.shop.example/ml/trainer", "images.trainer.tag=2.0.1",
            "images.inference.repository=registry.shop.example/ml/inference",
            "minio.enabled=false", "store.uri=s3://shop-models/prod", "store.s3Endpoint=https://s3.example.com",
            "store.credentialsSecret=s3-credentials", "operator.watchNamespace=shop", "operator.workers=8");
        var container = OperatorContainer(manifests);
        var env = Environment(container, podNamespace: Helm.Namespace, podName: "ecml-operator-abc");

        var options = OperatorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(env.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

        Assert.Equal("registry.shop.example/ml/operator:2.0.1", (string?)container["image"]);
        Assert.Equal("registry.shop.example/ml/trainer:2.0.1", options.Workload.TrainerImage);
        Assert.Equal("registry.shop.example/ml/inference:0.1.0", options.Workload.InferenceImage);
        Assert.Equal("s3://shop-models/prod", options.Workload.Store);
        Assert.Equal("https://s3.example.com", options.Workload.S3Endpoint);
        Assert.Equal("s3-credentials", options.Workload.CredentialsSecretName);
        Assert.Equal("s3-credentials", options.Workload.TrainerCredentialsSecretName);
        Assert.Equal("shop", options.WatchNamespace);
        Assert.Equal(Helm.Namespace, options.LeaseNamespace);
        Assert.Equal("ecml-operator-abc", options.Identity);
        Assert.Equal(8, options.Workers);
        Assert.Equal("s3-credentials", (string?)SecretRef(container, "AWS_SECRET_ACCESS_KEY")?["name"]);
    }

    [Fact]
    public async Task Template_WithDefaults_PointsTheOperatorAtTheChartsMinio()
    {
        var manifests = await Helm.TemplateAsync();
        var container = OperatorContainer(manifests);
        var env = Environment(container, Helm.Namespace, "pod");
        var minio = manifests.Single("StatefulSet", Helm.Release + "-ecommerce-ml-minio");
        var secret = manifests.Single("Secret", Helm.Release + "-ecommerce-ml-store-trainer");

        Assert.Equal("s3://ecml-models", env["ECML_STORE"]);
        Assert.Equal($"http://{Helm.Release}-ecommerce-ml-minio.{Helm.Namespace}.svc:9000", env["ECML_S3_ENDPOINT"]);
        Assert.Equal(Manifests.Name(secret), env["ECML_TRAINER_CREDENTIALS_SECRET"]);
        Assert.False(env.ContainsKey("ECML_CREDENTIALS_SECRET"));
        Assert.False(env.ContainsKey("ECML_WATCH_NAMESPACE"));
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_REGION", "AWS_SECRET_ACCESS_KEY"], secret["stringData"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("data", (string?)minio["spec"]!["volumeClaimTemplates"]![0]!["metadata"]!["name"]);
        Assert.Equal("ghcr.io/ecommerce-ml/trainer:0.1.0", env["ECML_TRAINER_IMAGE"]);
    }

    [Fact]
    public async Task Template_ProbesTheOperatorOnItsMetricsPort()
    {
        var manifests = await Helm.TemplateAsync("operator.metricsPort=9102");
        var container = OperatorContainer(manifests);
        var env = Environment(container, Helm.Namespace, "pod");
        var service = manifests.Single("Service", Operator + "-metrics");

        Assert.Equal("9102", env["ECML_METRICS_PORT"]);
        Assert.Equal(9102L, (long?)container["ports"]![0]!["containerPort"]);
        Assert.All(new[] { ("startupProbe", "/metrics"), ("livenessProbe", "/healthz"), ("readinessProbe", "/metrics") }, probe =>
        {
            Assert.Equal(probe.Item2, (string?)container[probe.Item1]!["httpGet"]!["path"]);
            Assert.Equal("metrics", (string?)container[probe.Item1]!["httpGet"]!["port"]);
        });
        Assert.Equal("metrics", (string?)service["spec"]!["ports"]![0]!["targetPort"]);
    }

    [Theory]
    [InlineData(false, false, 0)]
    [InlineData(true, false, 1)]
    [InlineData(true, true, 2)]
    [InlineData(false, true, 1)]
    public async Task Template_MinioAndPostgresql_AreRenderedOnlyWhenEnabled(bool minio, bool postgresql, int statefulSets)
    {
        string[] external = minio ? [] : ["store.uri=s3://models", "store.s3Endpoint=http://s3.example.com:9000", "store.credentialsSecret=s3"];
        var manifests = await Helm.TemplateAsync([$"minio.enabled={minio}", $"postgresql.enabled={postgresql}", .. external]);

        Assert.Equal(statefulSets, manifests.OfKind("StatefulSet").Count());
        Assert.Equal(minio, manifests.OfKind("StatefulSet").Any(s => Manifests.Name(s).EndsWith("-minio", StringComparison.Ordinal)));
        Assert.Equal(postgresql, manifests.OfKind("Secret").Any(s => Manifests.Name(s).EndsWith("-postgresql", StringComparison.Ordinal)));
        Assert.Equal(statefulSets + 1, manifests.OfKind("Service").Count());
        Assert.All(manifests.OfKind("StatefulSet"), s => Assert.NotEmpty(s["spec"]!["volumeClaimTemplates"]!.AsArray()));
    }

    [Fact]
    public async Task Template_PostgresqlSecret_HoldsAConnectionStringToItsService()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true", "postgresql.password=s3cret-pass", "postgresql.database=analytics");
        var secret = manifests.Single("Secret", Helm.Release + "-ecommerce-ml-postgresql");

        Assert.Equal($"Host={Helm.Release}-ecommerce-ml-postgresql.{Helm.Namespace}.svc;Port=5432;Database=analytics;Username=ecml;Password=s3cret-pass",
            (string?)secret["stringData"]!["connectionString"]);
    }

    [Fact]
    public async Task Template_WithoutAStoreOrMinio_FailsSayingWhatToSet()
    {
        var result = await Helm.TemplateRawAsync("minio.enabled=false");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("store.uri is empty and minio.enabled is false", result.Error, StringComparison.Ordinal);
    }

    private static JsonObject OperatorContainer(Manifests manifests) =>
        manifests.Single("Deployment", Operator)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    /// <summary>The container's environment as the kubelet would resolve it: values, and the downward API for the Pod's namespace and name.</summary>
    private static Dictionary<string, string> Environment(JsonObject container, string podNamespace, string podName) =>
        container["env"]!.AsArray().Select(e => e!.AsObject())
            .Select(e => (Name: (string)e["name"]!, Value: (string?)e["value"] ?? (string?)e["valueFrom"]?["fieldRef"]?["fieldPath"] switch
            {
                "metadata.namespace" => podNamespace,
                "metadata.name" => podName,
                _ => null,
            }))
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Name, e => e.Value!, StringComparer.Ordinal);

    private static JsonNode? SecretRef(JsonObject container, string variable) =>
        container["env"]!.AsArray().Single(e => (string?)e!["name"] == variable)!["valueFrom"]?["secretKeyRef"];
}
