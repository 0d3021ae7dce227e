namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// Population stability index: Σ (current − reference) · ln(current / reference) over shared bins.
/// Empty bins count as <see cref="Floor"/> so one never takes the log of zero. Used for numeric
/// profiles recorded before quantiles were (their ten bins are all there is to compare); a fixed
/// threshold needs a minimum sample, since at 100 rows per side noise alone passes 0.1 most of the time.
/// </summary>
public static class PopulationStabilityIndex
{
    public const double Floor = 1e-4;

    public static double Of(IReadOnlyList<double> referenceShares, IReadOnlyList<double> currentShares)
    {
        ArgumentNullException.ThrowIfNull(referenceShares);
        ArgumentNullException.ThrowIfNull(currentShares);
        if (referenceShares.Count != currentShares.Count)
        {
            throw new ArgumentException($"PSI needs the same bins on both sides; got {referenceShares.Count} and {currentShares.Count}.", nameof(currentShares));
        }

        var psi = 0.0;
        for (var bin = 0; bin < referenceShares.Count; bin++)
        {
            var expected = Math.Max(referenceShares[bin], Floor);
            var actual = Math.Max(currentShares[bin], Floor);
            psi += (actual - expected) * Math.Log(actual / expected);
        }

        return psi;
    }

    /// <summary>
    /// The share of <paramref name="values"/> in each bin of <paramref name="edges"/>: bin <c>i</c> holds
    /// <c>(edges[i−1], edges[i]]</c>, the last everything above (the training profile's convention).
    /// </summary>
    public static double[] Shares(IReadOnlyList<double> edges, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(values);
        var counts = new double[edges.Count + 1];
        foreach (var value in values)
        {
            counts[BinIndex(edges, value)]++;
        }

        for (var i = 0; i < counts.Length && values.Count > 0; i++)
        {
            counts[i] /= values.Count;
        }

        return counts;
    }

    private static int BinIndex(IReadOnlyList<double> edges, double value)
    {
        int low = 0, high = edges.Count;
        while (low < high)
        {
            var mid = (low + high) / 2;
            if (value <= edges[mid])
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }
}
