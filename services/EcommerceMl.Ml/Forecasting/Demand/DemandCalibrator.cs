using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// Split-conformal calibration on a temporal validation window (pure). A model fitted only on targets
/// up to the window's first day forecasts from origins <see cref="DemandOptions.CalibrationStride"/>
/// days apart inside the window; each error is divided by the series' scale (units per day: the
/// product's or the shop's last-28-day mean + 1) and pooled per horizon bucket by
/// <see cref="ConformalCalibration"/>: daily errors at step h, and errors of the total over the first
/// k days divided by k × scale. Products are pooled, so a product's interval is its scale times the
/// pooled quantile; coverage is nominal across products, not for each one. Closed days are not scored.
/// </summary>
internal static class DemandCalibrator
{
    public static DemandCalibrations Calibrate(TreeEnsemble trees, DemandHistory history, float[][] statics, CalendarTable calendar, DemandOptions options, int firstOrigin)
    {
        var productDaily = new List<(int, double)>();
        var productTotal = new List<(int, double)>();
        var shopDaily = new List<(int, double)>();
        var shopTotal = new List<(int, double)>();
        var last = history.Days - 1;
        var window = DemandFeatures.Window;
        for (var origin = firstOrigin; origin < last; origin += options.CalibrationStride)
        {
            var steps = Math.Min(options.MaxHorizon, last - origin);
            var originDate = history.Start.AddDays(origin);
            var shopWindow = history.Shop.AsSpan(origin - window + 1, window);
            var shopForecast = new double[steps];
            var closed = new bool[steps];
            for (var h = 1; h <= steps; h++)
            {
                closed[h - 1] = calendar.IsClosed(originDate.AddDays(h));
            }

            for (var p = 0; p < history.Products.Count; p++)
            {
                var product = history.Products[p];
                var productWindow = product.Units.AsSpan(origin - window + 1, window);
                double[] forecast;
                if (product.FirstSale > origin)
                {
                    forecast = new double[steps]; // not on sale yet at the origin: nothing to forecast, its sales are a surprise.
                }
                else
                {
                    forecast = DemandKernel.Predict(trees, productWindow, origin - product.FirstSale, shopWindow, statics[p], originDate, steps, calendar);
                    Score(forecast, product.Units.AsSpan(origin + 1, steps), closed, DemandFeatures.Scale(productWindow), productDaily, productTotal);
                }

                for (var h = 0; h < steps; h++)
                {
                    shopForecast[h] += closed[h] ? 0 : forecast[h];
                }
            }

            Score(shopForecast, history.Shop.AsSpan(origin + 1, steps), closed, DemandFeatures.Scale(shopWindow), shopDaily, shopTotal);
        }

        if (productDaily.Count == 0 || shopDaily.Count == 0)
        {
            throw new ArgumentException("The validation window has no open day to calibrate the intervals on.", nameof(history));
        }

        return new DemandCalibrations(
            ConformalCalibration.FromScores(productDaily),
            ConformalCalibration.FromScores(productTotal),
            ConformalCalibration.FromScores(shopDaily),
            ConformalCalibration.FromScores(shopTotal));
    }

    private static void Score(double[] forecast, ReadOnlySpan<double> actual, bool[] closed, double scale, List<(int, double)> daily, List<(int, double)> total)
    {
        double sumActual = 0, sumForecast = 0;
        for (var h = 1; h <= actual.Length; h++)
        {
            var predicted = closed[h - 1] ? 0 : forecast[h - 1];
            sumActual += actual[h - 1];
            sumForecast += predicted;
            if (!closed[h - 1])
            {
                daily.Add((h, (actual[h - 1] - predicted) / scale));
            }

            total.Add((h, (sumActual - sumForecast) / (h * scale)));
        }
    }
}
