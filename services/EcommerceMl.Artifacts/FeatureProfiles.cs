namespace EcommerceMl.Artifacts;

/// <summary>
/// Builds the reference <see cref="FeatureProfile"/> of a feature from its training values, for
/// later drift checks (PSI compares live shares per bin with these). Pure functions.
/// </summary>
public static class FeatureProfiles
{
    public const string NumericKind = "numeric";
    public const string CategoricalKind = "categorical";

    /// <summary>The rare tail beyond the cap counts here (and live values known at training but outside the kept categories).</summary>
    public const string OtherCategory = FeatureProfile.OtherCategory;

    /// <summary>Numeric profiles keep at most this many quantiles: the whole sorted sample up to this size (exact for the Kolmogorov–Smirnov test, which the monitor uses up to 1,000 reference rows).</summary>
    public const int MaxQuantiles = 1000;

    /// <summary>
    /// Quantile bins: the edges are the 1/bins … (bins-1)/bins quantiles (linear interpolation,
    /// like numpy's default), with repeated edges merged so heavily tied data gets fewer bins.
    /// Bin <c>i</c> holds values in <c>(edges[i-1], edges[i]]</c>; see <see cref="BinIndex"/>.
    /// Mean and population standard deviation, the row count and up to <see cref="MaxQuantiles"/>
    /// quantiles (the sorted sample itself when it is no larger) are recorded too.
    /// </summary>
    public static FeatureProfile FromSamples(double[] samples, int bins = 10)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (samples.Length == 0)
        {
            throw new ArgumentException("A numeric feature profile needs at least one sample.", nameof(samples));
        }

        var badIndex = Array.FindIndex(samples, x => !double.IsFinite(x));
        if (badIndex >= 0)
        {
            throw new ArgumentException($"Sample {badIndex} is {samples[badIndex]}; feature profiles need finite values (impute or drop missing ones first).", nameof(samples));
        }

        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        var edges = new List<double>(bins - 1);
        for (var i = 1; i < bins; i++)
        {
            var edge = Quantile(sorted, (double)i / bins);
            if (edges.Count == 0 || edge > edges[^1])
            {
                edges.Add(edge);
            }
        }

        var counts = new long[edges.Count + 1];
        foreach (var x in sorted)
        {
            counts[BinIndex(edges, x)]++;
        }

        var mean = sorted.Average();
        var variance = sorted.Sum(x => (x - mean) * (x - mean)) / sorted.Length;
        return new FeatureProfile(
            NumericKind,
            edges,
            [],
            counts.Select(c => (double)c / sorted.Length).ToList(),
            mean,
            Math.Sqrt(variance),
            sorted.Length,
            Quantiles(sorted));
    }

    /// <summary>
    /// Category shares, most frequent first (ties by name). Beyond <paramref name="maxCategories"/>
    /// the rest is pooled into <see cref="OtherCategory"/>, which keeps ids and free text from
    /// bloating the manifest.
    /// </summary>
    public static FeatureProfile FromCategories(IEnumerable<string> values, int maxCategories = 50)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCategories, 1);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        long total = 0;
        foreach (var value in values)
        {
            if (value is null)
            {
                throw new ArgumentException($"Value {total} is null; map missing categories to a named value (e.g. \"unknown\") first.", nameof(values));
            }

            counts[value] = counts.GetValueOrDefault(value) + 1;
            total++;
        }

        if (total == 0)
        {
            throw new ArgumentException("A categorical feature profile needs at least one value.", nameof(values));
        }

        var ranked = counts.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).ToList();
        var kept = ranked.Count <= maxCategories ? ranked : ranked.Take(maxCategories - 1).ToList();
        var categories = kept.Select(pair => pair.Key).ToList();
        var shares = kept.Select(pair => (double)pair.Value / total).ToList();
        if (kept.Count < ranked.Count)
        {
            categories.Add(OtherCategory);
            shares.Add((double)ranked.Skip(kept.Count).Sum(pair => pair.Value) / total);
        }

        return new FeatureProfile(CategoricalKind, [], categories, shares, 0, 0, total);
    }

    /// <summary>The bin a value falls in: the first <c>i</c> with <c>value &lt;= edges[i]</c>, else the last bin.</summary>
    public static int BinIndex(IReadOnlyList<double> edges, double value)
    {
        ArgumentNullException.ThrowIfNull(edges);
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

    /// <summary>The values at probabilities i/(q−1), i = 0 … q−1, with q = min(n, <see cref="MaxQuantiles"/>): the sample itself when q = n.</summary>
    private static double[] Quantiles(double[] sorted)
    {
        if (sorted.Length <= MaxQuantiles)
        {
            return sorted;
        }

        var quantiles = new double[MaxQuantiles];
        for (var i = 0; i < quantiles.Length; i++)
        {
            quantiles[i] = Quantile(sorted, (double)i / (MaxQuantiles - 1));
        }

        return quantiles;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var h = (sorted.Length - 1) * q;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }
}
