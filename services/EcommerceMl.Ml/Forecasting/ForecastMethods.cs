using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// Every forecasting method the harness compares, baselines first. The baselines see the series as
/// it is (their published reference figures do); ETS fits only trading days. With a calendar that
/// has events, the ETS methods also run with it as separate rows (<c>ets-holidays</c>…), so its
/// contribution is visible on its own.
/// </summary>
public static class ForecastMethods
{
    public static IReadOnlyList<ISeriesForecastMethod> All(int season = 7, HolidayCalendar? calendar = null)
    {
        var methods = new List<ISeriesForecastMethod>
        {
            new NaiveMethod(),
            new SeasonalNaiveMethod(season),
            new EtsMethod(season),
            new EtsMethod(season, calibrated: true),
            new EtsCombinationMethod(season),
            new MeanCombinationMethod([new EtsMethod(season), new SeasonalNaiveMethod(season)]),
            new ThetaMethod(season),
        };
        if (calendar is not null && !calendar.IsEmpty)
        {
            methods.Add(new EtsMethod(season, calendar: calendar));
            methods.Add(new EtsMethod(season, calibrated: true, calendar: calendar));
            methods.Add(new EtsCombinationMethod(season, calendar));
        }

        return methods;
    }
}
