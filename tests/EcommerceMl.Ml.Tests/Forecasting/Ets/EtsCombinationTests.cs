using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

public class EtsCombinationTests
{
    [Fact]
    public void AkaikeWeights_MatchTheHandComputedValues()
    {
        // Δ = 0, 2, 4 → exp(0), exp(−1), exp(−2) normalised: 0.6652, 0.2447, 0.0900.
        var weights = EtsCombinationMethod.AkaikeWeights([100, 102, 104]);

        Assert.Equal(0.66524, weights[0], 1e-4);
        Assert.Equal(0.24473, weights[1], 1e-4);
        Assert.Equal(0.09003, weights[2], 1e-4);
        Assert.Equal(1, weights.Sum(), 1e-12);
    }

    [Fact]
    public void Combination_OnALocalLevelWeeklySeries_StaysCloseToTheSelectedForm()
    {
        var y = EtsSimulation.LocalLevelWeekly(200, alpha: 0.3, gamma: 0.1, sigma: 5, seed: 7);
        var start = new DateOnly(2026, 1, 5);
        var options = new EtsSeriesOptions(7, Yearly: false, Transform: EtsTransform.None);

        var forms = EtsSeriesModel.FitEveryForm(y, start, options);
        var combined = new EtsCombinationMethod().Forecast(new EcommerceMl.Ml.Forecasting.DailySeries("s", start, y), 14);
        var selected = EtsSeriesModel.Fit(y, start, options).Forecast(14, calibrated: false);

        Assert.Equal(12, forms.Count);
        var (lower, upper) = combined.Interval(0.8);
        for (var h = 0; h < 14; h++)
        {
            // The forms the criterion favours forecast alike on this series (σ = 5): within 5 units.
            Assert.InRange(combined.Point[h] - selected.Point[h], -5, 5);
            Assert.True(lower[h] < combined.Point[h] && combined.Point[h] < upper[h]);
        }
    }
}
