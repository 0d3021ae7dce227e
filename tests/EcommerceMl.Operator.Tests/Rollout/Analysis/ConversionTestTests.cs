using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class ConversionTestTests
{
    [Fact]
    public void Evaluate_BelowTheMinimumSample_IsInconclusive_WhateverTheRates()
    {
        var verdict = ConversionTest.Evaluate(999, 0, 5000, 1000, 0.95, 1000);

        Assert.False(verdict.Conclusive);
        Assert.False(verdict.Worse);
        Assert.Equal("999 canary and 5000 stable answers; the test needs 1000 of each.", verdict.Message);
    }

    [Fact]
    public void Evaluate_ACanaryConvertingClearlyLess_IsWorse()
    {
        // 8 % against 12 %, 2000 answers each: pooled 10 %, standard error 0.0095, z ≈ -4.22.
        var verdict = ConversionTest.Evaluate(2000, 160, 2000, 240, 0.95, 1000);

        Assert.True(verdict.Worse);
        Assert.Equal(-4.22, verdict.Z!.Value, 2);
        Assert.True(verdict.PValue < 0.001);
    }

    [Fact]
    public void Evaluate_EqualRates_AreNotWorse_AndASmallDipWithinNoiseIsNotEither()
    {
        Assert.False(ConversionTest.Evaluate(2000, 240, 2000, 240, 0.95, 1000).Worse);
        // 11 % against 12 %: z ≈ -0.99, p ≈ 0.16.
        var dip = ConversionTest.Evaluate(2000, 220, 2000, 240, 0.95, 1000);
        Assert.True(dip.Conclusive);
        Assert.False(dip.Worse);
        Assert.Equal(0.16, dip.PValue!.Value, 2);
    }

    [Fact]
    public void Evaluate_MoreConversionsThanAnswers_CountsEachAnswerOnce()
    {
        var verdict = ConversionTest.Evaluate(1000, 3000, 1000, 100, 0.95, 1000);

        Assert.Equal(1.0, verdict.CanaryRate);
        Assert.False(verdict.Worse);
    }

    [Fact]
    public void Evaluate_NoConversionsAnywhere_CannotTellTheVersionsApart()
    {
        var verdict = ConversionTest.Evaluate(1000, 0, 1000, 0, 0.95, 1000);

        Assert.Equal((true, false, 0.0), (verdict.Conclusive, verdict.Worse, verdict.Z));
    }

    [Fact]
    public void Normal_MatchesTheTables()
    {
        Assert.Equal(0.975, Normal.Cdf(1.959964), 6);
        Assert.Equal(0.5, Normal.Cdf(0), 7);
        Assert.Equal(1.644854, Normal.Quantile(0.95), 5);
        Assert.Equal(-2.326348, Normal.Quantile(0.01), 5);
    }

    [Fact]
    public void RequiredSample_ForAFifthLessThanTenPercent_AtTheExampleSettings()
    {
        // The example's confidence 0.95 (one-sided), power 0.8: a 10 % purchase rate falling to 8 % needs 2,531 answers of each version.
        var n = ConversionTest.RequiredSample(0.10, 0.2, 0.95, 0.8);

        Assert.Equal(2531, n);
    }
}
