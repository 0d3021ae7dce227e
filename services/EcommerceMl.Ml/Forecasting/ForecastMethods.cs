using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Every forecasting method the harness compares, baselines first. The baselines see the series as
/// it is (their published reference figures do); ETS fits only trading days.
/// </summary>
public static class ForecastMethods
{
    public static IReadOnlyList<ISeriesForecastMethod> All(int season = 7) =>
    [
        new NaiveMethod(),
        new SeasonalNaiveMethod(season),
        new EtsMethod(season),
        new EtsMethod(season, calibrated: true),
    ];
}
