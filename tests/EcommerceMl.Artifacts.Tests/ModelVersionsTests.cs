using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Artifacts.Tests;

public sealed class ModelVersionsTests
{
    [Fact]
    public void NewVersion_IsTheUtcSecondThenSixHexDigits()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 3, 42, 0, 500, TimeSpan.FromHours(2)));

        var version = ModelVersions.NewVersion(clock);

        Assert.Matches("^20261123T014200Z-[0-9a-f]{6}$", version);
        Assert.True(ModelVersions.IsValid(version));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 42, 0, TimeSpan.Zero), ModelVersions.TryGetTimestamp(version));
    }

    [Fact]
    public void NewVersion_SortsByTimeAsPlainStrings()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 30, 23, 59, 59, TimeSpan.Zero));
        var versions = new List<string>();
        foreach (var step in new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromHours(10), TimeSpan.FromDays(400) })
        {
            clock.Advance(step);
            versions.Add(ModelVersions.NewVersion(clock));
        }

        Assert.Equal(versions, versions.Order(ModelVersions.Comparer));
        Assert.Equal(versions, versions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void NewVersion_InTheSameSecond_GivesDistinctIds()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 1, 42, 0, TimeSpan.Zero));

        var versions = Enumerable.Range(0, 50).Select(_ => ModelVersions.NewVersion(clock)).ToList();

        // 50 draws from 16.7 million: a repeat would mean the suffix is not random.
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.All(versions, v => Assert.StartsWith("20261123T014200Z-", v, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("20261123T014200Z-1a2b3c", true)]
    [InlineData("20261123T014200Z-1A2B3C", false)]
    [InlineData("20261123T014200Z-1a2b3", false)]
    [InlineData("20261123T014200Z1a2b3c", false)]
    [InlineData("20261123T254200Z-1a2b3c", false)]
    [InlineData("20260230T014200Z-1a2b3c", false)]
    [InlineData("../20261123T014200Z-1a2b3c", false)]
    [InlineData("20261123T014200Z-1a2b3c/..", false)]
    [InlineData("latest", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValid_AcceptsOnlyTheVersionPattern(string? version, bool expected) =>
        Assert.Equal(expected, ModelVersions.IsValid(version));

    [Fact]
    public void Validate_WhenInvalid_SaysWhatIsExpected()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelVersions.Validate("../x"));

        Assert.Contains("'../x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("20261123T014200Z-1a2b3c", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("latest", true)]
    [InlineData("LATEST", true)]
    [InlineData("20261123T014200Z-1a2b3c", false)]
    public void IsLatest_RecognisesTheAlias(string? version, bool expected) =>
        Assert.Equal(expected, ModelVersions.IsLatest(version));

    [Fact]
    public void ServableLatest_IsTheNewestVersionWhoseGateDidNotFail()
    {
        var failed = new GateResult("auc", GateResult.Minimum, 0.99, 0.8, Passed: false);
        var passed = failed with { Value = 0.995, Passed = true };
        var versions = new[]
        {
            Manifest("20261120T000000Z-aaaaaa", gate: null),
            Manifest("20261121T000000Z-bbbbbb", passed),
            Manifest("20261122T000000Z-cccccc", failed),
        };

        Assert.Equal("20261121T000000Z-bbbbbb", ModelVersions.ServableLatest(versions)?.Version);
        Assert.Equal("20261121T000000Z-bbbbbb", ModelVersions.ServableLatest(versions.Reverse())?.Version);
        Assert.Null(ModelVersions.ServableLatest([versions[2]]));
        Assert.Null(ModelVersions.WhyNotServable(versions[0]));
        Assert.Equal("its quality gate failed (auc = 0.8, below the minimum 0.99)", ModelVersions.WhyNotServable(versions[2]));
    }

    [Fact]
    public void ArtifactUri_IsTheVersionFolderUnderTheStore()
    {
        Assert.Equal(
            "s3://models/shop/models/shop-recs/versions/20261123T014200Z-1a2b3c/",
            ModelStoreLayout.ArtifactUri("s3://models/shop/", "shop-recs", "20261123T014200Z-1a2b3c"));
        Assert.Throws<ArgumentException>(() => ModelStoreLayout.ArtifactUri("/store", "../x", "20261123T014200Z-1a2b3c"));
    }

    private static ModelManifest Manifest(string version, GateResult? gate) =>
        Support.TestManifests.Create("churn", version, DateTimeOffset.UnixEpoch) with { Gate = gate };
}
