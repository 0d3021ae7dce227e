using EcommerceMl.Inference.Options;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Builders;

public sealed class ModelDeploymentBuilderTests
{
    private const string Version = "20261123T014200Z-1a2b3c";

    [Fact]
    public void BuildDeployment_ServesThePinnedModelVersionFromTheOperatorsStore()
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings);
        var container = deployment.Spec.Template.Spec.Containers.Single();
        var env = container.Env.ToDictionary(e => e.Name);

        Assert.Equal("shop-recs-predictor", deployment.Metadata.Name);
        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("ghcr.io/ecommerce-ml/inference:1.0.0", container.Image);
        Assert.Equal("s3://models/shop", env["Ecml__Store"].Value);
        Assert.Equal($"shop-recs@{Version}", env["Ecml__Inference__Models__0"].Value);
        Assert.Equal("ecml-store", env["AWS_SECRET_ACCESS_KEY"].ValueFrom.SecretKeyRef.Name);
        Assert.Equal(Version, deployment.Spec.Template.Metadata.Labels["ml.ecommerce.dev/model-version"]);
    }

    [Fact]
    public void BuildDeployment_KeepsTheRolloutsRevisionHistoryLimit_ThreeByDefault()
    {
        var byDefault = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings);
        var one = ModelDeploymentBuilder.BuildDeployment(
            TestResources.ModelDeployment(configure: s => s.Rollout = new RolloutSpec { RevisionHistoryLimit = 1 }), Version, TestResources.Settings, canary: true);

        Assert.Equal((3, 1), (byDefault.Spec.RevisionHistoryLimit, one.Spec.RevisionHistoryLimit));
    }

    [Fact]
    public void BuildDeployment_UsesTheInferenceRolesOwnSecret_WhenConfigured()
    {
        var settings = TestResources.Settings with { TrainerCredentialsSecretName = "store-trainer", InferenceCredentialsSecretName = "store-inference" };

        var env = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, settings).Spec.Template.Spec.Containers.Single().Env.ToDictionary(e => e.Name);

        Assert.All(new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION" }, name => Assert.Equal("store-inference", env[name].ValueFrom.SecretKeyRef.Name));
    }

    [Fact]
    public void BuildDeployment_PinsTheResolvedVersionInAModelEntryTheServerParses()
    {
        var container = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings).Spec.Template.Spec.Containers.Single();
        var entry = container.Env.Single(e => e.Name == ModelDeploymentBuilder.ModelsVariable).Value;

        Assert.True(EcommerceMl.Inference.Options.ModelSpec.TryParse(entry, out var spec, out var error), error);
        Assert.Equal(("shop-recs", Version), (spec.Name, spec.Version));
    }

    [Fact]
    public void BuildDeployment_ProbesReadinessOnReadyzAndLivenessOnHealthz()
    {
        var container = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings).Spec.Template.Spec.Containers.Single();

        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal(8080, container.Ports.Single(p => p.Name == "http").ContainerPort);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BuildDeployment_AnnotatesItsPodsForPrometheusScraping_OnTheContainersMetricsPort(bool canary)
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings, canary: canary);
        var annotations = deployment.Spec.Template.Metadata.Annotations;

        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
        var port = deployment.Spec.Template.Spec.Containers.Single().Ports.Single(p => p.Name == ModelDeploymentBuilder.PortName);
        Assert.Equal(port.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
    }

    [Fact]
    public void BuildDeployment_RunsRestrictedAndOwnedByTheModelDeployment()
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings);
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("/tmp", container.VolumeMounts.Single().MountPath);
        Assert.Equal("uid-shop-recs", deployment.Metadata.OwnerReferences.Single().Uid);
        Assert.True(deployment.Metadata.OwnerReferences.Single().Controller);
    }

    [Fact]
    public void Selector_LeavesTheVersionOut_SoANewVersionRollsTheSameDeployment()
    {
        var mdep = TestResources.ModelDeployment();
        var first = ModelDeploymentBuilder.BuildDeployment(mdep, Version, TestResources.Settings);
        var next = ModelDeploymentBuilder.BuildDeployment(mdep, "20261124T000000Z-abcdef", TestResources.Settings);

        Assert.Equal(first.Spec.Selector.MatchLabels, next.Spec.Selector.MatchLabels);
        Assert.DoesNotContain("ml.ecommerce.dev/model-version", first.Spec.Selector.MatchLabels.Keys);
        Assert.All(first.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, first.Spec.Template.Metadata.Labels[label.Key]));
        Assert.Equal("0", first.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
    }

    [Fact]
    public void BuildDeployment_RefusesAnUnresolvedLatest()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), "latest", TestResources.Settings));

        Assert.Contains("Resolve 'latest'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildService_SelectsThePredictorPodsUnderTheModelDeploymentsName()
    {
        var mdep = TestResources.ModelDeployment();

        var service = ModelDeploymentBuilder.BuildService(mdep);

        Assert.Equal("shop-recs", service.Metadata.Name);
        Assert.Equal(ModelDeploymentBuilder.Selector(mdep), service.Spec.Selector);
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal((80, "http"), (port.Port, port.TargetPort.Value));
        Assert.Equal("http://shop-recs.shop.svc", ModelDeploymentBuilder.Endpoint(mdep));
        Assert.Equal("uid-shop-recs", service.Metadata.OwnerReferences.Single().Uid);
    }

    [Fact]
    public void BuildDeployment_ForTheCanary_IsASecondDeploymentOnItsOwnTrackBehindTheSameService()
    {
        var mdep = TestResources.ModelDeployment();

        var stable = ModelDeploymentBuilder.BuildDeployment(mdep, Version, TestResources.Settings);
        var canary = ModelDeploymentBuilder.BuildDeployment(mdep, Version, TestResources.Settings, replicas: 1, canary: true);
        var service = ModelDeploymentBuilder.BuildService(mdep);

        Assert.Equal(("shop-recs-predictor-canary", 1), (canary.Metadata.Name, canary.Spec.Replicas));
        Assert.Equal(ModelDeploymentBuilder.CanaryTrack, canary.Spec.Selector.MatchLabels[ModelDeploymentBuilder.TrackLabel]);
        Assert.Equal(ModelDeploymentBuilder.StableTrack, stable.Spec.Selector.MatchLabels[ModelDeploymentBuilder.TrackLabel]);
        Assert.All([stable, canary], d => Assert.All(service.Spec.Selector, label => Assert.Equal(label.Value, d.Spec.Template.Metadata.Labels[label.Key])));
    }

    [Fact]
    public void BuildAutoscaler_TargetsTheStableDeploymentOnCpu_OnlyWhenAutoscalingIsSet()
    {
        Assert.Null(ModelDeploymentBuilder.BuildAutoscaler(TestResources.ModelDeployment()));

        var hpa = ModelDeploymentBuilder.BuildAutoscaler(TestResources.ModelDeployment(configure: spec => spec.Autoscaling = new AutoscalingSpec { MaxReplicas = 8 }))!;

        Assert.Equal(("apps/v1", "Deployment", "shop-recs-predictor"), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((1, 8), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        var metric = Assert.Single(hpa.Spec.Metrics).Resource;
        Assert.Equal(("cpu", "Utilization", 80), (metric.Name, metric.Target.Type, metric.Target.AverageUtilization));
        Assert.Equal("uid-shop-recs", hpa.Metadata.OwnerReferences.Single().Uid);
    }
}
