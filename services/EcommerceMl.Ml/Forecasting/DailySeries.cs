namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// One scope's daily totals on a gap-free calendar: <c>Values[i]</c> is the total of day
/// <c>Start + i</c>; a day without sales is a 0, not a missing day.
/// </summary>
public sealed class DailySeries
{
    private readonly double[] _values;

    public DailySeries(string scope, DateOnly start, double[] values)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length == 0)
        {
            throw new ArgumentException($"The series of scope '{scope}' has no days.", nameof(values));
        }

        Scope = scope;
        Start = start;
        _values = values;
    }

    public string Scope { get; }

    public DateOnly Start { get; }

    /// <summary>The last day in the series.</summary>
    public DateOnly End => Start.AddDays(_values.Length - 1);

    public int Length => _values.Length;

    public ReadOnlySpan<double> Values => _values;

    /// <summary>The first <paramref name="days"/> days (a training prefix).</summary>
    public DailySeries Head(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, Length);
        return new DailySeries(Scope, Start, _values[..days]);
    }

    /// <summary>The last <paramref name="days"/> days (a held-out suffix).</summary>
    public DailySeries Tail(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, Length);
        return new DailySeries(Scope, Start.AddDays(Length - days), _values[^days..]);
    }
}
