using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>What a daily series adds up per day.</summary>
public enum DailyMeasure
{
    /// <summary>Σ quantity × unit price.</summary>
    Revenue,

    /// <summary>Σ quantity: units sold, the demand a stock planner needs.</summary>
    Units,
}

public static class DailyMeasures
{
    /// <summary>The measure's name as models and reports spell it ("revenue", "units").</summary>
    public static string Name(this DailyMeasure measure) => measure switch
    {
        DailyMeasure.Revenue => "revenue",
        DailyMeasure.Units => "units",
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown daily measure."),
    };

    /// <summary>One purchase line's contribution to the measure.</summary>
    public static double Of(this DailyMeasure measure, Purchase purchase) => measure switch
    {
        DailyMeasure.Revenue => purchase.Revenue,
        DailyMeasure.Units => purchase.Quantity,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown daily measure."),
    };
}
