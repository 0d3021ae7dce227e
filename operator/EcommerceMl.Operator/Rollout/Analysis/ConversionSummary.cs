using System.Globalization;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>
/// <c>status.analysis.conversion.summary</c>: each version's conversion rate with its counts, in one line a printer
/// column can show (<c>ecml get mdep -o wide</c>, <c>kubectl get mdep -o wide</c>), since a column can only read a
/// field, not divide two. The rate is the conversion test's: conversions (at most one per answer) per answer. Pure.
/// </summary>
public static class ConversionSummary
{
    /// <summary>"canary 3.1% (84/2,701) vs stable 3.4% (92/2,688)"; a version with no answer yet shows "n/a (0/0)".</summary>
    public static string Of(ConversionTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return $"canary {Side(tally.CanaryConversions, tally.CanaryAnswers)} vs stable {Side(tally.StableConversions, tally.StableAnswers)}";
    }

    /// <summary><paramref name="tally"/> with its summary written (a new object: the planner never edits a status in place).</summary>
    public static ConversionTally Summarised(ConversionTally tally)
    {
        ArgumentNullException.ThrowIfNull(tally);
        return new ConversionTally
        {
            CanaryAnswers = tally.CanaryAnswers,
            CanaryConversions = tally.CanaryConversions,
            StableAnswers = tally.StableAnswers,
            StableConversions = tally.StableConversions,
            Summary = Of(tally),
        };
    }

    private static string Side(long conversions, long answers)
    {
        var counted = Math.Min(conversions, answers);
        var rate = answers > 0 ? (100.0 * counted / answers).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
        return string.Create(CultureInfo.InvariantCulture, $"{rate} ({counted:N0}/{answers:N0})");
    }
}
