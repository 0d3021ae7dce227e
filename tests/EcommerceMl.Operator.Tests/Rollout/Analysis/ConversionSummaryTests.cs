using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class ConversionSummaryTests
{
    [Fact]
    public void Of_GivesEachVersionsRateAndCounts_WithThousandsSeparated()
    {
        var tally = new ConversionTally { CanaryAnswers = 2701, CanaryConversions = 84, StableAnswers = 2688, StableConversions = 92 };

        Assert.Equal("canary 3.1% (84/2,701) vs stable 3.4% (92/2,688)", ConversionSummary.Of(tally));
    }

    [Fact]
    public void Of_BeforeAnyAnswer_SaysNotApplicable_NotZeroPercent()
    {
        Assert.Equal("canary n/a (0/0) vs stable n/a (0/0)", ConversionSummary.Of(new ConversionTally()));
    }

    [Fact]
    public void Of_CountsAtMostOneConversionPerAnswer_AsTheTestDoes()
    {
        var tally = new ConversionTally { CanaryAnswers = 10, CanaryConversions = 25, StableAnswers = 10, StableConversions = 5 };

        Assert.Equal("canary 100.0% (10/10) vs stable 50.0% (5/10)", ConversionSummary.Of(tally));
    }
}
