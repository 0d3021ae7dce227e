using System.Globalization;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>Yearly Fourier and holiday regressors on tiny cases, and ETS with regressors (GLS).</summary>
public class CalendarRegressionTests
{
    private static readonly DateOnly Start = new(2020, 1, 1);

    private static string Day(int t) => Start.AddDays(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void Build_OnTenDays_GivesFourierColumnsThenOneDummyPerObservedHolidayKey()
    {
        var calendar = HolidayCalendar.Parse($"""
            holiday:{Day(3)} name=sale after=1
            holiday:{Day(8)} name=strike  # falls on an unobserved day only: no column
            """);
        double[] y = [1, 2, 3, 4, 5, 6, 7, 8, double.NaN, 10];

        var regressors = CalendarRegressors.Build(y, Start, fourierOrder: 1, calendar);

        Assert.Equal(["sale@0", "sale@+1"], regressors.HolidayKeys);
        Assert.Equal(4, regressors.Count);
        Assert.Equal(0, regressors.Columns[0][0], 12); // sin(0)
        Assert.Equal(1, regressors.Columns[1][0], 12); // cos(0)
        Assert.Equal(Math.Sin(2 * Math.PI * 5 / 365.25), regressors.Columns[0][5], 12);
        Assert.Equal([0, 0, 0, 1, 0, 0, 0, 0, 0, 0], regressors.Columns[2]);
        Assert.Equal([0, 0, 0, 0, 1, 0, 0, 0, 0, 0], regressors.Columns[3]);
    }

    [Fact]
    public void Effects_MapCoefficientsBackToDays_IncludingFutureOccurrences()
    {
        var calendar = HolidayCalendar.Parse($"holiday:{Day(3)} name=sale; holiday:{Day(40)} name=sale");
        double[] y = [.. Enumerable.Range(0, 10).Select(t => (double)t)];
        var regressors = CalendarRegressors.Build(y, Start, fourierOrder: 1, calendar);

        var effects = regressors.Effects(Start, calendar, [0.5, 2.0, 7.0]);

        Assert.Equal(2.0, effects.At(0), 12); // 0.5·sin 0 + 2·cos 0
        Assert.Equal(7.0 + (0.5 * Math.Sin(2 * Math.PI * 3 / 365.25)) + (2 * Math.Cos(2 * Math.PI * 3 / 365.25)), effects.At(3), 12);
        Assert.Equal(7.0, effects.At(40) - effects.Yearly!.At(40), 12);
    }

    [Fact]
    public void Innovations_AreLinearInTheData()
    {
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.DampedAdditive, 7);
        var p = new EtsParameters(0.3, 0.05, 0.1, 0.9);
        var random = new Random(3);
        var y = Enumerable.Range(0, 60).Select(_ => 10 + random.NextDouble()).ToArray();
        var x = Enumerable.Range(0, 60).Select(t => Math.Sin(t / 5.0)).ToArray();
        y[17] = double.NaN;
        x[17] = double.NaN;

        var combined = EtsRegressionFitter.Innovations(spec, p, [.. y.Select((v, t) => v - (2.5 * x[t]))]);
        var ey = EtsRegressionFitter.Innovations(spec, p, y);
        var ex = EtsRegressionFitter.Innovations(spec, p, x);

        for (var t = 0; t < y.Length; t++)
        {
            Assert.Equal(ey[t] - (2.5 * ex[t]), combined[t], 9);
        }
    }

    [Fact]
    public void Fit_RecoversAHolidayEffectUnderALevelShift()
    {
        // A random-walk level with a jump: least squares with a straight trend would bias the
        // holiday effect; regression with ETS errors recovers it.
        var random = new Random(7);
        var days = 400;
        var calendar = HolidayCalendar.Parse(string.Join(';', Enumerable.Range(0, 12).Select(k => $"holiday:{Day(15 + (k * 31))} name=promo")));
        var level = 50.0;
        var y = new double[days];
        for (var t = 0; t < days; t++)
        {
            level += (0.5 * ForecastTestData.Gaussian(random)) + (t == 200 ? 20 : 0);
            y[t] = level + (calendar.EffectsOn(Start.AddDays(t)).Count > 0 ? 8 : 0) + (0.5 * ForecastTestData.Gaussian(random));
        }

        var regressors = CalendarRegressors.Build(y, Start, fourierOrder: 0, calendar);
        var (_, beta) = EtsRegressionFitter.Fit(y, regressors.Columns, period: 1);

        Assert.Equal(8, beta[0], 1.0);
    }

    [Fact]
    public void SeriesModel_WithTheUkCalendar_ForecastsABankHolidayAsZeroWithNoWidth()
    {
        // 10 weeks from Monday 2011-02-14; Good Friday 2011-04-22 is 4 days after the history ends.
        var start = new DateOnly(2011, 2, 14);
        var y = EtsSimulation.LocalLevelWeekly(63, alpha: 0.2, gamma: 0, sigma: 2, seed: 1);

        var forecast = EtsSeriesModel.Fit(y, start, new EtsSeriesOptions(Calendar: HolidayCalendar.UnitedKingdomClosed)).Forecast(7);
        var (lower, upper) = forecast.Interval(0.95);

        var goodFriday = new DateOnly(2011, 4, 22).DayNumber - start.AddDays(63).DayNumber;
        Assert.Equal(0, forecast.Point[goodFriday]);
        Assert.Equal(0, upper[goodFriday] - lower[goodFriday]);
        Assert.True(forecast.Point[goodFriday - 1] > 50);
    }
}
