namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Interval offsets for a "copy an earlier day" forecast from its own in-sample errors. A method
/// whose forecast at step h copies the value <c>lag(h)</c> days back errs, from every rolling
/// origin, by exactly the lag-<c>lag(h)</c> differences of the series; their quantiles over the
/// last <c>window</c> targets give the interval. Quantiles per lag are computed once and cached.
/// </summary>
internal sealed class EmpiricalStepErrors
{
    private readonly double[] _values;
    private readonly Func<int, int> _lagOfStep;
    private readonly int _window;
    private readonly Dictionary<int, double[]> _sortedByLag = [];

    public EmpiricalStepErrors(double[] values, Func<int, int> lagOfStep, int window)
    {
        _values = values;
        _lagOfStep = lagOfStep;
        _window = window;
    }

    public (double Lower, double Upper) Offsets(int step, double level)
    {
        var lag = _lagOfStep(step);
        var widen = 1.0;

        // History shorter than the lag plus a handful of targets: use the longest lag it supports,
        // widened by the random-walk growth √(lag / usable).
        var usable = Math.Min(lag, Math.Max(1, _values.Length - 8));
        if (usable < lag)
        {
            widen = Math.Sqrt((double)lag / usable);
            lag = usable;
        }

        if (!_sortedByLag.TryGetValue(lag, out var sorted))
        {
            sorted = SeasonalNaive.LagDifferences(_values, lag, _window);
            if (sorted.Length == 0)
            {
                sorted = [0];
            }

            Array.Sort(sorted);
            _sortedByLag[lag] = sorted;
        }

        return (widen * Quantile(sorted, (1 - level) / 2), widen * Quantile(sorted, (1 + level) / 2));
    }

    /// <summary>Type-7 quantile of an ascending array.</summary>
    internal static double Quantile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
