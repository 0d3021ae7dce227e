namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Chooses which forecasts to average by rolling-origin validation (pure): every non-empty subset
/// of the members is scored at every origin by the MASE of its equal-weight mean, and the subset
/// with the lowest mean MASE over the origins wins (ties: the smaller subset, then the earlier
/// members). Only the origins' own data enter: choosing this way inside a training window never
/// looks at the test.
/// </summary>
public static class CombinationChoice
{
    /// <summary>One validation origin: each member's point forecast, the actuals, and the in-sample history for MASE's scale.</summary>
    public sealed record Origin(IReadOnlyList<double[]> MemberPoints, double[] Actual, double[] InSample);

    /// <returns>The chosen members' indexes (ascending) and the subset's mean validation MASE.</returns>
    public static (int[] Members, double MeanMase) Choose(int memberCount, IReadOnlyList<Origin> origins, int masePeriod = 7)
    {
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentOutOfRangeException.ThrowIfLessThan(memberCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(memberCount, 16);
        if (origins.Count == 0)
        {
            throw new ArgumentException("Choosing a combination needs one validation origin at least.", nameof(origins));
        }

        var bad = origins.FirstOrDefault(o => o.MemberPoints.Count != memberCount || o.MemberPoints.Any(p => p.Length != o.Actual.Length));
        if (bad is not null)
        {
            throw new ArgumentException($"Every origin needs {memberCount} member forecasts as long as its actuals.", nameof(origins));
        }

        (int[] Members, double MeanMase) best = ([], double.PositiveInfinity);
        foreach (var subset in Subsets(memberCount).OrderBy(s => s.Length))
        {
            var mean = origins.Average(o => ForecastMetrics.Mase(o.Actual, Mean(o.MemberPoints, subset), o.InSample, masePeriod));
            if (mean < best.MeanMase)
            {
                best = (subset, mean);
            }
        }

        return best;
    }

    /// <summary>
    /// Weights proportional to 1 / (each member's mean squared error over every origin's days),
    /// normalised to sum to 1: a smoother use of the same validation than choosing one subset
    /// (no member is dropped on a few origins' noise). A member with no error gets all the weight.
    /// </summary>
    public static double[] InverseMseWeights(int memberCount, IReadOnlyList<Origin> origins)
    {
        ArgumentNullException.ThrowIfNull(origins);
        ArgumentOutOfRangeException.ThrowIfLessThan(memberCount, 1);
        if (origins.Count == 0 || origins.Any(o => o.MemberPoints.Count != memberCount || o.MemberPoints.Any(p => p.Length != o.Actual.Length)))
        {
            throw new ArgumentException($"Inverse-MSE weights need one origin at least, each with {memberCount} member forecasts as long as its actuals.", nameof(origins));
        }

        var mse = new double[memberCount];
        for (var m = 0; m < memberCount; m++)
        {
            mse[m] = origins.Average(o => o.Actual.Select((a, i) => (a - o.MemberPoints[m][i]) * (a - o.MemberPoints[m][i])).Average());
        }

        if (mse.Any(e => e == 0))
        {
            return [.. mse.Select(e => e == 0 ? 1.0 / mse.Count(x => x == 0) : 0)];
        }

        var inverse = mse.Select(e => 1 / e).ToArray();
        var total = inverse.Sum();
        return [.. inverse.Select(w => w / total)];
    }

    internal static double[] Mean(IReadOnlyList<double[]> points, int[] subset)
    {
        var mean = new double[points[subset[0]].Length];
        foreach (var member in subset)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                mean[i] += points[member][i] / subset.Length;
            }
        }

        return mean;
    }

    private static IEnumerable<int[]> Subsets(int count)
    {
        for (var mask = 1; mask < (1 << count); mask++)
        {
            yield return [.. Enumerable.Range(0, count).Where(i => (mask & (1 << i)) != 0)];
        }
    }
}
