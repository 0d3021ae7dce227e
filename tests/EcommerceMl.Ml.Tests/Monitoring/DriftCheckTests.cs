using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Ml.Tests.Monitoring;

public class DriftCheckTests
{
    private static readonly DriftSettings Settings = new() { MinSamples = 50 };

    [Fact]
    public void Compare_WithASmallNumericReference_UsesKsAndTheSignificanceLevel()
    {
        var reference = Numeric(Enumerable.Range(0, 500).Select(i => i / 500.0));
        var same = DriftCheck.Compare("x", reference, FeatureValues.Numeric([.. Enumerable.Range(0, 300).Select(i => (i + 0.5) / 300.0)]), Settings);
        Assert.Equal(DriftMethods.KolmogorovSmirnov, same.Method);
        Assert.Equal(0.05, same.Threshold);
        Assert.False(same.Drifted);

        var shifted = DriftCheck.Compare("x", reference, FeatureValues.Numeric([.. Enumerable.Range(0, 300).Select(i => 0.3 + (i / 300.0))]), Settings);
        Assert.True(shifted.Score < 0.05);
        Assert.True(shifted.Drifted);
    }

    [Fact]
    public void Compare_WithALargeNumericReference_UsesNormalisedWasserstein()
    {
        var reference = Numeric(Enumerable.Range(0, 5000).Select(i => i / 5000.0));
        var shifted = DriftCheck.Compare("x", reference, FeatureValues.Numeric([.. Enumerable.Range(0, 1000).Select(i => 0.1 + (i / 1000.0))]), Settings);
        Assert.Equal(DriftMethods.Wasserstein, shifted.Method);
        Assert.Equal(0.1 / reference.StdDev, shifted.Score, 2); // every value moved 0.1; σ of U(0, 1) ≈ 0.2887
        Assert.True(shifted.Drifted);
    }

    [Fact]
    public void Compare_WithoutQuantiles_FallsBackToPsi()
    {
        var old = new FeatureProfile("numeric", [1.0], [], [0.5, 0.5], 1, 1);
        var drift = DriftCheck.Compare("x", old, FeatureValues.Numeric([.. Enumerable.Repeat(0.0, 60)]), Settings);
        Assert.Equal(DriftMethods.Psi, drift.Method);
        Assert.True(drift.Drifted);
        Assert.Equal(0, drift.ReferenceCount);
    }

    [Fact]
    public void Compare_WithTooFewLiveRows_ReportsButNeverDrifts()
    {
        var reference = Numeric(Enumerable.Range(0, 500).Select(i => (double)i));
        var drift = DriftCheck.Compare("x", reference, FeatureValues.Numeric([.. Enumerable.Repeat(1e6, 10)]), Settings);
        Assert.False(drift.Sufficient);
        Assert.False(drift.Drifted);
        Assert.True(drift.Score < 0.05);
    }

    [Fact]
    public void Compare_GroupedValuesFromFewerUnitsThanMinGroups_ReportsButNeverDrifts()
    {
        // make run's quiet traffic, part-way: ten recommendations each for 319 customers is 3,190 rows, above the
        // row minimum, but only 319 independent customers; the score moved past the threshold on that alone.
        var reference = Numeric(Enumerable.Range(0, 5000).Select(i => i / 5000.0));
        var shifted = Enumerable.Range(0, 3190).Select(i => 0.1 + (i / 3190.0)).ToArray();
        var settings = new DriftSettings { MinSamples = 1500, MinGroups = 500 };

        var few = DriftCheck.Compare("recommended_popularity_rank", reference, FeatureValues.Numeric(shifted, groups: 319), settings);
        var enough = DriftCheck.Compare("recommended_popularity_rank", reference, FeatureValues.Numeric(shifted, groups: 500), settings);

        Assert.Equal((false, false, 3190L), (few.Sufficient, few.Drifted, few.CurrentCount));
        Assert.True(few.Score >= few.Threshold);
        Assert.Equal((true, true), (enough.Sufficient, enough.Drifted));
    }

    [Fact]
    public void Validate_WithMinGroupsBelowOne_NamesTheSetting() =>
        Assert.Contains("grouped values", Assert.Throws<ArgumentException>(() => new DriftSettings { MinGroups = 0 }.Validate()).Message, StringComparison.Ordinal);

    [Fact]
    public void Compare_CategoricalWithUnseenValues_CountsThemInsteadOfSkipping()
    {
        // 2,000 reference rows → Jensen–Shannon; half the live rows are a category never seen.
        var reference = Categorical(2000, ("web", 0.5), ("app", 0.5));
        var live = Enumerable.Repeat("web", 50).Concat(Enumerable.Repeat("app", 50)).Concat(Enumerable.Repeat("kiosk", 100)).ToArray();
        var drift = DriftCheck.Compare("channel", reference, FeatureValues.Categorical(live), Settings);
        Assert.Equal(DriftMethods.JensenShannon, drift.Method);
        // p = (½, ½, 0), q = (¼, ¼, ½), m = (⅜, ⅜, ¼): JSD = ½·ln(4/3) + ½·(½·ln(2/3) + ½·ln 2)
        var expected = Math.Sqrt((0.5 * Math.Log(4.0 / 3)) + (0.5 * ((0.5 * Math.Log(2.0 / 3)) + (0.5 * Math.Log(2)))));
        Assert.Equal(expected, drift.Score, 9);
        Assert.True(drift.Drifted);
    }

    [Fact]
    public void Compare_CategoricalWithASmallReference_UsesChiSquare()
    {
        var reference = Categorical(400, ("web", 0.5), ("app", 0.5));
        var drift = DriftCheck.Compare("channel", reference, FeatureValues.Categorical([.. Enumerable.Repeat("web", 55).Concat(Enumerable.Repeat("app", 45))]), Settings);
        Assert.Equal(DriftMethods.ChiSquare, drift.Method);
        Assert.False(drift.Drifted);
        Assert.InRange(drift.Score, 0.05, 1);
    }

    [Fact]
    public void CategoryTable_PoolsKnownTailIntoOther_AndMarkedUnseenIntoItsOwnColumn()
    {
        var reference = Categorical(100, ("a", 0.6), (FeatureProfile.OtherCategory, 0.4));
        var (referenceCounts, currentCounts) = CategoryTable.Build(reference, ["a", "b", FeatureProfile.UnseenCategory]);
        Assert.Equal([60.0, 40.0, 0.0], referenceCounts);
        Assert.Equal([1.0, 1.0, 1.0], currentCounts);
    }

    private static FeatureProfile Numeric(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var mean = sorted.Average();
        var std = Math.Sqrt(sorted.Sum(x => (x - mean) * (x - mean)) / sorted.Length);
        var quantiles = sorted.Length <= 1000 ? sorted : [.. Enumerable.Range(0, 1000).Select(i => sorted[(int)Math.Round(i * (sorted.Length - 1) / 999.0)])];
        return new FeatureProfile("numeric", [], [], [1.0], mean, std, sorted.Length, quantiles);
    }

    private static FeatureProfile Categorical(long count, params (string Name, double Share)[] shares) =>
        new("categorical", [], [.. shares.Select(s => s.Name)], [.. shares.Select(s => s.Share)], 0, 0, count);
}
