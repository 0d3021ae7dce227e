using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>
/// On series drawn from a known model with Gaussian noise, a nominal 80% interval must cover about
/// 80% of what follows: 100 independent series × 14 steps = 1,400 outcomes, whose coverage has a
/// standard error of ≈ 0.01 (less independent across steps, so the tolerance is ±0.05).
/// </summary>
public class EtsIntervalCoverageTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Interval80_OnSimulatedSeriesWithKnownNoise_CoversAbout80Percent(bool calibrated)
    {
        ISeriesForecastMethod method = new EtsMethod(7, calibrated);
        var inside = 0;
        var total = 0;
        for (var seed = 1; seed <= 100; seed++)
        {
            var y = EtsSimulation.LocalLevelWeekly(210 + 14, alpha: 0.3, gamma: 0.05, sigma: 4, seed);
            var forecast = method.Forecast(y.AsSpan(0, 210), 14);
            var (lower, upper) = forecast.Interval(0.80);
            for (var h = 0; h < 14; h++)
            {
                total++;
                if (y[210 + h] >= lower[h] && y[210 + h] <= upper[h])
                {
                    inside++;
                }
            }
        }

        Assert.InRange((double)inside / total, 0.75, 0.85);
    }
}
