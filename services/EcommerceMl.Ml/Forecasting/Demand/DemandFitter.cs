namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// Fits <see cref="LightGbmDemandForecaster"/> (pure apart from ML.NET's trainer): training rows from
/// every product, a first fit on targets before the validation window, conformal calibration on the
/// window, then (by default) a refit on all days so the served trees have seen the latest weeks.
/// </summary>
public static class DemandFitter
{
    public static LightGbmDemandForecaster Fit(DemandHistory history, DemandOptions options, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(options);
        var needed = DemandFeatures.Window + options.CalibrationDays + (2 * options.MaxHorizon);
        if (history.Days < needed)
        {
            throw new ArgumentException(
                $"The demand model needs {needed} days of shop history ({DemandFeatures.Window}-day feature window, {options.CalibrationDays}-day validation window, training targets {2 * options.MaxHorizon} days); the shop has {history.Days}.",
                nameof(history));
        }

        var statics = ProductStatics.Compute(history.Products);
        var yearly = history.Days >= CalendarTable.YearlyFeatureDays;
        var calendar = new CalendarTable(options.Calendar, history.Start, history.Days + options.MaxHorizon + 1, yearly);
        var last = history.Days - 1;
        var calibrationStart = last - options.CalibrationDays;
        progress?.Report("building training rows");
        var rows = DemandRows.Build(history, statics, calendar, options, last);
        progress?.Report($"fitting on {rows.Count} rows before the validation window");
        var first = DemandRegressor.Fit(rows.Through(calibrationStart), options);
        progress?.Report("calibrating intervals on the validation window");
        var calibrations = DemandCalibrator.Calibrate(first, history, statics, calendar, options, calibrationStart);
        var trees = first;
        if (options.Refit)
        {
            progress?.Report($"refitting on all {rows.Count} rows");
            trees = DemandRegressor.Fit(rows, options);
        }

        var window = DemandFeatures.Window;
        var products = history.Products.Select((p, i) => new LightGbmDemandForecaster.ProductState(
            p.ProductId,
            p.Units[(last - window + 1)..],
            last - p.FirstSale,
            statics[i])).ToList();
        return new LightGbmDemandForecaster(
            trees, options.Calendar, yearly, options.MaxHorizon, options.TrendThreshold, history.End, products, history.Shop[(last - window + 1)..], calibrations);
    }
}
