using System.Globalization;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>What the analysis asks of the rollout.</summary>
public enum AnalysisOutcome
{
    /// <summary>Keep the canary at <see cref="CanaryAnalysisStatus.CanaryWeight"/> (a step that advanced is held at its new weight).</summary>
    Hold,

    /// <summary>The last step passed: promote.</summary>
    Promote,

    /// <summary>Roll back, for <see cref="AnalysisDecision.Reason"/>.</summary>
    RollBack,
}

/// <summary>The analysis' new status, what it asks, why (for a rollback), and the Events it raises.</summary>
public sealed record AnalysisDecision(CanaryAnalysisStatus Status, AnalysisOutcome Outcome, string? Reason, string? Message, IReadOnlyList<ClusterEvent> Events);

/// <summary>
/// The canary analysis as a state machine over intervals, one clock (<c>now</c>) and no I/O: given the settings, the
/// status so far and the interval that just ended (null when none did), the next status and what to do.
/// <list type="bullet">
/// <item>A failed interval adds to <c>failedChecks</c>; <c>failureLimit</c> of them roll back (reason AnalysisFailed).</item>
/// <item>An inconclusive interval adds to <c>inconclusiveChecks</c> and never advances; at <c>inconclusiveLimit</c>,
/// RollBack rolls back (AnalysisInconclusive), Wait holds with a Warning and resumes on a later successful interval.
/// So a promotion always follows a successful interval, never an inconclusive one (argo-rollouts#3850).</item>
/// <item>A successful interval advances the step once the step has lasted <c>bakeTime</c>; after the last step, promotes.</item>
/// <item><c>rollout.paused</c> holds the step (no advance, no promotion); failures still count and roll back.</item>
/// </list>
/// </summary>
public static class CanaryAnalysis
{
    public static AnalysisDecision Decide(AnalysisSettings settings, CanaryAnalysisStatus? previous, string candidate, IntervalTraffic? traffic, bool paused, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var events = new List<ClusterEvent>();
        var status = previous is not null && previous.Version == candidate ? Copy(previous) : Start(settings, candidate, now, events);
        var lastStep = status.Step >= settings.Steps.Count;
        if (traffic is null)
        {
            status.Phase = PhaseWhenHolding(status, paused);
            return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);
        }

        if (settings.Conversion is { } conversion)
        {
            status.Conversion = Tally(status.Conversion, traffic, conversion.Kind);
        }

        var check = IntervalChecks.Judge(settings, traffic, status.Conversion, lastStep, now);
        var why = IntervalChecks.Explain(check, traffic.Problems);
        status.LastCheck = check;
        switch (check.Result)
        {
            case CheckResults.Failed:
                status.FailedChecks++;
                if (status.FailedChecks >= settings.FailureLimit)
                {
                    status.Phase = AnalysisPhases.Failed;
                    status.Message = Invariant($"{status.FailedChecks} of failureLimit {settings.FailureLimit} intervals failed; the last: {why}");
                    return new AnalysisDecision(status, AnalysisOutcome.RollBack, ModelDeploymentReasons.AnalysisFailed, status.Message, events);
                }

                status.Message = Invariant($"Interval failed ({status.FailedChecks} of failureLimit {settings.FailureLimit}): {why}");
                status.Phase = PhaseWhenHolding(status, paused);
                events.Add(new ClusterEvent(ClusterEvent.Warning, ModelDeploymentReasons.AnalysisRunFailed, $"Canary {candidate}: {status.Message}"));
                return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);

            case CheckResults.Inconclusive:
                status.InconclusiveChecks++;
                status.Message = Invariant($"Interval inconclusive ({status.InconclusiveChecks} of inconclusiveLimit {settings.InconclusiveLimit}): {why}");
                if (status.InconclusiveChecks >= settings.InconclusiveLimit)
                {
                    if (settings.RollBackWhenInconclusive)
                    {
                        status.Phase = AnalysisPhases.Failed;
                        return new AnalysisDecision(status, AnalysisOutcome.RollBack, ModelDeploymentReasons.AnalysisInconclusive, status.Message, events);
                    }

                    if (status.InconclusiveChecks == settings.InconclusiveLimit)
                    {
                        events.Add(new ClusterEvent(ClusterEvent.Warning, ModelDeploymentReasons.AnalysisInconclusive,
                            $"Canary {candidate} held at step {status.Step}: {status.Message}. It waits for a successful interval; set rollout.abort to roll it back."));
                    }

                    status.Phase = paused ? AnalysisPhases.Paused : AnalysisPhases.Inconclusive;
                    return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);
                }

                status.Phase = PhaseWhenHolding(status, paused);
                return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);

            default:
                status.SuccessfulChecks++;
                var baked = now >= (status.StepStartedAt ?? now) + settings.Bake - Slack(settings);
                if (paused || !baked)
                {
                    status.Phase = paused ? AnalysisPhases.Paused : AnalysisPhases.Progressing;
                    status.Message = paused
                        ? $"Interval successful; held at step {status.Step} by rollout.paused."
                        : Invariant($"Interval successful; step {status.Step} bakes until {(status.StepStartedAt ?? now) + settings.Bake:yyyy-MM-ddTHH:mm:ssZ}.");
                    return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);
                }

                if (lastStep)
                {
                    status.Phase = AnalysisPhases.Succeeded;
                    status.Message = Invariant($"Every step passed ({status.SuccessfulChecks} successful, {status.FailedChecks} failed, {status.InconclusiveChecks} inconclusive intervals); the last: {why}.");
                    return new AnalysisDecision(status, AnalysisOutcome.Promote, null, status.Message, events);
                }

                status.Step++;
                status.CanaryWeight = settings.Steps[status.Step - 1];
                status.StepStartedAt = now;
                status.Phase = AnalysisPhases.Progressing;
                status.Message = Invariant($"Step {status.Step} of {status.Steps}: canary at {status.CanaryWeight} % of the replicas.");
                events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.StepAdvanced, $"Canary {candidate}: {status.Message}"));
                return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);
        }
    }

    /// <summary>A spec the schema let through but the analysis cannot run (steps out of order): hold, and say so.</summary>
    public static AnalysisDecision Invalid(CanaryAnalysisStatus? previous, string candidate, string problem, DateTime now)
    {
        var status = previous is not null && previous.Version == candidate ? Copy(previous) : new CanaryAnalysisStatus { Version = candidate, StepStartedAt = now };
        var events = new List<ClusterEvent>();
        if (status.Phase != AnalysisPhases.InvalidSpec || status.Message != problem)
        {
            events.Add(new ClusterEvent(ClusterEvent.Warning, ModelDeploymentReasons.InvalidAnalysis, $"Canary {candidate} is held: {problem}"));
        }

        status.Phase = AnalysisPhases.InvalidSpec;
        status.Message = problem;
        return new AnalysisDecision(status, AnalysisOutcome.Hold, null, null, events);
    }

    private static CanaryAnalysisStatus Start(AnalysisSettings settings, string candidate, DateTime now, List<ClusterEvent> events)
    {
        var status = new CanaryAnalysisStatus
        {
            Version = candidate,
            Phase = AnalysisPhases.Progressing,
            Step = 1,
            Steps = settings.Steps.Count,
            CanaryWeight = settings.Steps[0],
            StepStartedAt = now,
            Conversion = settings.Conversion is null ? null : ConversionSummary.Summarised(new ConversionTally()),
            Message = Invariant($"Step 1 of {settings.Steps.Count}: canary at {settings.Steps[0]} % of the replicas; measuring every {settings.Interval.TotalSeconds:0.#} s."),
        };
        events.Add(new ClusterEvent(ClusterEvent.Normal, ModelDeploymentReasons.StepAdvanced, $"Canary {candidate}: {status.Message}"));
        return status;
    }

    private static string PhaseWhenHolding(CanaryAnalysisStatus status, bool paused) =>
        paused ? AnalysisPhases.Paused
            : status.Phase == AnalysisPhases.Inconclusive ? AnalysisPhases.Inconclusive
            : AnalysisPhases.Progressing;

    /// <summary>Reconciles land a little after an interval ends; a tenth of an interval keeps a bake of one interval from needing two.</summary>
    private static TimeSpan Slack(AnalysisSettings settings) => settings.Interval / 10;

    private static ConversionTally Tally(ConversionTally? before, IntervalTraffic traffic, string kind) => ConversionSummary.Summarised(new()
    {
        CanaryAnswers = (before?.CanaryAnswers ?? 0) + (long)Math.Round(traffic.Canary.Answers),
        CanaryConversions = (before?.CanaryConversions ?? 0) + (long)Math.Round(traffic.Canary.ConversionsOf(kind)),
        StableAnswers = (before?.StableAnswers ?? 0) + (long)Math.Round(traffic.Stable.Answers),
        StableConversions = (before?.StableConversions ?? 0) + (long)Math.Round(traffic.Stable.ConversionsOf(kind)),
    });

    private static CanaryAnalysisStatus Copy(CanaryAnalysisStatus s) => new()
    {
        Version = s.Version,
        Phase = s.Phase,
        Step = s.Step,
        Steps = s.Steps,
        CanaryWeight = s.CanaryWeight,
        StepStartedAt = s.StepStartedAt,
        SuccessfulChecks = s.SuccessfulChecks,
        FailedChecks = s.FailedChecks,
        InconclusiveChecks = s.InconclusiveChecks,
        LastCheck = s.LastCheck,
        Conversion = s.Conversion,
        Message = s.Message,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
