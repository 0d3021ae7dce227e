using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class TrainingJobStatusCalculatorTests
{
    private static readonly DateTime Started = new(2026, 11, 23, 2, 8, 40, DateTimeKind.Utc);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 10, 0, TimeSpan.Zero));

    private static V1Job Job(V1JobStatus status, bool suspend = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-recs-1-abcdef12", NamespaceProperty = "shop" },
        Spec = new V1JobSpec { Suspend = suspend, Template = new V1PodTemplateSpec() },
        Status = status,
    };

    private static V1JobCondition Condition(string type, string reason, string message = "") =>
        new() { Type = type, Status = "True", Reason = reason, Message = message };

    private static V1Pod Pod(string phase, int? exitCode = null, string? message = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "shop-recs-1-abcdef12-x7k2p", CreationTimestamp = Started },
        Status = new V1PodStatus
        {
            Phase = phase,
            ContainerStatuses = exitCode is null ? null :
            [
                new V1ContainerStatus
                {
                    Name = "trainer",
                    State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = exitCode.Value, Message = message, Reason = "Error" } },
                },
            ],
        },
    };

    private TrainingJobStatus Compute(V1Job? job, params V1Pod[] pods) => TrainingJobStatusCalculator.Compute(TestResources.TrainingJob(), job, pods, _time);

    [Fact]
    public void Compute_WhenTheStoreFoundTheVersion_RecordsItAndNamesItInTheMessage_AndRecomputingChangesNothing()
    {
        var trainingJob = TestResources.TrainingJob();
        var job = Job(new V1JobStatus { Succeeded = 1, Conditions = [Condition("Complete", "CompletionsReached")] });
        var published = new PublishedVersion("20261123T020500Z-aaaaaa", "s3://models/models/shop-recs/versions/20261123T020500Z-aaaaaa/",
            new Dictionary<string, double> { ["ndcg_at_10"] = 0.31 }, null);

        trainingJob.Status = TrainingJobStatusCalculator.Compute(trainingJob, job, [], _time, Publication.Found(published));
        _time.Advance(TimeSpan.FromMinutes(5));
        var recomputed = TrainingJobStatusCalculator.Compute(trainingJob, job, [], _time);

        Assert.Equal("Published shop-recs version 20261123T020500Z-aaaaaa.", trainingJob.Status.Message);
        Assert.Equal(published.ArtifactUri, trainingJob.Status.ArtifactUri);
        Assert.Equal(k8s.KubernetesJson.Serialize(trainingJob.Status), k8s.KubernetesJson.Serialize(recomputed));
    }

    [Fact]
    public void Compute_WhenTheJobCompletedButTheStoreHoldsNoVersion_FailsWithArtifactUploadFailed()
    {
        var job = Job(new V1JobStatus { Succeeded = 1, Conditions = [Condition("Complete", "CompletionsReached")] });

        var status = TrainingJobStatusCalculator.Compute(TestResources.TrainingJob(), job, [], _time, Publication.NotFound("no version from shop/shop-recs-1"));

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(ConditionStatus.False, Conditions.Find(status.Conditions, TrainingJobConditions.Succeeded)!.Status);
        Assert.Equal(TrainingJobReasons.ArtifactUploadFailed, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Equal("no version from shop/shop-recs-1", status.Message);
    }

    [Fact]
    public void Compute_WithoutAJob_IsPendingAndNotCreated()
    {
        var status = Compute(null);

        Assert.Equal(TrainingJobPhases.Pending, status.Phase);
        Assert.Equal(ConditionStatus.False, Conditions.Find(status.Conditions, TrainingJobConditions.Created)!.Status);
        Assert.Equal(1, status.ObservedGeneration);
    }

    [Fact]
    public void Compute_WhenThePodRuns_IsRunningWithStartTimeAndAttempts()
    {
        var status = Compute(Job(new V1JobStatus { Active = 1, Ready = 1, StartTime = Started }), Pod("Running"));

        Assert.Equal(TrainingJobPhases.Running, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Created));
        Assert.True(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Running));
        Assert.False(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Failed));
        Assert.Equal((Started, 1, "shop-recs-1-abcdef12"), (status.StartTime, status.Attempts, status.JobName));
    }

    [Fact]
    public void Compute_WhenThePodIsNotRunningYet_IsPending()
    {
        var status = Compute(Job(new V1JobStatus { Active = 1, StartTime = Started }), Pod("Pending"));

        Assert.Equal(TrainingJobPhases.Pending, status.Phase);
        Assert.Equal(TrainingJobReasons.PodsPending, status.Conditions!.Single(c => c.Type == TrainingJobConditions.Running).Reason);
    }

    [Theory]
    [InlineData("CreateContainerConfigError", "secret \"shop-db\" not found", "The trainer Pod cannot start: CreateContainerConfigError: secret \"shop-db\" not found")]
    [InlineData("ImagePullBackOff", null, "The trainer Pod cannot start: ImagePullBackOff")]
    [InlineData("ContainerCreating", null, "Waiting for the trainer Pod to start.")]
    public void Compute_WhenTheTrainerContainerWaits_SaysWhy(string reason, string? message, string expected)
    {
        var pod = Pod("Pending");
        pod.Status.ContainerStatuses = [new V1ContainerStatus { Name = "trainer", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = reason, Message = message } } }];

        var status = Compute(Job(new V1JobStatus { Active = 1, StartTime = Started }), pod);

        Assert.Equal(TrainingJobPhases.Pending, status.Phase);
        Assert.Equal(expected, status.Message);
    }

    [Fact]
    public void Compute_WhenTheJobCompleted_Succeeds()
    {
        var completed = Started.AddMinutes(6);
        var status = Compute(Job(new V1JobStatus { Succeeded = 1, StartTime = Started, CompletionTime = completed, Conditions = [Condition("Complete", "CompletionsReached")] }));

        Assert.Equal(TrainingJobPhases.Succeeded, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Succeeded));
        Assert.False(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Running));
        Assert.Equal(completed, status.CompletionTime);
    }

    [Theory]
    [InlineData("BackoffLimitExceeded", TrainingJobReasons.BackoffLimitExceeded)]
    [InlineData("DeadlineExceeded", TrainingJobReasons.DeadlineExceeded)]
    [InlineData("MaxFailedIndexesExceeded", TrainingJobReasons.JobFailed)]
    public void Compute_WhenTheJobFailed_MapsKubernetesReason(string jobReason, string expected)
    {
        var status = Compute(
            Job(new V1JobStatus { Failed = 3, StartTime = Started, Conditions = [Condition("Failed", jobReason, "Job has reached the specified backoff limit")] }),
            Pod("Failed", exitCode: 1, message: "Unhandled exception.\nerror: store unreachable"));

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        var failed = Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!;
        Assert.Equal((ConditionStatus.True, expected), (failed.Status, failed.Reason));
        Assert.Contains("store unreachable", status.Message, StringComparison.Ordinal);
        Assert.Equal(3, status.Attempts);
    }

    [Fact]
    public void Compute_WhenTheTrainerExitedWith3_FailsWithGateNotMetAndTheTrainersLine()
    {
        var status = Compute(
            Job(new V1JobStatus { Failed = 1, Conditions = [Condition("Failed", "PodFailurePolicy")] }),
            Pod("Failed", exitCode: 3, message: "published shop-recs\nerror: gate not met: ndcg_at_10 = 0.12, below the minimum 0.2; version v was published but will not be served as latest."));

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.GateNotMet, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Contains("ndcg_at_10 = 0.12, below the minimum 0.2", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_WhenTheTrainerExitedWith4_FailsWithChampionNotBeatenSayingBothValues()
    {
        var status = Compute(
            Job(new V1JobStatus { Failed = 1, Conditions = [Condition("Failed", "PodFailurePolicy")] }),
            Pod("Failed", exitCode: 4, message: "published shop-recs\nerror: champion not beaten: ndcg_at_10 = 0.21 against 0.25 of champion 20261123T014200Z-1a2b3c: worse by more than 0.01; version v was published but will not be served as latest."));

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.ChampionNotBeaten, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.StartsWith("The model lost to the servable version: champion not beaten: ndcg_at_10 = 0.21 against 0.25 of champion", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_WhenTheTrainerExitedWith2_IsInvalidSpecWithTheTrainersMessage()
    {
        var status = Compute(
            Job(new V1JobStatus { Failed = 1, Conditions = [Condition("Failed", "PodFailurePolicy", "Container trainer for pod shop/x failed with exit code 2 matching FailJob rule at index 0")] }),
            Pod("Failed", exitCode: 2, message: "reading data from synthetic\nerror: Unknown hyperparameter 'alpha' for item-cosine. Accepted: none."));

        Assert.Equal(TrainingJobPhases.Failed, status.Phase);
        Assert.Equal(TrainingJobReasons.InvalidSpec, Conditions.Find(status.Conditions, TrainingJobConditions.Failed)!.Reason);
        Assert.Equal("The trainer refused the spec: Unknown hyperparameter 'alpha' for item-cosine. Accepted: none.", status.Message);
    }

    [Fact]
    public void Compute_WhenTheJobIsSuspended_IsSuspended()
    {
        var status = Compute(Job(new V1JobStatus(), suspend: true));

        Assert.Equal(TrainingJobPhases.Suspended, status.Phase);
        Assert.True(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Suspended));
        Assert.False(Conditions.IsTrue(status.Conditions, TrainingJobConditions.Running));
    }

    [Fact]
    public void Compute_KeepsThePublishedVersionAndTheTransitionTimesOfUnchangedConditions()
    {
        var trainingJob = TestResources.TrainingJob();
        var running = Job(new V1JobStatus { Active = 1, Ready = 1, StartTime = Started });
        trainingJob.Status = TrainingJobStatusCalculator.Compute(trainingJob, running, [Pod("Running")], _time);
        trainingJob.Status.ModelVersion = "20261123T021500Z-1a2b3c";
        var createdAt = Conditions.Find(trainingJob.Status.Conditions, TrainingJobConditions.Created)!.LastTransitionTime;
        _time.Advance(TimeSpan.FromMinutes(5));

        var status = TrainingJobStatusCalculator.Compute(trainingJob, Job(new V1JobStatus { Succeeded = 1, Conditions = [Condition("Complete", "CompletionsReached")] }), [], _time);

        Assert.Equal("20261123T021500Z-1a2b3c", status.ModelVersion);
        Assert.Equal(createdAt, Conditions.Find(status.Conditions, TrainingJobConditions.Created)!.LastTransitionTime);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, Conditions.Find(status.Conditions, TrainingJobConditions.Succeeded)!.LastTransitionTime);
        Assert.Equal(TrainingJobPhases.Running, trainingJob.Status.Phase);
        Assert.Equal(5, status.Conditions!.Count);
    }
}
