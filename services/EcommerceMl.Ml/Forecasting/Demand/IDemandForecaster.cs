namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// A per-product demand forecaster (units): totals over the next days with a prediction interval and
/// a trend label. It is also an <see cref="IForecaster"/> of daily units for <c>shop</c> (the sum of
/// its products) and each <c>product:{id}</c>, so <c>POST /v1/forecast</c> serves it too.
/// </summary>
public interface IDemandForecaster : IForecaster
{
    /// <summary>Steps the model was trained for; later days repeat its last trained week.</summary>
    int TrainedHorizon { get; }

    /// <summary>Product ids it forecasts, ordinal order.</summary>
    IReadOnlyList<string> ProductIds { get; }

    /// <summary>
    /// Units sold over the next <c>d</c> days for each of <paramref name="horizonDays"/> (each ≥ 1), with a
    /// central interval at <paramref name="level"/> (0 &lt; level &lt; 1), and the trend. Null when the product is unknown.
    /// The days counted start <paramref name="gapDays"/> days after the data's last day (the gap is forecast
    /// through: the interval widens with it); 0 starts the day after.
    /// </summary>
    DemandForecast? Demand(string productId, IReadOnlyList<int> horizonDays, double level, int gapDays = 0);
}

public sealed record DemandForecast(string ProductId, IReadOnlyList<DemandTotal> Totals, DemandTrend Trend);

/// <summary>Units over the next <paramref name="Days"/> days and the interval around them.</summary>
public sealed record DemandTotal(int Days, double Predicted, double Lower, double Upper);

/// <summary>Where demand is heading (rule in <see cref="DemandTrends"/>).</summary>
public enum DemandTrend
{
    Falling,
    Flat,
    Rising,
}
