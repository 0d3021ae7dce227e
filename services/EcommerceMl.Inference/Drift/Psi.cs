using EcommerceMl.Artifacts;

namespace EcommerceMl.Inference.Drift;

/// <summary>
/// Population stability index of live values against a training <see cref="FeatureProfile"/>:
/// Σ (live − reference) · ln(live / reference) over the profile's bins. Below 0.1 is usually read as stable,
/// above 0.25 as a shift worth retraining for. Empty bins count as <see cref="Floor"/> so one never divides by
/// zero or takes the log of zero. Pure.
/// </summary>
internal static class Psi
{
    public const double Floor = 1e-4;

    /// <summary>The PSI of <paramref name="live"/> against a numeric <paramref name="reference"/>; null when there are no live values.</summary>
    public static double? Of(FeatureProfile reference, IReadOnlyList<double> live)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(live);
        if (!reference.IsNumeric)
        {
            throw new ArgumentException($"PSI here compares numeric features; the profile is {reference.Kind}.", nameof(reference));
        }

        if (live.Count == 0)
        {
            return null;
        }

        var counts = new long[reference.Shares.Count];
        foreach (var value in live)
        {
            counts[Math.Min(FeatureProfiles.BinIndex(reference.Edges, value), counts.Length - 1)]++;
        }

        var psi = 0.0;
        for (var bin = 0; bin < counts.Length; bin++)
        {
            var expected = Math.Max(reference.Shares[bin], Floor);
            var actual = Math.Max((double)counts[bin] / live.Count, Floor);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }
}
