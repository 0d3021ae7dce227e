namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// A forecast of one series for steps 1..H after its last day: the point forecast and, for any
/// level, the offsets of a central prediction interval around it.
/// </summary>
public sealed class SeriesForecast
{
    private readonly Func<int, double, (double Lower, double Upper)> _offsets;
    private readonly double[] _raw;

    /// <param name="point">Point forecast per step (index 0 = step 1).</param>
    /// <param name="offsets">(step, level) → offsets to add to the point for the interval's bounds.</param>
    /// <param name="nonNegative">Clip point and bounds at 0 (a series that was never negative, such as units sold).</param>
    public SeriesForecast(double[] point, Func<int, double, (double Lower, double Upper)> offsets, bool nonNegative)
    {
        ArgumentNullException.ThrowIfNull(point);
        ArgumentNullException.ThrowIfNull(offsets);
        _offsets = offsets;
        NonNegative = nonNegative;
        Point = nonNegative ? [.. point.Select(p => Math.Max(0, p))] : point;
        _raw = point;
    }

    public double[] Point { get; }

    public int Horizon => Point.Length;

    public bool NonNegative { get; }

    /// <summary>The point at <paramref name="step"/> before any clipping at 0.</summary>
    public double RawPoint(int step) => _raw[step - 1];

    /// <summary>The interval's offsets from the unclipped point at <paramref name="step"/>.</summary>
    public (double Lower, double Upper) Offsets(int step, double level) => _offsets(step, level);

    /// <summary>The same points with other interval offsets (a calibration).</summary>
    public SeriesForecast WithOffsets(Func<int, double, (double Lower, double Upper)> offsets) => new(_raw, offsets, NonNegative);

    /// <summary>Lower and upper bounds per step of the central interval at <paramref name="level"/> (0 &lt; level &lt; 1).</summary>
    public (double[] Lower, double[] Upper) Interval(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must be strictly between 0 and 1, e.g. 0.8.");
        }

        var lower = new double[Horizon];
        var upper = new double[Horizon];
        for (var h = 1; h <= Horizon; h++)
        {
            var (low, high) = _offsets(h, level);
            lower[h - 1] = _raw[h - 1] + low;
            upper[h - 1] = _raw[h - 1] + high;
            if (NonNegative)
            {
                lower[h - 1] = Math.Max(0, lower[h - 1]);
                upper[h - 1] = Math.Max(0, upper[h - 1]);
            }
        }

        return (lower, upper);
    }
}
