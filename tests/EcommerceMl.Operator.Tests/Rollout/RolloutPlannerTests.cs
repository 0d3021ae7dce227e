using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Rollout;

public sealed class RolloutPlannerTests
{
    private const string V1 = "20261123T010000Z-aaaaaa";
    private const string V2 = "20261123T020000Z-bbbbbb";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));

    private static V1Deployment RolledOut(ModelDeployment md, string version, int replicas, bool canary = false)
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(md, version, TestResources.Settings, replicas, canary);
        deployment.Metadata.Generation = 1;
        deployment.Metadata.CreationTimestamp = new DateTime(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
        deployment.Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = replicas, UpdatedReplicas = replicas, ReadyReplicas = replicas, AvailableReplicas = replicas };
        return deployment;
    }

    private RolloutPlan Plan(ModelDeployment md, VersionResolution resolution, V1Deployment? stable = null, V1Deployment? canary = null, string? worse = null) =>
        RolloutPlanner.Plan(new RolloutInputs(md, resolution, stable, canary, [], worse, _time.GetUtcNow().UtcDateTime));

    private static ModelDeployment Serving(string version, Action<ModelDeploymentSpec>? configure = null)
    {
        var md = TestResources.ModelDeployment(configure: configure);
        md.Status = new ModelDeploymentStatus { CurrentVersion = version };
        return md;
    }

    private static string? ConditionStatusOf(RolloutPlan plan, string type) => Conditions.Find(plan.Status.Conditions, type)?.Status;

    [Fact]
    public void Ready_IsTheAndOfPredictorAndCanary_AndCanaryReadyAppearsOnlyDuringACanary()
    {
        var md = Serving(V1, spec => spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary });

        var settled = Plan(md, VersionResolution.Found(V1), RolledOut(md, V1, 2));
        var canarying = Plan(md, VersionResolution.Found(V2), RolledOut(md, V1, 1));

        Assert.Equal((ConditionStatus.True, ConditionStatus.True), (ConditionStatusOf(settled, ModelDeploymentConditions.PredictorReady), ConditionStatusOf(settled, ModelDeploymentConditions.Ready)));
        Assert.Null(ConditionStatusOf(settled, ModelDeploymentConditions.CanaryReady));
        Assert.Equal(ConditionStatus.True, ConditionStatusOf(canarying, ModelDeploymentConditions.PredictorReady));
        Assert.Equal(ConditionStatus.False, ConditionStatusOf(canarying, ModelDeploymentConditions.CanaryReady));
        Assert.Equal(ConditionStatus.False, ConditionStatusOf(canarying, ModelDeploymentConditions.Ready));
        Assert.Equal(ModelDeploymentReasons.Progressing, Conditions.Find(canarying.Status.Conditions, ModelDeploymentConditions.Ready)!.Reason);
    }

    [Fact]
    public void AnUnresolvableVersion_KeepsServingTheCurrentOne_ButIsNotReady()
    {
        var md = Serving(V1);

        var plan = Plan(md, VersionResolution.Missing(ModelDeploymentReasons.VersionNotFound, "no such version"), RolledOut(md, V1, 2));

        Assert.Equal(V1, plan.StableVersion);
        Assert.Equal(ConditionStatus.True, ConditionStatusOf(plan, ModelDeploymentConditions.PredictorReady));
        Assert.Equal(ConditionStatus.False, ConditionStatusOf(plan, ModelDeploymentConditions.Ready));
        Assert.Equal(TransitionStatuses.InvalidSpec, plan.Status.ModelStatus!.TransitionStatus);
    }

    [Theory]
    [InlineData(4, 25, 3, 1)]
    [InlineData(2, 10, 1, 1)]
    [InlineData(1, 50, 1, 1)]
    [InlineData(10, 30, 7, 3)]
    public void CanaryReplicas_AreItsShareOfTheReplicas_AtLeastOne_LeavingTheCurrentVersionAtLeastOne(int replicas, int percent, int stable, int canary)
    {
        var md = Serving(V1, spec =>
        {
            spec.Replicas = replicas;
            spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary, CanaryTrafficPercent = percent };
        });

        var plan = Plan(md, VersionResolution.Found(V2), RolledOut(md, V1, replicas));

        Assert.Equal((V1, stable, V2, canary), (plan.StableVersion, plan.StableReplicas, plan.CanaryVersion, plan.CanaryReplicas));
        Assert.Equal(100, plan.Status.Traffic!.Sum(t => t.Percent));
    }

    [Fact]
    public void ACanaryWorseOnTheGateMetric_IsNotPromotedEvenWhenReady()
    {
        var md = Serving(V1, spec => spec.Rollout = new RolloutSpec { Strategy = RolloutSpec.Canary });

        var plan = Plan(md, VersionResolution.Found(V2), RolledOut(md, V1, 1), RolledOut(md, V2, 1, canary: true), worse: "ndcg_at_10 is lower");

        Assert.Null(plan.CanaryVersion);
        Assert.Equal(V1, plan.Status.CurrentVersion);
        Assert.Equal(ModelDeploymentReasons.CandidateWorse, Conditions.Find(plan.Status.Conditions, ModelDeploymentConditions.RolledBack)!.Reason);
        Assert.Equal(TransitionStatuses.BlockedByFailedLoad, plan.Status.ModelStatus!.TransitionStatus);
    }

    [Fact]
    public void WithAutoscaling_StableReplicasAreLeftToTheHpa()
    {
        var md = Serving(V1, spec => spec.Autoscaling = new AutoscalingSpec { MinReplicas = 2, MaxReplicas = 5 });

        var plan = Plan(md, VersionResolution.Found(V1), RolledOut(md, V1, 4));

        Assert.Null(plan.StableReplicas);
        Assert.Equal(4, plan.Status.ReadyReplicas);
    }
}
