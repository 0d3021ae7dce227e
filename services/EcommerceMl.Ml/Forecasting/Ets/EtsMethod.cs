namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Exponential smoothing as a forecasting method (<see cref="EtsSeriesModel"/>): the lowest-AICc
/// ETS on trading days, with a yearly pattern where the history allows it; intervals the model's
/// own (normal, σ√v_h) or, <c>calibrated</c>, conformal on a refitting backtest.
/// </summary>
public sealed class EtsMethod(int period = 7, bool calibrated = false) : ISeriesForecastMethod
{
    public string Name => calibrated ? "ets-conformal" : "ets";

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon) =>
        EtsSeriesModel.Fit(history, period, calibrated).Forecast(horizon, calibrated);
}
