using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>The ETS recursions against cases worked by hand.</summary>
public class EtsFilterTests
{
    [Fact]
    public void Run_SimpleExponentialSmoothing_MatchesTheHandWorkedCase()
    {
        // ETS(A,N,N), α = 0.5, ℓ₀ = 10, y = 10, 12, 11:
        // ŷ₁ = 10, e = 0, ℓ = 10; ŷ₂ = 10, e = 2, ℓ = 11; ŷ₃ = 11, e = 0, ℓ = 11. SSE = 4.
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.None, 1);
        var state = new EtsState(10, 0, [0], 0);

        var pass = EtsFilter.Run(spec, new EtsParameters(0.5, 0, 0, 1), ref state, [10, 12, 11]);

        Assert.Equal(3, pass.Observed);
        Assert.Equal(4, pass.SumSquaredErrors, 12);
        Assert.Equal(11, state.Level, 12);
        Assert.Equal(11, EtsFilter.Forecast(spec, new EtsParameters(0.5, 0, 0, 1), state, 5), 12);
    }

    [Fact]
    public void Run_HoltLinearTrend_MatchesTheHandWorkedCase()
    {
        // ETS(A,A,N), α = 0.5, β = 0.2, ℓ₀ = 10, b₀ = 1, y = 10, 13:
        // ŷ₁ = 11, e = −1, ℓ = 10.5, b = 0.8; ŷ₂ = 11.3, e = 1.7, ℓ = 12.15, b = 1.14; ŷ(h=2) = 12.15 + 2·1.14 = 14.43.
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.Additive, 1);
        var p = new EtsParameters(0.5, 0.2, 0, 1);
        var state = new EtsState(10, 1, [0], 0);

        var pass = EtsFilter.Run(spec, p, ref state, [10, 13]);

        Assert.Equal(1 + (1.7 * 1.7), pass.SumSquaredErrors, 12);
        Assert.Equal(12.15, state.Level, 12);
        Assert.Equal(1.14, state.Trend, 12);
        Assert.Equal(14.43, EtsFilter.Forecast(spec, p, state, 2), 12);
    }

    [Fact]
    public void Run_SeasonalModel_UpdatesTheSeasonOfTheDayAndSkipsUnobservedDays()
    {
        // ETS(A,N,A) m = 2, α = 0.5, γ = 0.25, ℓ₀ = 10, s = (+1, −1):
        // day 0: ŷ = 11, y = 13, e = 2 → ℓ = 11, s₀ = 1.5; day 1 unobserved → no change;
        // day 2: ŷ = 11 + 1.5 = 12.5, y = 12.5, e = 0.
        var spec = new EtsSpec(EtsError.Additive, EtsTrend.None, 2);
        var state = new EtsState(10, 0, [1, -1], 0);

        var pass = EtsFilter.Run(spec, new EtsParameters(0.5, 0, 0.25, 1), ref state, [13, double.NaN, 12.5]);

        Assert.Equal(2, pass.Observed);
        Assert.Equal(4, pass.SumSquaredErrors, 12);
        Assert.Equal(11, state.Level, 12);
        Assert.Equal([1.5, -1], state.Season);
        Assert.Equal(3, state.Time);
    }

    [Fact]
    public void VarianceMultipliers_LocalLevel_GrowByAlphaSquaredPerStep()
    {
        // ETS(A,N,N): v_h = 1 + (h − 1)α².
        var v = EtsFilter.VarianceMultipliers(new EtsSpec(EtsError.Additive, EtsTrend.None, 1), new EtsParameters(0.5, 0, 0, 1), 3);

        Assert.Equal([1, 1.25, 1.5], v);
    }

    [Fact]
    public void DampedSum_IsTheGeometricSeries()
    {
        Assert.Equal(0.9 + 0.81 + 0.729, EtsFilter.DampedSum(0.9, 3), 12);
        Assert.Equal(3, EtsFilter.DampedSum(1, 3));
    }
}
