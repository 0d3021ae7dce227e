namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Naive: every future day is the last observed day. Intervals from the series' own lag-h
/// differences over the last <see cref="IntervalWindowDays"/> targets.
/// </summary>
public sealed class NaiveMethod : ISeriesForecastMethod
{
    public const int IntervalWindowDays = 365;

    public string Name => "naive";

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var filled = SeriesGaps.FillForward(history);
        var point = new double[horizon];
        Array.Fill(point, filled[^1]);
        var errors = new EmpiricalStepErrors(filled, step => step, IntervalWindowDays);
        return new SeriesForecast(point, errors.Offsets, SeriesGaps.IsNonNegative(filled));
    }
}

/// <summary>
/// Seasonal naive: ŷ(T+h) = y(T + h − s·⌈h/s⌉). Intervals from the lag-s·⌈h/s⌉ differences over
/// the last <see cref="NaiveMethod.IntervalWindowDays"/> targets (the same errors as
/// <see cref="ResidualBuckets"/>, unthinned).
/// </summary>
public sealed class SeasonalNaiveMethod(int season = 7) : ISeriesForecastMethod
{
    public string Name => AlgorithmCatalogue.SeasonalNaive;

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        var filled = SeriesGaps.FillForward(history);
        var point = SeasonalNaive.Forecast(filled, season, horizon);
        var errors = new EmpiricalStepErrors(filled, step => season * SeasonalNaive.SeasonsAhead(step, season), NaiveMethod.IntervalWindowDays);
        return new SeriesForecast(point, errors.Offsets, SeriesGaps.IsNonNegative(filled));
    }
}
