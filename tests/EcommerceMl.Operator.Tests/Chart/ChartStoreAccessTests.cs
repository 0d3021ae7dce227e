using System.Text.Json.Nodes;
using EcommerceMl.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>
/// Least privilege for the model store (real helm): each Pod kind gets its own MinIO user whose IAM
/// policy, evaluated by <see cref="S3Policy"/>, allows what that kind does and nothing else, and no
/// Pod of the platform holds MinIO's root credentials.
/// </summary>
public sealed class ChartStoreAccessTests
{
    private const string Minio = Helm.Release + "-ecommerce-ml-minio";
    private const string Users = Minio + "-users";
    private const string Operator = Helm.Release + "-ecommerce-ml-operator";
    private const string Bucket = "arn:aws:s3:::ecml-models";
    private const string Model = Bucket + "/models/shop-recs/versions/20261123T014200Z-1a2b3c/model.bin";
    private const string Manifest = Bucket + "/models/shop-recs/versions/20261123T014200Z-1a2b3c/manifest.json";
    private const string Event = Bucket + "/events/2026/12/06/part-0001.jsonl";
    private const string Data = Bucket + "/data/shop/orders.csv";

    private static string RoleSecret(string role) => $"{Helm.Release}-ecommerce-ml-store-{role}";

    private static S3Policy PolicyOf(Manifests manifests, string role) =>
        S3Policy.Parse((string)manifests.Single("ConfigMap", Users)["data"]![$"{role}.json"]!);

    /// <summary>What the store code does per role (S3ModelStore's calls), and what no role may do.</summary>
    public static TheoryData<string, string, string, bool> Requests => new()
    {
        // Every role: HeadBucket and ListObjects need s3:ListBucket; the region look-up GetBucketLocation.
        { "trainer", "s3:ListBucket", Bucket, true },
        { "inference", "s3:ListBucket", Bucket, true },
        { "operator", "s3:ListBucket", Bucket, true },
        { "operator", "s3:GetBucketLocation", Bucket, true },
        // Trainers: read data (events) and models, publish versions; never delete, never touch events.
        { "trainer", "s3:GetObject", Manifest, true },
        { "trainer", "s3:GetObject", Event, true },
        { "trainer", "s3:GetObject", Data, true },
        { "trainer", "s3:PutObject", Data, false },
        { "inference", "s3:GetObject", Data, false },
        { "operator", "s3:GetObject", Data, false },
        { "trainer", "s3:PutObject", Model, true },
        { "trainer", "s3:PutObject", Manifest, true },
        { "trainer", "s3:PutObject", Event, false },
        { "trainer", "s3:AbortMultipartUpload", Model, true },
        { "trainer", "s3:AbortMultipartUpload", Event, false },
        { "trainer", "s3:DeleteObject", Model, false },
        // Inference: read models, append events; never write or delete a model.
        { "inference", "s3:GetObject", Model, true },
        { "inference", "s3:PutObject", Event, true },
        { "inference", "s3:AbortMultipartUpload", Event, true },
        { "inference", "s3:AbortMultipartUpload", Model, false },
        { "inference", "s3:PutObject", Model, false },
        { "inference", "s3:PutObject", Manifest, false },
        { "inference", "s3:DeleteObject", Model, false },
        { "inference", "s3:GetObject", Event, false },
        // Operator: read manifests, delete artifacts; never publish.
        { "operator", "s3:GetObject", Manifest, true },
        { "operator", "s3:DeleteObject", Model, true },
        { "operator", "s3:DeleteObject", Manifest, true },
        { "operator", "s3:PutObject", Manifest, false },
        { "operator", "s3:DeleteObject", Event, false },
        // Operator: its store gc lists unfinished multipart uploads and aborts the stale ones, anywhere under the store.
        { "operator", "s3:ListBucketMultipartUploads", Bucket, true },
        { "operator", "s3:AbortMultipartUpload", Model, true },
        { "operator", "s3:AbortMultipartUpload", Event, true },
        { "operator", "s3:AbortMultipartUpload", "arn:aws:s3:::other-bucket/models/x", false },
        { "trainer", "s3:ListBucketMultipartUploads", Bucket, false },
        { "inference", "s3:ListBucketMultipartUploads", Bucket, false },
        // No role: other buckets, objects outside the layout, bucket administration, MinIO admin.
        { "trainer", "s3:GetObject", "arn:aws:s3:::other-bucket/models/x", false },
        { "trainer", "s3:PutObject", Bucket + "/elsewhere/x", false },
        { "inference", "s3:ListBucket", "arn:aws:s3:::other-bucket", false },
        { "trainer", "s3:DeleteBucket", Bucket, false },
        { "trainer", "s3:CreateBucket", Bucket, false },
        { "operator", "s3:PutBucketPolicy", Bucket, false },
        { "inference", "s3:PutBucketVersioning", Bucket, false },
        { "operator", "admin:CreateUser", "arn:aws:s3:::*", false },
        { "trainer", "s3:PutObjectAcl", Model, false },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task RolePolicy_AllowsWhatTheRoleDoes_AndDeniesTheRest(string role, string action, string resource, bool allowed)
    {
        var manifests = await Helm.TemplateAsync();

        Assert.Equal(allowed, PolicyOf(manifests, role).Allows(action, resource));
    }

    [Fact]
    public async Task RolePolicies_WithAStorePrefix_StayUnderThePrefix()
    {
        var manifests = await Helm.TemplateAsync("store.uri=s3://shop-models/prod");
        var trainer = PolicyOf(manifests, "trainer");
        var inference = PolicyOf(manifests, "inference");

        Assert.True(trainer.Allows("s3:PutObject", "arn:aws:s3:::shop-models/prod/models/recs/versions/v1/model.bin"));
        Assert.False(trainer.Allows("s3:PutObject", "arn:aws:s3:::shop-models/models/recs/versions/v1/model.bin"));
        Assert.False(trainer.Allows("s3:GetObject", "arn:aws:s3:::shop-models/staging/models/recs/versions/v1/model.bin"));
        Assert.True(inference.Allows("s3:PutObject", "arn:aws:s3:::shop-models/prod/events/part-1.jsonl"));
        Assert.True(inference.Allows("s3:ListBucket", "arn:aws:s3:::shop-models"));
        Assert.True(PolicyOf(manifests, "operator").Allows("s3:AbortMultipartUpload", "arn:aws:s3:::shop-models/prod/events/part-1.jsonl"));
        Assert.False(PolicyOf(manifests, "operator").Allows("s3:AbortMultipartUpload", "arn:aws:s3:::shop-models/staging/models/recs/versions/v1/model.bin"));
        Assert.Contains("mc mb --ignore-existing \"store/shop-models\"", SetupScript(manifests), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachRole_HasItsOwnSecretAndUser_AndTheSetupJobInstallsItsPolicy()
    {
        var manifests = await Helm.TemplateAsync();
        var job = manifests.Single("Job", Users);
        var policies = manifests.Single("ConfigMap", Users)["data"]!.AsObject();
        var script = SetupScript(manifests);

        Assert.Equal("post-install,post-upgrade", (string?)job["metadata"]!["annotations"]!["helm.sh/hook"]);
        Assert.Contains("for role in trainer inference operator;", script, StringComparison.Ordinal);
        Assert.All(new[] { "mc admin policy create", "mc admin user add", "mc admin policy attach" }, step => Assert.Contains(step, script, StringComparison.Ordinal));
        Assert.Equal(["inference.json", "operator.json", "trainer.json"], policies.Select(p => p.Key).Order(StringComparer.Ordinal));
        var mounted = job["spec"]!["template"]!["spec"]!["volumes"]!.AsArray().Select(v => (string?)v!["secret"]?["secretName"]).OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal([RoleSecret("inference"), RoleSecret("operator"), RoleSecret("trainer")], mounted);
        Assert.All(new[] { "trainer", "inference", "operator" }, role =>
        {
            var secret = manifests.Single("Secret", RoleSecret(role))["stringData"]!;
            Assert.Equal($"ecml-{role}", (string?)secret["AWS_ACCESS_KEY_ID"]);
            Assert.True(((string?)secret["AWS_SECRET_ACCESS_KEY"])?.Length >= 8, $"{role}: MinIO needs a secret key of 8 or more characters");
        });
        var passwords = new[] { Minio, RoleSecret("trainer"), RoleSecret("inference"), RoleSecret("operator") }
            .Select(name => (string?)manifests.Single("Secret", name)["stringData"]!["AWS_SECRET_ACCESS_KEY"]);
        Assert.Equal(4, passwords.Distinct().Count());
    }

    [Fact]
    public async Task RootCredentials_ReachOnlyMinioAndTheSetupJob()
    {
        var manifests = await Helm.TemplateAsync("postgresql.enabled=true");

        var readers = manifests.PodSpecs()
            .Where(p => SecretNames(p.PodSpec).Contains(Minio))
            .Select(p => p.Workload).Order(StringComparer.Ordinal);

        Assert.Equal([$"Job/{Users}", $"StatefulSet/{Minio}"], readers);
    }

    [Fact]
    public async Task Operator_GetsItsOwnSecret_AndHandsTrainersAndInferenceTheirs()
    {
        var manifests = await Helm.TemplateAsync();
        var options = OperatorOptionsOf(manifests);

        Assert.Equal([RoleSecret("operator")], SecretNames(OperatorPod(manifests)));
        Assert.Equal(RoleSecret("trainer"), options.Workload.TrainerCredentialsSecretName);
        Assert.Equal(RoleSecret("inference"), options.Workload.InferenceCredentialsSecretName);
        Assert.Null(options.Workload.CredentialsSecretName);
    }

    [Fact]
    public async Task BringYourOwnS3_OneSecretServesEveryRole_UnlessARoleNamesItsOwn()
    {
        string[] external = ["minio.enabled=false", "store.uri=s3://shop-models/prod", "store.s3Endpoint=https://s3.example.com", "store.credentialsSecret=s3-credentials"];
        var shared = await Helm.TemplateAsync(external);
        var split = await Helm.TemplateAsync([.. external, "store.trainerCredentialsSecret=s3-trainer", "store.operatorCredentialsSecret=s3-operator"]);

        var sharedOptions = OperatorOptionsOf(shared);
        Assert.Equal("s3-credentials", sharedOptions.Workload.CredentialsSecretName);
        Assert.Equal("s3-credentials", sharedOptions.Workload.TrainerCredentialsSecretName);
        Assert.Equal("s3-credentials", sharedOptions.Workload.InferenceCredentialsSecretName);
        Assert.Equal(["s3-credentials"], SecretNames(OperatorPod(shared)));
        Assert.Empty(shared.OfKind("Job"));
        Assert.DoesNotContain(shared.OfKind("ConfigMap"), c => Manifests.Name(c).EndsWith("-minio-users", StringComparison.Ordinal));

        var splitOptions = OperatorOptionsOf(split);
        Assert.Equal("s3-trainer", splitOptions.Workload.TrainerCredentialsSecretName);
        Assert.Equal("s3-credentials", splitOptions.Workload.InferenceCredentialsSecretName);
        Assert.Equal(["s3-operator"], SecretNames(OperatorPod(split)));
    }

    [Fact]
    public async Task WithoutMinioOrASecret_FailsSayingWhatToSet()
    {
        var result = await Helm.TemplateRawAsync("minio.enabled=false", "store.uri=s3://shop-models", "store.s3Endpoint=https://s3.example.com");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("store.credentialsSecret (or store.", result.Error, StringComparison.Ordinal);
    }

    private static string SetupScript(Manifests manifests) =>
        (string)manifests.Single("Job", Users)["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]![0]!;

    private static JsonObject OperatorPod(Manifests manifests) =>
        manifests.Single("Deployment", Operator)["spec"]!["template"]!["spec"]!.AsObject();

    private static OperatorOptions OperatorOptionsOf(Manifests manifests)
    {
        var env = OperatorPod(manifests)["containers"]![0]!["env"]!.AsArray()
            .Where(e => e!["value"] is not null)
            .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"], StringComparer.Ordinal);
        env["POD_NAMESPACE"] = Helm.Namespace;
        return OperatorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(env).Build());
    }

    /// <summary>Every Secret a Pod reads, through env, envFrom or volumes.</summary>
    private static string[] SecretNames(JsonObject podSpec)
    {
        var containers = podSpec["containers"]!.AsArray().Concat(podSpec["initContainers"] as JsonArray ?? []).Select(c => c!).ToList();
        var fromEnv = containers.SelectMany(c => c["env"] as JsonArray ?? []).Select(e => (string?)e!["valueFrom"]?["secretKeyRef"]?["name"]);
        var fromEnvFrom = containers.SelectMany(c => c["envFrom"] as JsonArray ?? []).Select(e => (string?)e!["secretRef"]?["name"]);
        var fromVolumes = (podSpec["volumes"] as JsonArray ?? []).Select(v => (string?)v!["secret"]?["secretName"]);
        return [.. fromEnv.Concat(fromEnvFrom).Concat(fromVolumes).OfType<string>().Distinct().Order(StringComparer.Ordinal)];
    }
}
