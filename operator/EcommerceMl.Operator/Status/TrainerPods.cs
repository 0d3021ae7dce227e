using EcommerceMl.Operator.Builders;
using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>What the trainer Pods of a Job say about how they ended.</summary>
public static class TrainerPods
{
    /// <summary>The terminated states of the trainer container, current and previous, newest Pod first.</summary>
    public static IEnumerable<V1ContainerStateTerminated> Terminations(IEnumerable<V1Pod> pods) =>
        pods.OrderByDescending(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .SelectMany(p => p.Status?.ContainerStatuses ?? [])
            .Where(c => c.Name == TrainingJobBuilder.ContainerName)
            .SelectMany(c => new[] { c.State?.Terminated, c.LastState?.Terminated })
            .OfType<V1ContainerStateTerminated>();

    public static bool AnyRefusedInput(IEnumerable<V1Pod> pods) =>
        Terminations(pods).Any(t => t.ExitCode == TrainerExitCodes.InvalidInput);

    public static bool AnyMissedGate(IEnumerable<V1Pod> pods) =>
        Terminations(pods).Any(t => t.ExitCode == TrainerExitCodes.GateNotMet);

    public static bool AnyLostToChampion(IEnumerable<V1Pod> pods) =>
        Terminations(pods).Any(t => t.ExitCode == TrainerExitCodes.ChampionNotBeaten);

    public static bool AnyRunning(IEnumerable<V1Pod> pods) => pods.Any(p => p.Status?.Phase == "Running");

    /// <summary>
    /// Why the newest trainer container cannot start, as <c>Reason: message</c> (a missing Secret is
    /// <c>CreateContainerConfigError</c>, a wrong image <c>ImagePullBackOff</c>); null while it is
    /// merely being created, or when nothing waits.
    /// </summary>
    public static string? StartProblem(IEnumerable<V1Pod> pods)
    {
        var waiting = pods.OrderByDescending(p => p.Metadata?.CreationTimestamp ?? DateTime.MinValue)
            .SelectMany(p => p.Status?.ContainerStatuses ?? [])
            .Where(c => c.Name == TrainingJobBuilder.ContainerName)
            .Select(c => c.State?.Waiting)
            .FirstOrDefault();
        return waiting?.Reason is null or "ContainerCreating" or "PodInitializing"
            ? null
            : string.IsNullOrWhiteSpace(waiting.Message) ? waiting.Reason : $"{waiting.Reason}: {waiting.Message.Trim()}";
    }

    /// <summary>
    /// The line a user needs from a failed trainer: its last <c>error:</c> line (the trainer's own
    /// explanation), else the last non-empty line of the termination message; null when there is none.
    /// </summary>
    public static string? FailureMessage(IEnumerable<V1Pod> pods)
    {
        var message = SecretRedaction.Redact(Terminations(pods).Where(t => t.ExitCode != 0).Select(t => t.Message).FirstOrDefault(m => !string.IsNullOrWhiteSpace(m)));
        if (message is null)
        {
            return null;
        }

        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var error = lines.LastOrDefault(l => l.StartsWith("error:", StringComparison.Ordinal));
        return error is not null ? error["error:".Length..].Trim() : lines.LastOrDefault();
    }
}
