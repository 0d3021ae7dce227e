namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// One forecasting method over one daily series: fit on the history, forecast the next steps.
/// The evaluation harness runs every method through this; served models wrap the same kernels.
/// </summary>
public interface ISeriesForecastMethod
{
    /// <summary>The algorithm's name in reports ("naive", "seasonal-naive", "ets", …).</summary>
    string Name { get; }

    /// <summary>
    /// Forecasts steps 1..<paramref name="horizon"/> after the last day of <paramref name="history"/>.
    /// A NaN in the history is an unobserved day (not a zero); the last day may be one.
    /// </summary>
    SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon);

    /// <summary>
    /// The same with the history's dates, for methods that use a calendar (holidays, closed days);
    /// the others ignore them.
    /// </summary>
    SeriesForecast Forecast(DailySeries history, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Forecast(history.Values, horizon);
    }
}
