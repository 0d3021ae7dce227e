using EcommerceMl.Artifacts;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// "Not worse than the current version on the gate metric" (DESIGN.md, rollout), by the one rule the Model's
/// gate also follows (docs/decisions.md, "One judge of better: the trainer's same-window comparison"): which of
/// two versions is better is judged once, at training, with both scored on the candidate's held-out window. The
/// rollout acts on that verdict when it was made against the version being served, and never judges again from
/// two recorded metrics, each measured on its own window: those differ by the window as much as by the model
/// (churn's auc moved 0.05 between retrains on quiet traffic), and rolling back on them left the Model's
/// servable version unserved. A candidate compared with another version, or not compared, is not worse here.
/// </summary>
public static class GateComparison
{
    /// <summary>Why the candidate is worse than the serving version, or null when it is not (or was never compared with it on one window).</summary>
    public static string? WorseBecause(string? currentVersion, ModelManifest? candidate) =>
        currentVersion is not null && candidate?.Champion is { ChampionValue: not null, Passed: false } champion && champion.Version == currentVersion
            ? $"{candidate.Version} lost to the serving version on the same held-out window (scored at training): {champion.Describe()}."
            : null;
}
