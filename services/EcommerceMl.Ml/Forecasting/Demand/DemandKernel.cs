using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// One product's forecast from one origin (pure): the trees' prediction for every step 1..H times the
/// product's scale, clipped at 0. Closed days are not zeroed here (the caller applies the calendar), so
/// a step past the trained horizon can borrow an open-day value from the last trained week.
/// </summary>
internal static class DemandKernel
{
    public static double[] Predict(
        TreeEnsemble trees,
        ReadOnlySpan<double> window,
        int daysOnSale,
        ReadOnlySpan<double> shopWindow,
        ReadOnlySpan<float> statics,
        DateOnly origin,
        int horizon,
        CalendarTable calendar)
    {
        var scale = DemandFeatures.Scale(window);
        Span<float> row = stackalloc float[DemandFeatures.Count];
        var forecast = new double[horizon];
        for (var step = 1; step <= horizon; step++)
        {
            DemandFeatures.Write(row, window, daysOnSale, shopWindow, statics, origin, step, calendar);
            forecast[step - 1] = Math.Max(0, trees.Score(row) * scale);
        }

        return forecast;
    }
}
