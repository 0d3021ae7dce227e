using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Exponential smoothing as a forecasting method (<see cref="EtsSeriesModel"/>): the lowest-AICc
/// ETS, raw or logged, on trading days, with a yearly pattern where the history allows it and the
/// calendar's holiday effects; intervals the model's own (normal, σ√v_h) or, <c>calibrated</c>,
/// conformal on a refitting rolling-origin backtest.
/// </summary>
public sealed class EtsMethod(int period = 7, bool calibrated = false, HolidayCalendar? calendar = null) : ISeriesForecastMethod
{
    public string Name => (calendar is null || calendar.IsEmpty ? "ets" : "ets-holidays") + (calibrated ? "-conformal" : "");

    /// <summary>Without dates the calendar cannot be placed: the series is treated as starting 2000-01-01.</summary>
    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon) =>
        Forecast(new DailySeries("series", new DateOnly(2000, 1, 1), history.ToArray()), horizon);

    public SeriesForecast Forecast(DailySeries history, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        return EtsSeriesModel.Fit(history.Values, history.Start, new EtsSeriesOptions(period, Calendar: calendar), calibrated).Forecast(horizon, calibrated);
    }
}
