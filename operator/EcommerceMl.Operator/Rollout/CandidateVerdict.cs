using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout;

/// <summary>What happens to the candidate in this reconcile.</summary>
public enum VerdictKind
{
    /// <summary>There is no candidate: the current version stays.</summary>
    NoCandidate,

    /// <summary>Keep rolling it out (a canary beside the current version, or the stable Deployment moving to it).</summary>
    Continue,

    /// <summary>It becomes the current version.</summary>
    Promote,

    /// <summary>Back to the current version; the candidate is not tried again.</summary>
    RollBack,
}

/// <summary>
/// Decision 2's answer. <see cref="Health"/> is the candidate's Deployment as read (null without a
/// candidate); <see cref="Reason"/> and <see cref="Message"/> explain a rollback; <see cref="Analysis"/> is the
/// canary analysis' decision when one ran (its status and Events go into the report, its weight sizes the canary).
/// </summary>
public sealed record Verdict(VerdictKind Kind, Health? Health = null, string? Reason = null, string? Message = null)
{
    public AnalysisDecision? Analysis { get; init; }

    public static Verdict None { get; } = new(VerdictKind.NoCandidate);
}

/// <summary>
/// Decision 2, judging the candidate: a sequence of checks asked in order, the first with an
/// answer wins, and a candidate no check settles keeps rolling out. Analyses that judge a canary
/// on more than its own Pods (live error rate, latency, conversions) are further checks in
/// <see cref="Checks"/>, placed where their verdict should take precedence.
/// </summary>
public static class CandidateVerdict
{
    /// <summary>What each check sees: the inputs, the candidate, and its Deployment's health (the canary's, or the stable one's in a rolling update).</summary>
    public sealed record Candidate(RolloutInputs Inputs, string Version, Health Health)
    {
        /// <summary>The canary analysis' decision this reconcile, when the spec asks for one and the canary serves.</summary>
        public AnalysisDecision? Analysis { get; init; }
    }

    /// <summary>The checks, in order of precedence; each returns a verdict or null (no opinion).</summary>
    public static IReadOnlyList<(string Name, Func<Candidate, Verdict?> Check)> Checks { get; } =
    [
        ("aborted", Aborted),
        ("previous version kept ready", PreviousKeptReady),
        ("worse on the gate metric", WorseOnGateMetric),
        ("failed to roll out", FailedToRollOut),
        ("live analysis", LiveAnalysis),
        ("rolled out", RolledOut),
    ];

    public static Verdict Decide(RolloutInputs inputs, ChosenVersions versions)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Candidate is not { } version)
        {
            return Verdict.None;
        }

        var track = inputs.IsCanary ? inputs.Canary : inputs.Stable;
        var health = PredictorHealth.Of(track, version, inputs.Pods, inputs.Now, inputs.AnalysisSeconds);
        var candidate = new Candidate(inputs, version, health) { Analysis = CanaryAnalysisStep.Decide(inputs, version, health) };
        foreach (var (_, check) in Checks)
        {
            if (check(candidate) is { } verdict)
            {
                return verdict with { Analysis = candidate.Analysis };
            }
        }

        return new Verdict(VerdictKind.Continue, candidate.Health) { Analysis = candidate.Analysis };
    }

    /// <summary><c>rollout.abort</c> set while this candidate rolls out.</summary>
    public static Verdict? Aborted(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Inputs.Rollout.Abort == true
            ? new Verdict(VerdictKind.RollBack, candidate.Health, ModelDeploymentReasons.Aborted, $"rollout.abort is set: {candidate.Version} is rolled back by hand.")
            : null;
    }

    /// <summary>
    /// The spec pins the previous version while <c>rollout.keepPrevious</c> keeps it ready: switched to at once. A manual
    /// rollback, so neither the gate metric nor a canary analysis second-guesses it.
    /// </summary>
    public static Verdict? PreviousKeptReady(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return PreviousStandby.KeptReady(candidate.Inputs, candidate.Version)
            ? new Verdict(VerdictKind.Promote, candidate.Health, ModelDeploymentReasons.SwitchedToPrevious,
                $"spec.version pins {candidate.Version}, kept ready as the previous version: the traffic moved to its standby Pods at once.")
            : null;
    }

    /// <summary>The canary analysis' answer once it runs: promote after the last step, roll back, or keep going (never a promotion on readiness alone).</summary>
    public static Verdict? LiveAnalysis(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Analysis?.Outcome switch
        {
            AnalysisOutcome.Promote => new Verdict(VerdictKind.Promote, candidate.Health),
            AnalysisOutcome.RollBack => new Verdict(VerdictKind.RollBack, candidate.Health, candidate.Analysis.Reason, candidate.Analysis.Message),
            AnalysisOutcome.Hold => new Verdict(VerdictKind.Continue, candidate.Health),
            _ => null,
        };
    }

    /// <summary>
    /// Not worse than the current version on the gate metric. A rolling update is refused before it
    /// starts (afterwards the worse version would already serve everything); a canary is judged once ready.
    /// </summary>
    public static Verdict? WorseOnGateMetric(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Inputs.CandidateWorseBecause is { } worse && (candidate.Health.State == RolloutState.Ready || !candidate.Inputs.IsCanary)
            ? new Verdict(VerdictKind.RollBack, candidate.Health, ModelDeploymentReasons.CandidateWorse, worse)
            : null;
    }

    /// <summary>Crash-looping Pods, the progress deadline, or not rolled out within the analysis window.</summary>
    public static Verdict? FailedToRollOut(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Health.State == RolloutState.Failed
            ? new Verdict(VerdictKind.RollBack, candidate.Health, candidate.Health.Reason, candidate.Health.Message)
            : null;
    }

    /// <summary>
    /// Every replica of the candidate's Deployment runs it and is available. Not for a canary the spec asks to analyse:
    /// only the analysis promotes it, after a successful interval — a canary whose Deployment reads as rolled out while
    /// no analysis ran this reconcile (no Pod available, a status not yet caught up) keeps rolling out.
    /// </summary>
    public static Verdict? RolledOut(Candidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var analysed = candidate.Inputs.IsCanary && candidate.Inputs.Rollout.Analysis is not null;
        return candidate.Health.State == RolloutState.Ready && !analysed ? new Verdict(VerdictKind.Promote, candidate.Health) : null;
    }
}
