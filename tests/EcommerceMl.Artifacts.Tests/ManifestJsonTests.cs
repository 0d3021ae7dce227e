using System.Text;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts.Tests.Support;

namespace EcommerceMl.Artifacts.Tests;

public sealed class ManifestJsonTests
{
    private const string Version = "20261123T014200Z-1a2b3c";

    [Fact]
    public void Serialize_IsIndentedCamelCase_KeepingDictionaryKeys()
    {
        var manifest = TestManifests.Create("shop-recs", Version, DateTimeOffset.UnixEpoch) with
        {
            Files = new Dictionary<string, string> { ["Model.bin"] = "ab" },
        };

        var json = Encoding.UTF8.GetString(ManifestJson.Serialize(manifest));
        var node = JsonNode.Parse(json)!;

        Assert.Contains('\n', json);
        Assert.Equal("shop-recs", (string?)node["model"]);
        Assert.Equal("ease", (string?)node["algorithm"]);
        Assert.NotNull(node["createdAt"]);
        Assert.NotNull(node["data"]!["sha256"]);
        Assert.NotNull(node["metrics"]!["ndcg_at_10"]);
        Assert.NotNull(node["files"]!["Model.bin"]);
        Assert.Equal("numeric", (string?)node["featureProfile"]!["basket_size"]!["kind"]);
        Assert.Null(node["featureProfile"]!["basket_size"]!["isNumeric"]);
    }

    [Fact]
    public void RoundTrip_KeepsEveryField_IncludingUndefinedMetrics()
    {
        var manifest = TestManifests.Create("churn", Version, new DateTimeOffset(2026, 11, 23, 1, 42, 0, TimeSpan.Zero)) with
        {
            Metrics = new Dictionary<string, double> { ["auc"] = double.NaN, ["brier"] = 0.12 },
        };

        var read = ManifestJson.Deserialize(ManifestJson.Serialize(manifest), "churn", Version);

        Assert.Equal(ManifestJson.Serialize(manifest), ManifestJson.Serialize(read));
        Assert.True(double.IsNaN(read.Metrics["auc"]));
        Assert.Equal(manifest.CreatedAt, read.CreatedAt);
        Assert.Equal(manifest.FeatureProfile["channel"].Categories, read.FeatureProfile["channel"].Categories);
    }

    [Fact]
    public void Deserialize_AProfileWrittenBeforeCountsAndQuantiles_ReadsThemAsNull()
    {
        var manifest = TestManifests.Create("churn", Version, DateTimeOffset.UnixEpoch);
        var node = JsonNode.Parse(ManifestJson.Serialize(manifest))!;
        foreach (var profile in node["featureProfile"]!.AsObject())
        {
            profile.Value!.AsObject().Remove("count");
            profile.Value!.AsObject().Remove("quantiles");
        }

        var read = ManifestJson.Deserialize(Encoding.UTF8.GetBytes(node.ToJsonString()), "churn", Version);

        Assert.Null(read.FeatureProfile["basket_size"].Count);
        Assert.Null(read.FeatureProfile["basket_size"].Quantiles);
        Assert.Null(read.PredictionProfile);
        Assert.Equal(manifest.FeatureProfile["basket_size"].Shares, read.FeatureProfile["basket_size"].Shares);
    }

    [Fact]
    public void EventsReceivedBefore_RoundTripsAsAnInstant_AndReadsAsNullFromAManifestWrittenBeforeIt()
    {
        var readEnd = new DateTimeOffset(2026, 12, 6, 19, 40, 50, 123, TimeSpan.Zero);
        var manifest = TestManifests.Create("churn", Version, DateTimeOffset.UnixEpoch);
        var withRead = manifest with { Data = manifest.Data with { EventsReceivedBefore = readEnd } };
        var older = JsonNode.Parse(ManifestJson.Serialize(withRead))!;
        older["data"]!.AsObject().Remove("eventsReceivedBefore");

        var read = ManifestJson.Deserialize(ManifestJson.Serialize(withRead), "churn", Version);
        var readOlder = ManifestJson.Deserialize(Encoding.UTF8.GetBytes(older.ToJsonString()), "churn", Version);

        Assert.Equal(readEnd, read.Data.EventsReceivedBefore);
        Assert.Null(readOlder.Data.EventsReceivedBefore);
        Assert.Equal(manifest.Data.To, readOlder.Data.To);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("null")]
    [InlineData("{\"model\":\"churn\"}")]
    [InlineData("[]")]
    public void Deserialize_WhenMalformed_NamesModelAndVersion(string json)
    {
        var error = Assert.Throws<ModelIntegrityException>(() => ManifestJson.Deserialize(Encoding.UTF8.GetBytes(json), "churn", Version));

        Assert.Contains("'churn'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{Version}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_WhenManifestDescribesAnotherVersion_Refuses()
    {
        var json = ManifestJson.Serialize(TestManifests.Create("churn", Version, DateTimeOffset.UnixEpoch));

        var error = Assert.Throws<ModelIntegrityException>(() => ManifestJson.Deserialize(json, "churn", "20261123T014201Z-000000"));

        Assert.Contains(Version, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_AreShared_AndCannotBeChanged()
    {
        Assert.Same(ManifestJson.Options, ManifestJson.Options);
        Assert.True(ManifestJson.Options.IsReadOnly);
        Assert.Throws<InvalidOperationException>(() => ManifestJson.Options.WriteIndented = false);
    }
}
