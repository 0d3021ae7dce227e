using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Builders;

/// <summary>
/// Every Job, Deployment, Service and HorizontalPodAutoscaler the builders produce, over the specs
/// that change their shape, checked against the Kubernetes API's own schemas (kubernetes-models):
/// without an API server here, this is what a cluster would first judge.
/// </summary>
public sealed class BuiltObjectsSchemaTests
{
    private static readonly ResourcesSpec SomeResources = new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("2Gi") },
    };

    private static IEnumerable<TrainingJob> TrainingJobs() =>
    [
        TestResources.TrainingJob(),
        TestResources.TrainingJob("from-db", spec =>
        {
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } };
            spec.Hyperparameters = new Dictionary<string, string> { ["neighbors"] = "20" };
            spec.Evaluation = new EvaluationSpec { HoldoutDays = 14, K = 20, Gate = new GateSpec { Metric = "ndcg_at_10", Minimum = 0.2 } };
            spec.Output = new OutputSpec { Store = "s3://other/models", CredentialsSecretRef = new SecretReference { Name = "other-store" }, DeleteArtifactsOnDelete = true };
            spec.RunPolicy = new RunPolicySpec { BackoffLimit = 0, ActiveDeadlineSeconds = 3600, TtlSecondsAfterFinished = 600, Suspend = true };
            spec.Resources = SomeResources;
            spec.Image = "registry.shop.internal/trainer:2.1";
        }),
        TestResources.TrainingJob("a-very-long-training-job-name-that-is-cut-to-fit-the-job-name-limit"),
    ];

    private static IEnumerable<ModelDeployment> ModelDeployments() =>
    [
        TestResources.ModelDeployment(),
        TestResources.ModelDeployment("shop-recs-canary", spec =>
        {
            spec.Version = "20261123-021000-3f2a";
            spec.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 8, TargetCPUUtilizationPercentage = 60 };
            spec.Rollout = new RolloutSpec { Strategy = "Canary", CanaryTrafficPercent = 20, AnalysisSeconds = 120 };
            spec.Resources = SomeResources;
            spec.Image = "registry.shop.internal/inference:2.1";
        }),
        TestResources.ModelDeployment("shop-recs-autoscaled", spec => spec.Autoscaling = new AutoscalingSpec { MaxReplicas = 4 }),
    ];

    [Fact]
    public async Task EveryBuiltObject_IsValidByTheKubernetesApiSchemas()
    {
        var objects = new List<object>();
        objects.AddRange(TrainingJobs().Select(tj => TrainingJobBuilder.Build(tj, TestResources.Settings)));
        foreach (var deployment in ModelDeployments())
        {
            objects.Add(ModelDeploymentBuilder.BuildDeployment(deployment, "20261123-021000-3f2a", TestResources.Settings));
            objects.Add(ModelDeploymentBuilder.BuildDeployment(deployment, "20261124-021000-9b1c", TestResources.Settings, replicas: 1, canary: true));
            objects.Add(ModelDeploymentBuilder.BuildService(deployment));
            if (ModelDeploymentBuilder.BuildAutoscaler(deployment) is { } autoscaler)
            {
                objects.Add(autoscaler);
            }
        }

        Assert.Contains(objects, o => o is V2HorizontalPodAutoscaler);
        await KubernetesSchemas.AssertValidAsync(objects);
    }

    [Fact]
    public async Task TheSchemaCheck_RejectsWhatAnApiServerWouldRefuse()
    {
        var job = TrainingJobBuilder.Build(TestResources.TrainingJob(), TestResources.Settings);
        var json = System.Text.Json.Nodes.JsonNode.Parse(k8s.KubernetesJson.Serialize(job))!;
        json["spec"]!["backoffLimit"] = "three";
        json["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["name"] = "http" });

        var verdict = Assert.Single(await KubernetesSchemas.ValidateAsync([json]));

        Assert.Contains("spec/backoffLimit must be integer", verdict.Error, StringComparison.Ordinal);
        Assert.Contains("containers/0/ports/0 must have required property containerPort", verdict.Error, StringComparison.Ordinal);
    }
}
