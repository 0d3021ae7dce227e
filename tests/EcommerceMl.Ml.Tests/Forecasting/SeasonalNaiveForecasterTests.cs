using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class SeasonalNaiveForecasterTests
{
    private static readonly SeasonalNaiveOptions Weekly = new(Season: 7, IntervalWindowDays: 365);

    [Fact]
    public void Forecast_OnAPureWeeklyPattern_ReproducesItExactly()
    {
        var series = ForecastTestData.Weekly(days: 60);
        var model = SeasonalNaiveForecaster.Fit([series], Weekly);

        var forecast = model.Forecast(ForecastScope.Shop, horizon: 30, level: 0.9)!;

        for (var h = 1; h <= 30; h++)
        {
            var expected = ForecastTestData.WeeklyPattern[(60 + h - 1) % 7];
            Assert.Equal(series.End.AddDays(h), forecast[h - 1].Date);
            Assert.Equal(expected, forecast[h - 1].Predicted);
            Assert.Equal(expected, forecast[h - 1].Lower);
            Assert.Equal(expected, forecast[h - 1].Upper);
        }
    }

    [Fact]
    public void Interval80_OnASeededNoisyWeeklySeries_CoversCloseTo80Percent()
    {
        var series = ForecastTestData.Weekly(days: 700, noise: 15, seed: 7);
        int inside = 0, total = 0;

        // Many rolling origins, each fit only on the days before it, each judged on the next 14 days.
        for (var origin = 200; origin + 14 <= series.Length; origin += 5)
        {
            var model = SeasonalNaiveForecaster.Fit([series.Head(origin)], Weekly);
            var forecast = model.Forecast(ForecastScope.Shop, 14, 0.8)!;
            for (var h = 0; h < 14; h++)
            {
                var actual = series.Values[origin + h];
                inside += actual >= forecast[h].Lower && actual <= forecast[h].Upper ? 1 : 0;
                total++;
            }
        }

        Assert.InRange((double)inside / total, 0.75, 0.85);
    }

    [Fact]
    public void Forecast_HigherLevels_GiveNestedIntervals()
    {
        var model = SeasonalNaiveForecaster.Fit([ForecastTestData.Weekly(days: 200, noise: 20, seed: 3)], Weekly);

        var levels = new[] { 0.5, 0.8, 0.95, 0.99 };
        var forecasts = levels.Select(l => model.Forecast(ForecastScope.Shop, 70, l)!).ToList();

        for (var i = 1; i < levels.Length; i++)
        {
            for (var h = 0; h < 70; h++)
            {
                Assert.True(forecasts[i][h].Lower <= forecasts[i - 1][h].Lower, $"lower at step {h + 1}, level {levels[i]}");
                Assert.True(forecasts[i][h].Upper >= forecasts[i - 1][h].Upper, $"upper at step {h + 1}, level {levels[i]}");
            }
        }

        Assert.True(forecasts[1][0].Upper > forecasts[1][0].Lower);
    }

    [Fact]
    public void Forecast_BeyondTheLastHorizonBucket_WidensTheInterval()
    {
        var model = SeasonalNaiveForecaster.Fit([ForecastTestData.Weekly(days: 400, noise: 20, seed: 5)], Weekly);
        var lastBucketStep = ResidualBuckets.MaxBuckets * 7;

        var forecast = model.Forecast(ForecastScope.Shop, lastBucketStep * 4, 0.8)!;

        // Same weekday, one inside the last bucket and one at four times its reach: √4 = 2× wider.
        var inside = forecast[lastBucketStep - 1];
        var beyond = forecast[(lastBucketStep * 4) - 1];
        Assert.Equal(2 * (inside.Upper - inside.Predicted), beyond.Upper - beyond.Predicted, 6);
    }

    [Fact]
    public void Forecast_NeverGivesALowerBoundBelowZero()
    {
        double[] values = [.. Enumerable.Range(0, 60).Select(i => i % 7 == 5 ? 0.0 : 10 + (i * 37 % 11))];
        var model = SeasonalNaiveForecaster.Fit([new DailySeries(ForecastScope.Shop, ForecastTestData.Start, values)], Weekly);

        var forecast = model.Forecast(ForecastScope.Shop, 28, 0.95)!;

        Assert.All(forecast, p => Assert.True(p.Lower >= 0));
        Assert.Contains(forecast, p => p.Predicted == 0 && p.Lower == 0);
    }

    [Fact]
    public void Forecast_WhenScopeIsUnknown_ReturnsNull()
    {
        var model = SeasonalNaiveForecaster.Fit([ForecastTestData.Weekly(days: 30)], Weekly);

        Assert.Null(model.Forecast(ForecastScope.Product("nope"), 7, 0.8));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(80.0)]
    [InlineData(double.NaN)]
    public void Forecast_WhenLevelIsNotAFraction_Refuses(double level)
    {
        var model = SeasonalNaiveForecaster.Fit([ForecastTestData.Weekly(days: 30)], Weekly);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => model.Forecast(ForecastScope.Shop, 7, level));
        Assert.Contains("between 0 and 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_LeavesOutSeriesShorterThanTwoSeasons()
    {
        var shop = ForecastTestData.Weekly(days: 40);
        var young = new DailySeries(ForecastScope.Product("new"), shop.End.AddDays(-9), new double[10]);

        var model = SeasonalNaiveForecaster.Fit([shop, young], Weekly);

        Assert.Equal([ForecastScope.Shop], model.Scopes);
    }
}
