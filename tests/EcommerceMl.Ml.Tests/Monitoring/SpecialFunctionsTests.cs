using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Tests.Monitoring;

// Reference values: the chi-square and Kolmogorov critical values every statistics table prints,
// and closed forms (χ² with 2 degrees of freedom has survival exp(−x/2); Γ(5) = 24).
public class SpecialFunctionsTests
{
    [Theory]
    [InlineData(3.841458820694124, 1, 0.05)]
    [InlineData(6.634896601021214, 1, 0.01)]
    [InlineData(5.991464547107979, 2, 0.05)]
    [InlineData(11.070497693516351, 5, 0.05)]
    [InlineData(30.14352720564616, 19, 0.05)]
    [InlineData(124.34211340400407, 100, 0.05)]
    public void ChiSquareSurvival_AtTableCriticalValues_GivesTheirLevel(double x, double degrees, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.ChiSquareSurvival(x, degrees), 9);
    }

    [Fact]
    public void ChiSquareSurvival_WithTwoDegrees_IsExpOfMinusHalfX()
    {
        Assert.Equal(Math.Exp(-1), SpecialFunctions.ChiSquareSurvival(2, 2), 12);
        Assert.Equal(1, SpecialFunctions.ChiSquareSurvival(0, 3));
    }

    [Fact]
    public void LogGamma_MatchesFactorials()
    {
        Assert.Equal(Math.Log(24), SpecialFunctions.LogGamma(5), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), SpecialFunctions.LogGamma(0.5), 12);
    }

    [Theory]
    [InlineData(1.3580986393225507, 0.05)]
    [InlineData(1.6276236115189353, 0.01)]
    [InlineData(1.2238478702170825, 0.10)]
    public void KolmogorovSurvival_AtTableCriticalValues_GivesTheirLevel(double lambda, double expected)
    {
        Assert.Equal(expected, SpecialFunctions.KolmogorovSurvival(lambda), 6);
    }
}
