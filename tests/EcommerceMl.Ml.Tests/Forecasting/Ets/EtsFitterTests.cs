using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

public class EtsFitterTests
{
    [Fact]
    public void Fit_OnASimulatedLocalLevelWeeklySeries_RecoversAlpha()
    {
        var y = EtsSimulation.LocalLevelWeekly(2000, alpha: 0.3, gamma: 0.05, sigma: 2, seed: 7);

        var model = EtsFitter.Fit(new EtsSpec(EtsError.Additive, EtsTrend.None, 7), y)!;

        Assert.Equal(0.3, model.Parameters.Alpha, 0.06);
        Assert.Equal(2, model.Sigma, 0.15);
    }

    [Fact]
    public void Select_OnAStronglyWeeklySeries_PicksASeasonalModel()
    {
        var y = EtsSimulation.LocalLevelWeekly(400, alpha: 0.2, gamma: 0.05, sigma: 1, seed: 3);

        var model = EtsFitter.Select(y, 7);

        Assert.True(model.Spec.Seasonal, $"chose {model}");
    }

    [Fact]
    public void Fit_MultiplicativeErrorOnASeriesWithZeros_IsNotPossible()
    {
        double[] y = [.. Enumerable.Range(0, 60).Select(i => i % 7 == 5 ? 0.0 : 10 + (i % 3))];

        Assert.Null(EtsFitter.Fit(new EtsSpec(EtsError.Multiplicative, EtsTrend.None, 1), y));
    }

    [Fact]
    public void NelderMead_FindsTheRosenbrockMinimum()
    {
        var result = NelderMead.Minimize(x => (100 * Math.Pow(x[1] - (x[0] * x[0]), 2)) + Math.Pow(1 - x[0], 2), [-1.2, 1], step: 0.5, maxEvaluations: 5000, tolerance: 1e-14);

        Assert.Equal(1, result.Minimum[0], 0.01);
        Assert.Equal(1, result.Minimum[1], 0.02);
    }

    [Fact]
    public void YearlyFourier_RecoversAPureYearlyWave()
    {
        double[] y = [.. Enumerable.Range(0, 1100).Select(t => 5 + (0.01 * t) + (2 * Math.Sin(2 * Math.PI * t / YearlyFourier.YearDays)))];

        var fourier = YearlyFourier.Fit(y, order: 3);

        Assert.Equal(2, fourier.At(91), 0.05);
        Assert.Equal(-2, fourier.At(274), 0.05);
    }

    [Fact]
    public void NormalQuantile_MatchesKnownValues()
    {
        Assert.Equal(1.2815516, NormalQuantile.Of(0.9), 1e-6);
        Assert.Equal(-1.9599640, NormalQuantile.Of(0.025), 1e-6);
        Assert.Equal(0, NormalQuantile.Of(0.5), 1e-12);
    }
}
