using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class PredictorHealthTests
{
    private const string Version = "20261123T010000Z-aaaaaa";
    private static readonly DateTime Started = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    private static V1Deployment Deployment(V1DeploymentStatus? status, long generation = 2)
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), Version, TestResources.Settings, replicas: 3);
        deployment.Metadata.Generation = generation;
        deployment.Metadata.Annotations = new Dictionary<string, string> { [PredictorHealth.RolloutStartedAnnotation] = "2026-11-23T03:00:00Z" };
        deployment.Status = status;
        return deployment;
    }

    private static V1DeploymentStatus Counts(int replicas, int updated, int available, long observedGeneration = 2) =>
        new() { ObservedGeneration = observedGeneration, Replicas = replicas, UpdatedReplicas = updated, AvailableReplicas = available, ReadyReplicas = available };

    private static Health Of(V1Deployment? deployment, params V1Pod[] pods) => PredictorHealth.Of(deployment, Version, pods, Started.AddSeconds(30), analysisSeconds: 60);

    [Fact]
    public void RolledOut_NeedsTheLatestGenerationObserved_EveryReplicaUpdated_NoOldOnes_AllAvailable()
    {
        Assert.Equal(RolloutState.Ready, Of(Deployment(Counts(3, 3, 3))).State);
        Assert.Equal(RolloutState.Progressing, Of(Deployment(Counts(3, 3, 3, observedGeneration: 1))).State);
        Assert.Equal(RolloutState.Progressing, Of(Deployment(Counts(4, 3, 3))).State);
        Assert.Equal(RolloutState.Progressing, Of(Deployment(Counts(3, 3, 2))).State);
        Assert.Equal(RolloutState.Progressing, Of(Deployment(null)).State);
    }

    [Fact]
    public void ADeploymentOnAnotherVersion_OrNone_IsPending()
    {
        Assert.Equal(RolloutState.Pending, Of(null).State);
        Assert.Equal(RolloutState.Pending, PredictorHealth.Of(Deployment(Counts(3, 3, 3)), "20261123T020000Z-bbbbbb", [], Started, 60).State);
    }

    [Fact]
    public void ProgressDeadlineExceeded_Fails()
    {
        var status = Counts(3, 1, 0);
        status.Conditions = [new V1DeploymentCondition { Type = "Progressing", Status = "False", Reason = "ProgressDeadlineExceeded", Message = "ReplicaSet has timed out progressing." }];

        var health = Of(Deployment(status));

        Assert.Equal((RolloutState.Failed, ModelDeploymentReasons.ProgressDeadlineExceeded), (health.State, health.Reason));
        Assert.Contains("timed out", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACrashLoopingPodOfTheVersionAndTrack_Fails_OneOfAnotherTrackDoesNot()
    {
        var deployment = Deployment(Counts(3, 1, 0));
        V1Pod Pod(string track) => new()
        {
            Metadata = new V1ObjectMeta { Name = $"p-{track}", Labels = new Dictionary<string, string>(deployment.Spec.Template.Metadata.Labels) { [ModelDeploymentBuilder.TrackLabel] = track } },
            Status = new V1PodStatus { ContainerStatuses = [new V1ContainerStatus { Name = "inference", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } } }] },
        };

        Assert.Equal(ModelDeploymentReasons.CrashLoopBackOff, Of(deployment, Pod(ModelDeploymentBuilder.StableTrack)).Reason);
        Assert.Equal(RolloutState.Progressing, Of(deployment, Pod(ModelDeploymentBuilder.CanaryTrack)).State);
    }

    [Fact]
    public void AStuckPodsMessage_IsRedactedBeforeItReachesStatus()
    {
        var deployment = Deployment(Counts(3, 1, 0));
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p-stable", Labels = new Dictionary<string, string>(deployment.Spec.Template.Metadata.Labels) },
            Status = new V1PodStatus
            {
                ContainerStatuses =
                [
                    new V1ContainerStatus
                    {
                        Name = "inference",
                        State = new V1ContainerState
                        {
                            Waiting = new V1ContainerStateWaiting
                            {
                                Reason = "CreateContainerConfigError",
                                Message = "invalid env ECML_STORE=s3://minio:sk_live_51HqLyjWDarjtT1zdp7dc@minio:9000/models",
                            },
                        },
                    },
                ],
            },
        };

        var health = Of(deployment, pod);

        Assert.Equal(RolloutState.Failed, health.State);
        Assert.DoesNotContain("sk_live_51HqLyjWDarjtT1zdp7dc", health.Message, StringComparison.Ordinal);
        Assert.Contains(SecretRedaction.Mask, health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotReadyWithinTheAnalysisWindow_Fails()
    {
        var health = PredictorHealth.Of(Deployment(Counts(3, 3, 1)), Version, [], Started.AddSeconds(61), analysisSeconds: 60);

        Assert.Equal((RolloutState.Failed, ModelDeploymentReasons.AnalysisTimeout), (health.State, health.Reason));
        Assert.Contains("1 of 3 available", health.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GateResult.Minimum, 0.30, 0.29, true)]
    [InlineData(GateResult.Minimum, 0.30, 0.30, false)]
    [InlineData(GateResult.Maximum, 0.90, 0.95, true)]
    [InlineData(GateResult.Maximum, 0.90, 0.80, false)]
    public void GateComparison_FollowsTheGatesDirection(string bound, double current, double candidate, bool worse)
    {
        ModelManifest Manifest(string version, double value) => new()
        {
            Model = "m", Version = version, Task = "forecast", Algorithm = "ets", CreatedAt = DateTimeOffset.UnixEpoch,
            Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null),
            Metrics = new Dictionary<string, double> { ["metric"] = value },
            Gate = new GateResult("metric", bound, 0.5, value, true),
            Files = new Dictionary<string, string>(),
        };

        var because = GateComparison.WorseBecause(Manifest("v1", current), Manifest("v2", candidate));

        Assert.Equal(worse, because is not null);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void GateComparison_WhenTheCandidateWasScoredAgainstTheServingVersion_UsesThatSameWindowComparison(bool passed, bool worse)
    {
        // Recorded metrics say the candidate is better (0.40 against 0.30); the same-window comparison decides.
        ModelManifest Manifest(string version, double value) => new()
        {
            Model = "m", Version = version, Task = "recommendation", Algorithm = "ease", CreatedAt = DateTimeOffset.UnixEpoch,
            Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null),
            Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = value },
            Gate = new GateResult("ndcg_at_10", GateResult.Minimum, 0.1, value, true),
            Files = new Dictionary<string, string>(),
        };
        var current = Manifest("v1", 0.30);
        var candidate = Manifest("v2", 0.40) with { Champion = new ChampionComparison("v1", "ndcg_at_10", GateResult.Minimum, 0.25, 0.21, 0.01, passed) };

        var because = GateComparison.WorseBecause(current, candidate);

        Assert.Equal(worse, because is not null);
        Assert.True(because is null || because.Contains("same held-out window", StringComparison.Ordinal), because);
    }

    [Fact]
    public void GateComparison_WhenTheRecordedComparisonIsAgainstAnotherVersion_ComparesRecordedMetricsAndSaysSo()
    {
        ModelManifest Manifest(string version, double value) => new()
        {
            Model = "m", Version = version, Task = "forecast", Algorithm = "ets", CreatedAt = DateTimeOffset.UnixEpoch,
            Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null),
            Metrics = new Dictionary<string, double> { ["mase"] = value },
            Gate = new GateResult("mase", GateResult.Maximum, 2, value, true),
            Files = new Dictionary<string, string>(),
        };
        var candidate = Manifest("v3", 1.2) with { Champion = new ChampionComparison("v2", "mase", GateResult.Maximum, 1.3, 1.2, 0, true) };

        var because = GateComparison.WorseBecause(Manifest("v1", 1.0), candidate);

        Assert.Contains("each measured on its own held-out window", because, StringComparison.Ordinal);
    }

    [Fact]
    public void GateComparison_WithoutAGate_ComparesNothing()
    {
        var manifest = new ModelManifest
        {
            Model = "m", Version = "v1", Task = "churn", Algorithm = "logistic", CreatedAt = DateTimeOffset.UnixEpoch,
            Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null),
            Metrics = new Dictionary<string, double> { ["auc"] = 0.9 },
            Files = new Dictionary<string, string>(),
        };

        Assert.Null(GateComparison.WorseBecause(manifest, manifest with { Version = "v2", Metrics = new Dictionary<string, double> { ["auc"] = 0.1 } }));
    }
}
