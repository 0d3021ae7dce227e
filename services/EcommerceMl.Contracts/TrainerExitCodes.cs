namespace EcommerceMl.Contracts;

/// <summary>
/// How the trainer (container or <c>ecml train</c>) ends, and what a TrainingJob makes of it.
/// 2, 3 and 4 are final: the operator's Job fails at once instead of retrying.
/// </summary>
public static class TrainerExitCodes
{
    public const int Done = 0;

    /// <summary>The machinery failed (store or database unreachable, a bug): worth a retry.</summary>
    public const int Failed = 1;

    /// <summary>The input is wrong (unknown algorithm, bad CSV row, …); a TrainingJob reports <c>InvalidSpec</c>.</summary>
    public const int InvalidInput = 2;

    /// <summary>The version was published but missed its quality gate: never servable as latest; a TrainingJob reports <c>GateNotMet</c>.</summary>
    public const int GateNotMet = 3;

    /// <summary>
    /// The version was published but is worse than the champion (the servable version) by more than the
    /// gate's tolerance, both scored on its held-out window: never servable as latest; a TrainingJob
    /// reports <c>ChampionNotBeaten</c>. Final, like 2 and 3.
    /// </summary>
    public const int ChampionNotBeaten = 4;
}
