namespace EcommerceMl.Artifacts.Tests;

public sealed class FeatureProfilesTests
{
    private const double Tolerance = 1e-9;

    [Fact]
    public void FromSamples_UniformData_GetsEqualSharesAndExactMoments()
    {
        var samples = Enumerable.Range(1, 1000).Select(i => (double)i).ToArray();

        var profile = FeatureProfiles.FromSamples(samples);

        Assert.Equal(FeatureProfiles.NumericKind, profile.Kind);
        Assert.True(profile.IsNumeric);
        Assert.Equal(9, profile.Edges.Count);
        Assert.Equal(10, profile.Shares.Count);
        Assert.All(profile.Shares, share => Assert.Equal(0.1, share, Tolerance));
        Assert.Equal(500.5, profile.Mean, Tolerance);
        Assert.Equal(Math.Sqrt(((1000.0 * 1000.0) - 1) / 12), profile.StdDev, 1e-6);
        Assert.Empty(profile.Categories);
    }

    [Fact]
    public void FromSamples_SharesMatchANaiveCountOverTheEdges()
    {
        var random = new Random(20261123);
        var samples = Enumerable.Range(0, 5000).Select(_ => Math.Exp(random.NextDouble() * 4)).ToArray();

        var profile = FeatureProfiles.FromSamples(samples, bins: 7);

        var edges = profile.Edges;
        for (var bin = 0; bin < profile.Shares.Count; bin++)
        {
            var lower = bin == 0 ? double.NegativeInfinity : edges[bin - 1];
            var upper = bin == edges.Count ? double.PositiveInfinity : edges[bin];
            var naive = samples.Count(x => x > lower && x <= upper) / (double)samples.Length;
            Assert.Equal(naive, profile.Shares[bin], Tolerance);
            Assert.Equal(1.0 / 7, profile.Shares[bin], 0.01);
        }

        Assert.Equal(1.0, profile.Shares.Sum(), Tolerance);
        Assert.Equal(samples.Average(), profile.Mean, Tolerance);
    }

    [Fact]
    public void FromSamples_HeavilyTiedData_MergesRepeatedEdges()
    {
        var samples = Enumerable.Repeat(0.0, 80).Concat(Enumerable.Range(1, 20).Select(i => (double)i)).ToArray();

        var profile = FeatureProfiles.FromSamples(samples, bins: 10);

        Assert.Equal(profile.Edges.Distinct().Count(), profile.Edges.Count);
        Assert.Equal(profile.Edges.Order(), profile.Edges);
        Assert.Equal(profile.Edges.Count + 1, profile.Shares.Count);
        Assert.Equal(0.8, profile.Shares[FeatureProfiles.BinIndex(profile.Edges, 0)], Tolerance);
        Assert.Equal(1.0, profile.Shares.Sum(), Tolerance);
    }

    [Fact]
    public void FromSamples_ConstantFeature_IsOneBinWithZeroSpread()
    {
        var profile = FeatureProfiles.FromSamples([4.2, 4.2, 4.2]);

        Assert.Single(profile.Edges);
        Assert.Equal([1.0, 0.0], profile.Shares);
        Assert.Equal(4.2, profile.Mean, Tolerance);
        Assert.Equal(0, profile.StdDev, Tolerance);
    }

    [Fact]
    public void FromSamples_DoesNotReorderTheCallersArray()
    {
        double[] samples = [3, 1, 2];

        FeatureProfiles.FromSamples(samples, bins: 2);

        Assert.Equal([3.0, 1.0, 2.0], samples);
    }

    [Fact]
    public void FromSamples_RejectsEmptyAndNonFiniteInput()
    {
        Assert.Throws<ArgumentException>(() => FeatureProfiles.FromSamples([]));
        var nan = Assert.Throws<ArgumentException>(() => FeatureProfiles.FromSamples([1, double.NaN, 3]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeatureProfiles.FromSamples([1, 2], bins: 0));

        Assert.Contains("Sample 1", nan.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-5.0, 0)]
    [InlineData(1.0, 0)]
    [InlineData(1.5, 1)]
    [InlineData(2.0, 1)]
    [InlineData(3.0, 2)]
    [InlineData(99.0, 3)]
    public void BinIndex_PutsAValueOnAnEdgeInTheLowerBin(double value, int expected) =>
        Assert.Equal(expected, FeatureProfiles.BinIndex([1.0, 2.0, 3.0], value));

    [Fact]
    public void FromCategories_SharesByFrequency_MostFrequentFirst()
    {
        var profile = FeatureProfiles.FromCategories(["web", "app", "web", "store", "app", "web"]);

        Assert.Equal(FeatureProfiles.CategoricalKind, profile.Kind);
        Assert.False(profile.IsNumeric);
        Assert.Equal(["web", "app", "store"], profile.Categories);
        Assert.Equal(3.0 / 6, profile.Shares[0], Tolerance);
        Assert.Equal(2.0 / 6, profile.Shares[1], Tolerance);
        Assert.Equal(1.0 / 6, profile.Shares[2], Tolerance);
        Assert.Empty(profile.Edges);
    }

    [Fact]
    public void FromCategories_BeyondTheCap_PoolsTheTailIntoOther()
    {
        var values = Enumerable.Range(0, 10).SelectMany(i => Enumerable.Repeat($"c{i}", 10 - i)).ToList();

        var profile = FeatureProfiles.FromCategories(values, maxCategories: 4);

        Assert.Equal(["c0", "c1", "c2", FeatureProfiles.OtherCategory], profile.Categories);
        Assert.Equal((55.0 - 10 - 9 - 8) / 55, profile.Shares[3], Tolerance);
        Assert.Equal(1.0, profile.Shares.Sum(), Tolerance);
    }

    [Fact]
    public void FromCategories_RejectsEmptyAndNullValues()
    {
        Assert.Throws<ArgumentException>(() => FeatureProfiles.FromCategories([]));
        var error = Assert.Throws<ArgumentException>(() => FeatureProfiles.FromCategories(["a", null!]));

        Assert.Contains("Value 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSamples_RecordsTheCountAndTheSortedSampleAsQuantiles_WhileSmall()
    {
        var profile = FeatureProfiles.FromSamples([3, 1, 2, 5, 4]);

        Assert.Equal(5, profile.Count);
        Assert.Equal([1.0, 2, 3, 4, 5], profile.Quantiles);
    }

    [Fact]
    public void FromSamples_AboveTheCap_KeepsEvenlySpacedQuantilesFromMinimumToMaximum()
    {
        double[] samples = [.. Enumerable.Range(0, 10_000).Select(i => (double)i)];

        var profile = FeatureProfiles.FromSamples(samples);

        Assert.Equal(10_000, profile.Count);
        Assert.Equal(FeatureProfiles.MaxQuantiles, profile.Quantiles!.Count);
        Assert.Equal(0, profile.Quantiles[0]);
        Assert.Equal(9_999, profile.Quantiles[^1]);
        Assert.Equal(9_999 * 500.0 / 999, profile.Quantiles[500], 9); // linear interpolation at p = 500/999
    }

    [Fact]
    public void FromCategories_RecordsTheRowCount()
    {
        Assert.Equal(6, FeatureProfiles.FromCategories(["web", "app", "web", "store", "app", "web"]).Count);
    }
}
