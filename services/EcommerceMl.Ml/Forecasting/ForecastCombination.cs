namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// A forecast combination (pure): points are the weighted mean of the members' points, and interval
/// offsets the same weighted mean of the members' offsets around their own points (so bounds are
/// the weighted mean of the members' bounds, before clipping at 0).
/// </summary>
public static class ForecastCombination
{
    public static SeriesForecast Weighted(IReadOnlyList<SeriesForecast> members, IReadOnlyList<double> weights)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(weights);
        if (members.Count == 0 || members.Count != weights.Count)
        {
            throw new ArgumentException($"A combination needs one weight per member: {members.Count} members, {weights.Count} weights.", nameof(weights));
        }

        var horizon = members[0].Horizon;
        if (members.Any(m => m.Horizon != horizon))
        {
            throw new ArgumentException("Every member of a combination must forecast the same horizon.", nameof(members));
        }

        var total = weights.Sum();
        if (!(total > 0) || weights.Any(w => w < 0 || !double.IsFinite(w)))
        {
            throw new ArgumentException("Combination weights must be finite, non-negative and not all 0.", nameof(weights));
        }

        var w = weights.Select(x => x / total).ToArray();
        var point = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            for (var i = 0; i < members.Count; i++)
            {
                point[h - 1] += w[i] * members[i].RawPoint(h);
            }
        }

        (double, double) Offsets(int step, double level)
        {
            double low = 0, high = 0;
            for (var i = 0; i < members.Count; i++)
            {
                var (l, u) = members[i].Offsets(step, level);
                var shift = members[i].RawPoint(step) - point[step - 1];
                low += w[i] * (shift + l);
                high += w[i] * (shift + u);
            }

            return (low, high);
        }

        return new SeriesForecast(point, Offsets, members.All(m => m.NonNegative));
    }

    /// <summary>The equal-weight mean of the members.</summary>
    public static SeriesForecast Mean(IReadOnlyList<SeriesForecast> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        return Weighted(members, [.. members.Select(_ => 1.0)]);
    }
}
