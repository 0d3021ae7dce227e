namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Exponential smoothing as a forecasting method: every candidate of <see cref="EtsSpec.Candidates"/>
/// fitted by maximum likelihood, the lowest AICc kept. With at least
/// <see cref="YearlyFourier.MinimumDays"/> of history a yearly Fourier pattern is removed first
/// and added back to the forecast. Intervals are the model's own, normal with σ√v_h; wrap the
/// method in <see cref="ConformalMethod"/> for calibrated ones.
/// </summary>
public sealed class EtsMethod(int period = 7, bool yearly = true) : ISeriesForecastMethod
{
    public string Name => "ets";

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var fourier = yearly && history.Length >= YearlyFourier.MinimumDays ? YearlyFourier.Fit(history) : null;
        var remainder = history.ToArray();
        if (fourier is not null)
        {
            for (var t = 0; t < remainder.Length; t++)
            {
                remainder[t] -= fourier.At(t);
            }
        }

        var model = EtsFitter.Select(remainder, period);
        var sd = model.StandardDeviations(horizon);
        var point = model.Point(horizon);
        if (fourier is not null)
        {
            for (var h = 1; h <= horizon; h++)
            {
                point[h - 1] += fourier.At(history.Length + h - 1);
            }
        }

        return new SeriesForecast(point, (step, level) =>
        {
            var z = NormalQuantile.Of((1 + level) / 2);
            return (-z * sd[step - 1], z * sd[step - 1]);
        }, SeriesGaps.IsNonNegative(history));
    }
}
