using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Tests.Monitoring;

// Expected values from scipy's documentation examples (wasserstein_distance, jensenshannon,
// chi2_contingency) and from hand computation, written out in the comments.
public class StatisticsTests
{
    [Fact]
    public void Psi_OfTwoBins_IsTheSumOfDifferenceTimesLogRatio()
    {
        // (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5) = 0.17329 + 0.10137
        Assert.Equal((0.25 * Math.Log(2)) + (0.25 * Math.Log(1.5)), PopulationStabilityIndex.Of([0.5, 0.5], [0.25, 0.75]), 12);
        Assert.Equal(0, PopulationStabilityIndex.Of([0.2, 0.8], [0.2, 0.8]), 12);
    }

    [Fact]
    public void PsiShares_UseTheProfilesRightClosedBins()
    {
        // edges 1, 2: bins (−∞, 1], (1, 2], (2, ∞)
        Assert.Equal([0.4, 0.2, 0.4], PopulationStabilityIndex.Shares([1.0, 2.0], [0.5, 1.0, 2.0, 2.5, 9.0]));
    }

    [Fact]
    public void KolmogorovSmirnovStatistic_IsTheLargestCdfGap()
    {
        Assert.Equal(1, KolmogorovSmirnov.Statistic([1.0, 2, 3], [4.0, 5, 6]), 12);
        Assert.Equal(0.5, KolmogorovSmirnov.Statistic([1.0, 2, 3, 4], [3.0, 4, 5, 6]), 12); // at x = 2: 2/4 against 0
        Assert.Equal(0, KolmogorovSmirnov.Statistic([1.0, 2, 2, 3], [1.0, 2, 2, 3]), 12);
    }

    [Fact]
    public void KolmogorovSmirnovTest_PValueFollowsStephensCorrection()
    {
        // n = m = 100, D = 0.2: nₑ = 50, λ = (√50 + 0.12 + 0.11/√50)·0.2 = 1.44130, Q(λ) ≈ 0.0314
        double[] a = [.. Enumerable.Range(0, 100).Select(i => (double)i)];
        double[] b = [.. Enumerable.Range(20, 100).Select(i => (double)i)];
        var (d, p) = KolmogorovSmirnov.Test(a, 100, b);
        Assert.Equal(0.2, d, 12);
        var lambda = (Math.Sqrt(50) + 0.12 + (0.11 / Math.Sqrt(50))) * 0.2;
        Assert.Equal(2 * (Math.Exp(-2 * lambda * lambda) - Math.Exp(-8 * lambda * lambda) + Math.Exp(-18 * lambda * lambda)), p, 9);
        Assert.InRange(p, 0.030, 0.033);
    }

    [Fact]
    public void Wasserstein_MatchesScipysExamples()
    {
        Assert.Equal(5.0, WassersteinDistance.Between([0.0, 1, 3], [5.0, 6, 8]), 12); // scipy docs
        Assert.Equal(0.5, WassersteinDistance.Between([0.0, 1], [0.0, 2]), 12); // mean |sorted difference| = (0 + 1) / 2
        Assert.Equal(1.0, WassersteinDistance.Between([0.0], [0.0, 2]), 12); // half the mass moves 2
    }

    [Fact]
    public void WassersteinNormalised_DividesByTheReferenceSpread_WithAFloor()
    {
        Assert.Equal(2.5, WassersteinDistance.Normalised([0.0, 1, 3], 2, [5.0, 6, 8]), 12);
        Assert.Equal(5.0 / WassersteinDistance.MinimumScale, WassersteinDistance.Normalised([0.0, 1, 3], 0, [5.0, 6, 8]), 6);
    }

    [Fact]
    public void JensenShannon_MatchesScipysExamples()
    {
        Assert.Equal(0.46450140402245893, JensenShannonDistance.Between([1.0, 0.0], [0.5, 0.5]), 12); // scipy docs
        Assert.Equal(Math.Sqrt(Math.Log(2)), JensenShannonDistance.Between([1.0, 0, 0], [0.0, 1, 0]), 12); // disjoint
        Assert.Equal(0, JensenShannonDistance.Between([2.0, 6], [1.0, 3]), 12); // counts are normalised
    }

    [Fact]
    public void ChiSquareHomogeneity_MatchesScipysChi2ContingencyExample()
    {
        // scipy.stats.chi2_contingency([[10, 10, 20], [20, 20, 20]]): 2.7777…, p = 0.2493522, dof 2
        var (statistic, degrees, p) = ChiSquareTest.Homogeneity([10.0, 10, 20], [20.0, 20, 20]);
        Assert.Equal(2.7777777777777777, statistic, 12);
        Assert.Equal(2, degrees);
        Assert.Equal(0.24935220877729619, p, 9);
    }

    [Fact]
    public void ChiSquareHomogeneity_WithACategoryOnlyInCurrent_StaysDefined()
    {
        var (_, degrees, p) = ChiSquareTest.Homogeneity([50.0, 50, 0], [30.0, 30, 40]);
        Assert.Equal(2, degrees);
        Assert.True(p < 1e-6);
    }
}
