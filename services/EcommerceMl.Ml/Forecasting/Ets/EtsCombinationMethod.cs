using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// <c>ets-combination</c>: the forecasts of every ETS form and transform averaged with Akaike weights
/// wᵢ ∝ exp(−ΔAICcᵢ / 2) (Burnham and Anderson; Kolassa 2011 for exponential smoothing) instead of
/// the single lowest-AICc form, so that forms the criterion cannot tell apart share the forecast.
/// Interval offsets are the same weighted mean of each form's own offsets (an approximation: the
/// mixture's quantiles are not the mean of its parts', but on weights this concentrated the two are close).
/// </summary>
public sealed class EtsCombinationMethod(int period = 7, HolidayCalendar? calendar = null) : ISeriesForecastMethod
{
    public string Name => calendar is null || calendar.IsEmpty ? "ets-combination" : "ets-holidays-combination";

    /// <summary>Without dates the calendar cannot be placed: the series is treated as starting 2000-01-01.</summary>
    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon) =>
        Forecast(new DailySeries("series", new DateOnly(2000, 1, 1), history.ToArray()), horizon);

    public SeriesForecast Forecast(DailySeries history, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        var forms = EtsSeriesModel.FitEveryForm(history.Values, history.Start, new EtsSeriesOptions(period, Calendar: calendar));
        var weights = AkaikeWeights([.. forms.Select(f => f.Aicc)]);
        var forecasts = forms.Select(f => f.Model.Forecast(horizon, calibrated: false)).ToList();
        return ForecastCombination.Weighted(forecasts, weights);
    }

    /// <summary>wᵢ = exp(−(AICcᵢ − min)/2) / Σⱼ exp(−(AICcⱼ − min)/2).</summary>
    public static double[] AkaikeWeights(IReadOnlyList<double> aicc)
    {
        ArgumentNullException.ThrowIfNull(aicc);
        if (aicc.Count == 0)
        {
            throw new ArgumentException("Akaike weights need at least one criterion value.", nameof(aicc));
        }

        var min = aicc.Min();
        var raw = aicc.Select(a => Math.Exp(-(a - min) / 2)).ToArray();
        var sum = raw.Sum();
        return [.. raw.Select(r => r / sum)];
    }
}
