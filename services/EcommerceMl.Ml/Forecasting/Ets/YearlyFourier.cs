namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Yearly seasonality as Fourier regressors (as Prophet models it): Σ_k a_k sin(2πkt/P) + b_k cos(2πkt/P)
/// with P = 365.25 days, fitted by least squares together with an intercept and a linear trend (so
/// a drifting level does not leak into the seasonal terms), over the observed days. Only the
/// seasonal part is kept: the exponential smoothing that runs on the remainder owns level and trend.
/// </summary>
public sealed class YearlyFourier
{
    public const double YearDays = 365.25;

    /// <summary>Prophet's default yearly order.</summary>
    public const int DefaultOrder = 10;

    /// <summary>Years of history needed before a yearly pattern is estimated at all.</summary>
    public const int MinimumDays = 730;

    private readonly double[] _sin;
    private readonly double[] _cos;

    public YearlyFourier(double[] sin, double[] cos)
    {
        ArgumentNullException.ThrowIfNull(sin);
        ArgumentNullException.ThrowIfNull(cos);
        if (sin.Length != cos.Length || sin.Length == 0)
        {
            throw new ArgumentException("Yearly Fourier terms need as many sine as cosine coefficients, at least one.", nameof(cos));
        }

        _sin = sin;
        _cos = cos;
    }

    public int Order => _sin.Length;

    internal IReadOnlyList<double> Sin => _sin;

    internal IReadOnlyList<double> Cos => _cos;

    /// <summary>The yearly effect on day <paramref name="t"/> (days since the series start).</summary>
    public double At(int t)
    {
        var value = 0.0;
        for (var k = 1; k <= _sin.Length; k++)
        {
            var angle = 2 * Math.PI * k * t / YearDays;
            value += (_sin[k - 1] * Math.Sin(angle)) + (_cos[k - 1] * Math.Cos(angle));
        }

        return value;
    }

    public static YearlyFourier Fit(ReadOnlySpan<double> y, int order = DefaultOrder)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(order, 1);
        var columns = 2 + (2 * order);
        var xtx = new double[columns, columns];
        var xty = new double[columns];
        var row = new double[columns];
        var observed = 0;
        for (var t = 0; t < y.Length; t++)
        {
            if (double.IsNaN(y[t]))
            {
                continue;
            }

            observed++;
            row[0] = 1;
            row[1] = t / YearDays;
            for (var k = 1; k <= order; k++)
            {
                var angle = 2 * Math.PI * k * t / YearDays;
                row[2 * k] = Math.Sin(angle);
                row[(2 * k) + 1] = Math.Cos(angle);
            }

            for (var i = 0; i < columns; i++)
            {
                xty[i] += row[i] * y[t];
                for (var j = 0; j < columns; j++)
                {
                    xtx[i, j] += row[i] * row[j];
                }
            }
        }

        if (observed <= columns)
        {
            throw new ArgumentException($"{observed} observed days are too few for {columns} yearly regression terms.", nameof(y));
        }

        var beta = LinearSolve.Symmetric(xtx, xty);
        var sin = new double[order];
        var cos = new double[order];
        for (var k = 1; k <= order; k++)
        {
            sin[k - 1] = beta[2 * k];
            cos[k - 1] = beta[(2 * k) + 1];
        }

        return new YearlyFourier(sin, cos);
    }
}
