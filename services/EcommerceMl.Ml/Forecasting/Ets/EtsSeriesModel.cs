namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Everything fitted to one series to forecast it with exponential smoothing, and nothing else
/// (so it can be stored): the AICc-selected <see cref="EtsModel"/> on the trading-day remainder,
/// the yearly Fourier pattern when the history spans <see cref="YearlyFourier.MinimumDays"/>, the
/// closed weekdays, and the conformal calibration when asked for. Evaluation and the served
/// forecaster both forecast through <see cref="Forecast"/>.
/// </summary>
public sealed class EtsSeriesModel
{
    internal EtsSeriesModel(EtsModel model, YearlyFourier? yearly, int length, bool[] closed, bool nonNegative, ConformalCalibration? calibration)
    {
        Model = model;
        Yearly = yearly;
        Length = length;
        Closed = closed;
        NonNegative = nonNegative;
        Calibration = calibration;
    }

    public EtsModel Model { get; }

    public YearlyFourier? Yearly { get; }

    /// <summary>Days of history: forecast step h is day Length + h − 1 of the series.</summary>
    public int Length { get; }

    /// <summary>Closed weekdays by position mod 7.</summary>
    internal bool[] Closed { get; }

    public bool NonNegative { get; }

    public ConformalCalibration? Calibration { get; }

    /// <param name="period">Weekly season length (7).</param>
    /// <param name="calibrate">Calibrate intervals conformally on a refitting backtest (13 refits: slower).</param>
    public static EtsSeriesModel Fit(ReadOnlySpan<double> history, int period = 7, bool calibrate = false, bool yearly = true)
    {
        var closed = TradingDays.ClosedPhases(history);
        var masked = TradingDays.Mask(history, closed);
        var fourier = yearly && history.Length >= YearlyFourier.MinimumDays ? YearlyFourier.Fit(masked) : null;
        if (fourier is not null)
        {
            for (var t = 0; t < masked.Length; t++)
            {
                masked[t] -= fourier.At(t);
            }
        }

        var model = EtsFitter.Select(masked, period);
        var nonNegative = SeriesGaps.IsNonNegative(history);
        var calibration = calibrate
            ? ConformalCalibration.FromBacktest((past, steps) => Fit(past, period, calibrate: false, yearly).Forecast(steps, calibrated: false), history, ConformalCalibration.BucketEnds[^1])
            : null;
        return new EtsSeriesModel(model, fourier, history.Length, closed, nonNegative, calibration);
    }

    /// <summary>Steps 1..<paramref name="horizon"/>: closed days 0 with no width; intervals conformal when calibrated.</summary>
    public SeriesForecast Forecast(int horizon, bool calibrated = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var point = Model.Point(horizon);
        var sd = Model.StandardDeviations(horizon);
        for (var h = 1; h <= horizon; h++)
        {
            point[h - 1] = IsClosed(h) ? 0 : point[h - 1] + (Yearly?.At(Length + h - 1) ?? 0);
        }

        (double, double) Normal(int step, double level)
        {
            var z = NormalQuantile.Of((1 + level) / 2);
            return IsClosed(step) ? (0, 0) : (-z * sd[step - 1], z * sd[step - 1]);
        }

        var calibration = calibrated ? Calibration : null;
        return calibration is null
            ? new SeriesForecast(point, Normal, NonNegative)
            : new SeriesForecast(point, (step, level) => IsClosed(step) ? (0, 0) : calibration.Offsets(step, level, sd[step - 1]), NonNegative);
    }

    private bool IsClosed(int step) => Closed[(Length + step - 1) % 7];
}
