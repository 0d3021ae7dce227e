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
}
