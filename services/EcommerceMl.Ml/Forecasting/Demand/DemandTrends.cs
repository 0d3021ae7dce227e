namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// The trend label (pure): compare the mean forecast over the next 30 days (or the trained horizon if
/// shorter) with the mean of the last 30 observed days. Rising when the forecast is above the recent
/// mean by more than <c>threshold</c> (relative) plus <see cref="NoiseUnitsPerDay"/>, falling when
/// below by as much, flat otherwise. The absolute slack keeps a product that sells one unit a month
/// from flipping between rising and falling on noise. Closed days count as zeros on both sides.
/// </summary>
public static class DemandTrends
{
    public const int Days = 30;

    public const double NoiseUnitsPerDay = 0.05;

    public static DemandTrend Classify(double forecastMean, double recentMean, double threshold)
    {
        if (forecastMean > (recentMean * (1 + threshold)) + NoiseUnitsPerDay)
        {
            return DemandTrend.Rising;
        }

        return forecastMean < (recentMean * (1 - threshold)) - NoiseUnitsPerDay ? DemandTrend.Falling : DemandTrend.Flat;
    }

    /// <summary>"rising" | "flat" | "falling", as the API spells it.</summary>
    public static string Name(this DemandTrend trend) => trend switch
    {
        DemandTrend.Rising => "rising",
        DemandTrend.Falling => "falling",
        _ => "flat",
    };
}
