using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// Rolling-origin cross-validation as Prophet's <c>cross_validation</c> does it (pure): cutoffs go
/// back from <c>last − horizon</c> in steps of <c>period</c> while they leave <c>initial</c> days of
/// training; each fold trains on the days up to and including its cutoff and is scored on every
/// observed day in (cutoff, cutoff + horizon].
/// </summary>
public static class RollingOrigin
{
    /// <summary>One fold: the training prefix and the observed days after the cutoff, with their step (days after the cutoff).</summary>
    public sealed record Fold(DateOnly Cutoff, DailySeries Train, IReadOnlyList<(int Step, double Actual)> Test);

    /// <summary>
    /// Cutoffs in ascending order, exactly as Prophet's <c>generate_cutoffs</c>: when a cutoff's
    /// horizon has no observed day, the next cutoff moves to the last observed day before it minus
    /// the horizon.
    /// </summary>
    public static IReadOnlyList<DateOnly> Cutoffs(DailySeries series, int initialDays, int periodDays, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(periodDays, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(horizonDays, 1);
        var observed = ObservedDays(series);
        if (observed.Count == 0)
        {
            throw new ArgumentException($"The series '{series.Scope}' has no observed day.", nameof(series));
        }

        var first = observed[0];
        var cutoff = observed[^1].AddDays(-horizonDays);
        if (cutoff < first.AddDays(initialDays))
        {
            throw new ArgumentException(
                $"The series runs {first:yyyy-MM-dd}..{observed[^1]:yyyy-MM-dd}: too short for {initialDays} initial days plus a {horizonDays}-day horizon.",
                nameof(series));
        }

        var result = new List<DateOnly> { cutoff };
        while (result[^1] >= first.AddDays(initialDays))
        {
            cutoff = cutoff.AddDays(-periodDays);
            var window = cutoff;
            if (!observed.Any(d => d > window && d <= window.AddDays(horizonDays)) && cutoff > first)
            {
                var closest = observed.Last(d => d <= window);
                cutoff = closest.AddDays(-horizonDays);
            }

            result.Add(cutoff);
        }

        result.RemoveAt(result.Count - 1);
        result.Reverse();
        return result;
    }

    /// <summary>Splits at <paramref name="cutoff"/>: training never includes a day after it.</summary>
    public static Fold Split(DailySeries series, DateOnly cutoff, int horizonDays)
    {
        ArgumentNullException.ThrowIfNull(series);
        var trainDays = cutoff.DayNumber - series.Start.DayNumber + 1;
        if (trainDays < 1 || trainDays >= series.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(cutoff), cutoff, $"The cutoff must fall inside the series ({series.Start:yyyy-MM-dd}..{series.End.AddDays(-1):yyyy-MM-dd}).");
        }

        var values = series.Values;
        var test = new List<(int, double)>();
        for (var step = 1; step <= horizonDays && trainDays - 1 + step < series.Length; step++)
        {
            var actual = values[trainDays - 1 + step];
            if (!double.IsNaN(actual))
            {
                test.Add((step, actual));
            }
        }

        return new Fold(cutoff, series.Head(trainDays), test);
    }

    private static List<DateOnly> ObservedDays(DailySeries series)
    {
        var days = new List<DateOnly>();
        var values = series.Values;
        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsNaN(values[i]))
            {
                days.Add(series.Start.AddDays(i));
            }
        }

        return days;
    }
}
