using System.Globalization;
using EcommerceMl.Artifacts;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// "Not worse than the current version on the gate metric" (DESIGN.md, rollout). When the candidate's
/// manifest holds a champion comparison against the version being served, scored at training on the
/// candidate's own held-out window, that decides (with its tolerance): both values come from the same
/// window. Otherwise the two versions' recorded metrics are compared, each measured on its own window:
/// the candidate's gate names the metric and its direction (a minimum: higher is better; a maximum:
/// lower is better). Without a gate, or without the metric on both sides, there is nothing to compare.
/// </summary>
public static class GateComparison
{
    /// <summary>Why the candidate is worse, saying which comparison found it, or null when it is not (or cannot be compared).</summary>
    public static string? WorseBecause(ModelManifest? current, ModelManifest? candidate)
    {
        if (current is not null && candidate?.Champion is { ChampionValue: not null } champion && champion.Version == current.Version)
        {
            return champion.Passed
                ? null
                : $"{candidate.Version} lost to the serving version on the same held-out window (scored at training): {champion.Describe()}.";
        }

        var gate = candidate?.Gate ?? current?.Gate;
        if (current is null || candidate is null || gate is null
            || !current.Metrics.TryGetValue(gate.Metric, out var was) || !candidate.Metrics.TryGetValue(gate.Metric, out var now))
        {
            return null;
        }

        var lowerIsBetter = gate.Bound == GateResult.Maximum;
        var worse = lowerIsBetter ? now > was : now < was;
        return worse
            ? string.Create(CultureInfo.InvariantCulture,
                $"{gate.Metric} of {candidate.Version} is {now:0.####}, {(lowerIsBetter ? "above" : "below")} {was:0.####} of the serving version {current.Version}, each measured on its own held-out window.")
            : null;
    }
}
