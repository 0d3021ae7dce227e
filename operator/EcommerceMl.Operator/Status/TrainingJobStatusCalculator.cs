using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// The TrainingJob's status recomputed from the world: its Job, the Job's Pods and, once the
/// trainer finished, what the store says it published. Pure (time is injected). The published
/// version, artifact URI and metrics are carried over once recorded, and every field (the message
/// too) derives from those facts alone, so a reconcile where nothing changed computes the status
/// it read and writes nothing.
/// </summary>
public static class TrainingJobStatusCalculator
{
    private const string JobComplete = "Complete";
    private const string JobFailed = "Failed";
    private const string JobSuspended = "Suspended";

    /// <param name="publication">The store's answer when the reconciler looked (the run finished and no version is recorded yet); else null.</param>
    public static TrainingJobStatus Compute(TrainingJob trainingJob, V1Job? job, IReadOnlyList<V1Pod> pods, TimeProvider time, Publication? publication = null)
    {
        ArgumentNullException.ThrowIfNull(trainingJob);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(time);
        var status = Copy(trainingJob.Status);
        var generation = trainingJob.Metadata?.Generation;
        var conditions = status.Conditions!;
        status.ObservedGeneration = generation;
        if (job is null)
        {
            const string waiting = "The trainer Job has not been created yet.";
            Conditions.Set(conditions, TrainingJobConditions.Created, ConditionStatus.False, TrainingJobReasons.JobNotCreated, waiting, generation, time);
            return Apply(status, new Outcome(TrainingJobPhases.Pending, TrainingJobReasons.JobNotCreated, waiting), generation, time);
        }

        status.JobName = job.Metadata?.Name;
        status.StartTime = job.Status?.StartTime;
        status.CompletionTime = job.Status?.CompletionTime;
        status.Attempts = (job.Status?.Failed ?? 0) + (job.Status?.Succeeded ?? 0) + (job.Status?.Active ?? 0);
        Conditions.Set(conditions, TrainingJobConditions.Created, ConditionStatus.True, TrainingJobReasons.JobCreated,
            $"Job {job.Metadata?.Name} runs the trainer.", generation, time);
        return Apply(status, Recorded(status, OutcomeOf(job, pods), publication, trainingJob.Spec?.Model), generation, time);
    }

    /// <summary>The status message of a run whose version is recorded.</summary>
    public static string PublishedMessage(string? model, string version) => $"Published {model} version {version}.";

    /// <summary>
    /// Records a version the store found and says what the outcome means with it: a success names
    /// its version; a success the store holds no version of is a failed upload.
    /// </summary>
    private static Outcome Recorded(TrainingJobStatus status, Outcome outcome, Publication? publication, string? model)
    {
        if (publication?.Version is { } published)
        {
            status.ModelVersion = published.Version;
            status.ArtifactUri = published.ArtifactUri;
            status.Metrics = new Dictionary<string, double>(published.Metrics, StringComparer.Ordinal);
            status.Gate = published.Gate;
        }

        if (outcome.Phase != TrainingJobPhases.Succeeded)
        {
            return outcome;
        }

        if (status.ModelVersion is { } version)
        {
            return outcome with { Message = PublishedMessage(model, version) };
        }

        if (publication?.UnreadableReason is { } reason)
        {
            // The Job finished, so the run is not Running any more; which version it published waits for the store.
            return outcome with { Reason = reason, Message = $"The trainer finished; its version is not recorded yet. {publication.NotFoundMessage} Looking again." };
        }

        return publication is null ? outcome : new Outcome(TrainingJobPhases.Failed, TrainingJobReasons.ArtifactUploadFailed, publication.NotFoundMessage);
    }

    /// <summary>The phase, reason and message the Job's state stands for.</summary>
    public static Outcome OutcomeOf(V1Job job, IReadOnlyList<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(pods);
        if (JobCondition(job, JobFailed) is { } failed)
        {
            var trainerSays = TrainerPods.FailureMessage(pods);
            if (TrainerPods.AnyRefusedInput(pods))
            {
                return new Outcome(TrainingJobPhases.Failed, TrainingJobReasons.InvalidSpec,
                    $"The trainer refused the spec: {trainerSays ?? "it exited with code 2 (invalid input)"}");
            }

            if (TrainerPods.AnyMissedGate(pods))
            {
                return new Outcome(TrainingJobPhases.Failed, TrainingJobReasons.GateNotMet,
                    $"The model missed its quality gate: {trainerSays ?? "the trainer exited with code 3"}");
            }

            if (TrainerPods.AnyLostToChampion(pods))
            {
                return new Outcome(TrainingJobPhases.Failed, TrainingJobReasons.ChampionNotBeaten,
                    $"The model lost to the servable version: {trainerSays ?? "the trainer exited with code 4"}");
            }

            var reason = failed.Reason switch
            {
                TrainingJobReasons.BackoffLimitExceeded => TrainingJobReasons.BackoffLimitExceeded,
                TrainingJobReasons.DeadlineExceeded => TrainingJobReasons.DeadlineExceeded,
                _ => TrainingJobReasons.JobFailed,
            };
            var detail = trainerSays is null ? failed.Message : $"{failed.Message} Last error: {trainerSays}";
            return new Outcome(TrainingJobPhases.Failed, reason, string.IsNullOrWhiteSpace(detail) ? $"The Job failed ({failed.Reason})." : detail.Trim());
        }

        if (JobCondition(job, JobComplete) is not null)
        {
            return new Outcome(TrainingJobPhases.Succeeded, TrainingJobReasons.TrainingSucceeded, "The trainer published a model version.");
        }

        if (job.Spec?.Suspend == true || JobCondition(job, JobSuspended) is not null)
        {
            return new Outcome(TrainingJobPhases.Suspended, TrainingJobReasons.SuspendedBySpec, "spec.runPolicy.suspend is true: the trainer does not run.");
        }

        if ((job.Status?.Active ?? 0) > 0 && ((job.Status?.Ready ?? 0) > 0 || TrainerPods.AnyRunning(pods)))
        {
            return new Outcome(TrainingJobPhases.Running, TrainingJobReasons.PodsRunning, "The trainer is running.");
        }

        return TrainerPods.StartProblem(pods) is { } problem
            ? new Outcome(TrainingJobPhases.Pending, TrainingJobReasons.PodsPending, $"The trainer Pod cannot start: {problem}")
            : new Outcome(TrainingJobPhases.Pending, TrainingJobReasons.PodsPending, "Waiting for the trainer Pod to start.");
    }

    private static TrainingJobStatus Apply(TrainingJobStatus status, Outcome outcome, long? generation, TimeProvider time)
    {
        var conditions = status.Conditions!;
        foreach (var (type, phase) in new[]
        {
            (TrainingJobConditions.Running, TrainingJobPhases.Running),
            (TrainingJobConditions.Succeeded, TrainingJobPhases.Succeeded),
            (TrainingJobConditions.Failed, TrainingJobPhases.Failed),
            (TrainingJobConditions.Suspended, TrainingJobPhases.Suspended),
        })
        {
            Conditions.Set(conditions, type, ConditionStatus.Of(outcome.Phase == phase), outcome.Reason, outcome.Message, generation, time);
        }

        status.Phase = outcome.Phase;
        status.Message = outcome.Message;
        return status;
    }

    private static V1JobCondition? JobCondition(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == ConditionStatus.True);

    private static TrainingJobStatus Copy(TrainingJobStatus? current) => new()
    {
        ObservedGeneration = current?.ObservedGeneration,
        Phase = current?.Phase,
        Conditions = Conditions.Copy(current?.Conditions),
        JobName = current?.JobName,
        Attempts = current?.Attempts,
        StartTime = current?.StartTime,
        CompletionTime = current?.CompletionTime,
        ModelVersion = current?.ModelVersion,
        ArtifactUri = current?.ArtifactUri,
        Metrics = current?.Metrics is null ? null : new Dictionary<string, double>(current.Metrics, StringComparer.Ordinal),
        Gate = current?.Gate,
        Message = current?.Message,
    };
}

/// <summary>A phase with the reason and message that explain it.</summary>
public sealed record Outcome(string Phase, string Reason, string Message);
