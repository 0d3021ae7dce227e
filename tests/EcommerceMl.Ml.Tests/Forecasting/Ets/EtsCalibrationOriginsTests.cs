using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>The conformal backtest's origins: inside the history, and where they are meant to be.</summary>
public class EtsCalibrationOriginsTests
{
    [Fact]
    public void OriginsFor_ALongSeries_SitAtTheSameTimeOfYearInEarlierYears_InsideTheHistory()
    {
        var origins = EtsSeriesModel.CalibrationOriginsFor(1500, new EtsSeriesOptions());

        Assert.NotEmpty(origins);
        Assert.All(origins, o => Assert.InRange(o, EtsSeriesModel.MinimumSeasonalOriginDays, 1499));
        Assert.Contains((int)Math.Round(1500 - 365.25), origins);
        Assert.Contains((int)Math.Round(1500 - 730.5), origins);
        Assert.All(origins, o =>
        {
            var years = (1500 - o) / 365.25;
            Assert.InRange(Math.Abs(years - Math.Round(years)) * 365.25, 0, 28.5);
        });
    }

    [Fact]
    public void OriginsFor_AShortSeries_AreRecentAndInItsSecondHalf()
    {
        var origins = EtsSeriesModel.CalibrationOriginsFor(300, new EtsSeriesOptions());

        Assert.Equal([272, 244, 216, 188, 160], origins);
    }

    [Fact]
    public void Calibrated_OnASeriesWithAYearlyCycle_CoversNearNominal()
    {
        // Three years of a weekly and yearly series with known noise: the calibrated 80% interval
        // over the next 28 days covers 80% ± 8% over 40 independent series.
        var inside = 0;
        var total = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var y = EtsSimulation.LocalLevelWeekly(1100 + 28, alpha: 0.2, gamma: 0.02, sigma: 3, seed);
            for (var t = 0; t < y.Length; t++)
            {
                y[t] += 10 * Math.Sin(2 * Math.PI * t / 365.25);
            }

            var model = EtsSeriesModel.Fit(y.AsSpan(0, 1100), new DateOnly(2020, 1, 1), new EtsSeriesOptions(FourierOrder: 3, Transform: EtsTransform.None), calibrate: true);
            var (lower, upper) = model.Forecast(28).Interval(0.8);
            for (var h = 0; h < 28; h++)
            {
                total++;
                inside += y[1100 + h] >= lower[h] && y[1100 + h] <= upper[h] ? 1 : 0;
            }
        }

        Assert.InRange((double)inside / total, 0.72, 0.88);
    }
}
