namespace EcommerceMl.Trainer;

/// <summary>
/// Pure: the candidate passes unless it is worse than the champion on the gate metric by more than the
/// gate's tolerance (absolute, in the metric's units; the bound says which way is better). A value
/// that is missing or not a number cannot be compared: the candidate passes, and the note says so.
/// </summary>
public static class ChampionVerdict
{
    /// <summary>Absorbs rounding, so that equal scores computed two ways never count as worse.</summary>
    private const double Slack = 1e-12;

    public static ChampionComparison Decide(string championVersion, QualityGate gate, double? championValue, double? challengerValue, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        if (championValue is not { } champion || challengerValue is not { } challenger || !double.IsFinite(champion) || !double.IsFinite(challenger))
        {
            var why = championValue is { } c && !double.IsFinite(c) ? "the champion's score is not a number" : "a score is missing or not a number";
            return new ChampionComparison(championVersion, gate.Metric, gate.Bound, Finite(championValue), Finite(challengerValue), gate.Tolerance, true,
                note is null ? $"not compared: {why}" : $"{note}; not compared: {why}");
        }

        var worseBy = WorseBy(gate.Bound, champion, challenger);
        return new ChampionComparison(championVersion, gate.Metric, gate.Bound, champion, challenger, gate.Tolerance, worseBy <= gate.Tolerance + Slack, note);
    }

    /// <summary>How much worse the challenger is (negative when better): lower is worse for a minimum, higher for a maximum.</summary>
    public static double WorseBy(string bound, double champion, double challenger) =>
        bound == GateResult.Maximum ? challenger - champion : champion - challenger;

    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
