using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Ml.Tests.Forecasting;

public class ThetaMethodTests
{
    [Fact]
    public void Forecast_OnAStraightLine_ContinuesAtHalfTheSlope()
    {
        // y = 10 + 2t without season: SES tracks the line closely (α at the grid's top, 0.99), so
        // ℓₙ ≈ yₙ − 2(1 − α)/α and the forecast is ℓₙ + b/2·(j − 1 + 1/α − (1 − α)ⁿ/α) with b = 2:
        // by hand, yₙ + j − 1 + 1/0.99 − 2·0.01/0.99 ≈ yₙ + j − 0.010.
        var y = Enumerable.Range(0, 60).Select(t => 10 + (2.0 * t)).ToArray();

        var forecast = new ThetaMethod(period: 1).Forecast(y, 5);

        for (var j = 1; j <= 5; j++)
        {
            Assert.Equal(y[^1] + j, forecast.Point[j - 1], 0.05);
        }
    }

    [Fact]
    public void Forecast_OnAConstantWeeklyPattern_RepeatsIt()
    {
        var series = ForecastTestData.Weekly(70);

        var forecast = new ThetaMethod().Forecast(series.Values, 14);

        for (var h = 1; h <= 14; h++)
        {
            Assert.Equal(ForecastTestData.WeeklyPattern[(70 + h - 1) % 7], forecast.Point[h - 1], 1e-6);
        }
    }

    [Fact]
    public void Forecast_WithClosedSaturdays_ForecastsThemAsZeroWithoutWidth()
    {
        var values = ForecastTestData.Weekly(84, noise: 5, seed: 3).Values.ToArray();
        for (var t = 5; t < values.Length; t += 7)
        {
            values[t] = 0;
        }

        var forecast = new ThetaMethod().Forecast(values, 14);
        var (lower, upper) = forecast.Interval(0.8);

        for (var h = 1; h <= 14; h++)
        {
            if ((84 + h - 1) % 7 == 5)
            {
                Assert.Equal(0, forecast.Point[h - 1]);
                Assert.Equal(0, upper[h - 1]);
            }
            else
            {
                Assert.True(lower[h - 1] < forecast.Point[h - 1] && forecast.Point[h - 1] < upper[h - 1]);
            }
        }
    }

    [Fact]
    public void Forecast_OnSimulatedNoise_Covers80PercentWithinTolerance()
    {
        // Level 100 + weekly pattern + N(0, 10²) noise, seeded: the 80% interval of a one-step
        // forecast should cover about 80% of fresh draws across many series.
        var covered = 0;
        const int Series = 300;
        for (var s = 0; s < Series; s++)
        {
            var series = ForecastTestData.Weekly(141, noise: 10, seed: 100 + s).Values;
            var forecast = new ThetaMethod().Forecast(series[..140], 1);
            var (lower, upper) = forecast.Interval(0.8);
            covered += series[140] >= lower[0] && series[140] <= upper[0] ? 1 : 0;
        }

        Assert.InRange(covered / (double)Series, 0.72, 0.88);
    }
}
