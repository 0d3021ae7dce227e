namespace EcommerceMl.Ml.Forecasting;

/// <summary>Helpers for series whose unobserved days are NaN (pure).</summary>
public static class SeriesGaps
{
    /// <summary>
    /// Each unobserved day takes the last observed value (leading gaps the first observed one):
    /// what the baselines, which have no notion of a missing day, see.
    /// </summary>
    public static double[] FillForward(ReadOnlySpan<double> values)
    {
        var filled = values.ToArray();
        var first = Array.FindIndex(filled, v => !double.IsNaN(v));
        if (first < 0)
        {
            throw new ArgumentException("The series has no observed day.", nameof(values));
        }

        for (var i = 0; i < filled.Length; i++)
        {
            if (double.IsNaN(filled[i]))
            {
                filled[i] = i < first ? filled[first] : filled[i - 1];
            }
        }

        return filled;
    }

    /// <summary>True when no observed day is negative (counts, revenue): forecasts are then clipped at 0.</summary>
    public static bool IsNonNegative(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (v < 0)
            {
                return false;
            }
        }

        return true;
    }
}
