using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>
/// When the planner runs the canary analysis: a canary rollout whose spec has <c>rollout.analysis</c>, once the
/// canary Deployment serves the candidate on at least one available replica (its traffic is then measurable) and has
/// not failed. Before that there is nothing to judge, and the candidate cannot be promoted either (the analysis
/// decides that, not readiness). Pure.
/// </summary>
public static class CanaryAnalysisStep
{
    public static AnalysisDecision? Decide(RolloutInputs inputs, string candidate, Health health)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(health);
        if (!inputs.IsCanary || inputs.Rollout.Analysis is null)
        {
            return null;
        }

        var previous = inputs.Deployment.Status?.Analysis;
        var now = ApiTime.WholeSeconds(inputs.Now);
        var (settings, problem) = AnalysisSettings.From(inputs.Rollout);
        if (problem is not null)
        {
            return CanaryAnalysis.Invalid(previous, candidate, problem, now);
        }

        var canary = inputs.Canary;
        var serving = canary is not null && PredictorHealth.VersionOf(canary) == candidate && (canary.Status?.AvailableReplicas ?? 0) > 0;
        if (!serving || health.State == RolloutState.Failed)
        {
            return null;
        }

        return CanaryAnalysis.Decide(settings!, previous, candidate, inputs.Traffic, inputs.Rollout.Paused == true, now);
    }
}
