using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

public class EtsMultiStepTests
{
    [Fact]
    public void MeanSquaredError_AtHorizonOne_IsTheOneStepMeanSquaredError()
    {
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.Additive, 1);
        var p = new EtsParameters(0.5, 0.1, 0, 1);
        double[] y = [10, 12, double.NaN, 13, 15, 14];
        var start = new EtsState(10, 1, [0], 0);

        var state = start.Copy();
        var pass = EtsFilter.Run(spec, p, ref state, y);
        var amse = EtsMultiStep.MeanSquaredError(spec, p, start, y, horizon: 1);

        Assert.Equal(pass.SumSquaredErrors / pass.Observed, amse, 12);
    }

    [Fact]
    public void MeanSquaredError_AtHorizonTwo_AveragesOneAndTwoStepErrors_HandWorked()
    {
        // Local level α = 0.5 from ℓ = 0 on y = 2, 4: origin 0 forecasts 0 for both days
        // (errors 2, 4); ℓ becomes 1, origin 1 forecasts 1 for day 2 (error 3). (4 + 16 + 9) / 3.
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.None, 1);
        var p = new EtsParameters(0.5, 0, 0, 1);

        var amse = EtsMultiStep.MeanSquaredError(spec, p, new EtsState(0, 0, [0], 0), [2, 4], horizon: 2);

        Assert.Equal(29.0 / 3, amse, 12);
    }

    [Fact]
    public void FitMultiStep_LowersTheMultiStepErrorOfTheLikelihoodFit_AndKeepsItsLikelihood()
    {
        var y = EtsSimulation.LocalLevelWeekly(500, alpha: 0.05, gamma: 0.02, sigma: 5, seed: 4);
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.DampedAdditive, 7);
        var likelihood = EtsFitter.Fit(spec, y)!;

        var multiStep = EtsFitter.FitMultiStep(likelihood, y, 28)!;

        var before = EtsMultiStep.MeanSquaredError(spec, likelihood.Parameters, likelihood.Initial, y, 28);
        var after = EtsMultiStep.MeanSquaredError(spec, multiStep.Parameters, multiStep.Initial, y, 28);
        Assert.True(after <= before, $"AMSE {after} after vs {before} before");
        Assert.Equal(likelihood.MinusTwoLogLikelihood, multiStep.MinusTwoLogLikelihood);
    }
}
