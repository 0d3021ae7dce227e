using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// <c>lightgbm-demand</c> on one series alone (the harness's shop series): the same features, rows and
/// calibration as the global model, with the series as its only "product". One series gives few rows,
/// so every origin and every step is a training row and leaves may be small. Needs a start date for
/// its calendar features; the harness passes the series' own.
/// </summary>
public sealed class LightGbmDemandMethod(DateOnly seriesStart, HolidayCalendar calendar) : ISeriesForecastMethod
{
    public string Name => LightGbmDemandForecaster.AlgorithmName;

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var filled = SeriesGaps.FillForward(history);
        var product = new ProductHistory("series", DemandHistory.UnknownCategory, 0, 0, filled);
        var options = new DemandOptions(calendar, MaxHorizon: Math.Max(horizon, 7), Trees: 200, Leaves: 15, MinRowsPerLeaf: 20, OriginStride: 1, HorizonSample: 1, CalibrationStride: 1);
        var model = DemandFitter.Fit(new DemandHistory(seriesStart, filled.Length, [product]), options);
        var points = model.Forecast(ForecastScope.Shop, horizon, 0.5)!;
        var scale = DemandFeatures.Scale(model.ShopWindow);
        return new SeriesForecast(
            [.. points.Select(p => p.Predicted)],
            (step, level) => model.Calibrations.ShopDaily.Offsets(step, level, scale),
            SeriesGaps.IsNonNegative(filled));
    }
}
