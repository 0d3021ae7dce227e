namespace EcommerceMl.Contracts.Tests;

public sealed class VersionNamespacesTests
{
    private static ModelManifest PublishedBy(string? ns) => new()
    {
        Model = "shop-recs",
        Version = "20261123T010000Z-aaaaaa",
        Task = "recommendation",
        Algorithm = "popularity",
        CreatedAt = DateTimeOffset.UnixEpoch,
        Namespace = ns,
        Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long>(), null, null),
        Files = new Dictionary<string, string>(),
    };

    [Fact]
    public void AScope_AcceptsItsOwnNamespace_AndTheNamedOnes_Only()
    {
        var scope = VersionNamespaces.Of("ml", ["training"]);

        Assert.True(scope.Accepts(PublishedBy("ml")));
        Assert.True(scope.Accepts(PublishedBy("training")));
        Assert.False(scope.Accepts(PublishedBy("intruder")));
        Assert.Equal("published in namespace intruder, not in ml, training", scope.WhyRefused(PublishedBy("intruder")));
    }

    [Fact]
    public void AVersionWithoutANamespace_CountsAsDefault()
    {
        Assert.True(VersionNamespaces.Of("default").Accepts(PublishedBy(null)));
        Assert.False(VersionNamespaces.Of("ml").Accepts(PublishedBy(null)));
        Assert.Equal("published without a namespace (counted as default), not in ml", VersionNamespaces.Of("ml").WhyRefused(PublishedBy(null)));
    }

    [Fact]
    public void AManifestFromBeforeTheField_ReadsWithoutANamespace()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(ManifestJson.Serialize(PublishedBy("ml")))!.AsObject();
        Assert.True(json.Remove("namespace"));

        var manifest = ManifestJson.Deserialize(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "shop-recs", "20261123T010000Z-aaaaaa");

        Assert.Null(manifest.Namespace);
        Assert.Equal(VersionNamespaces.Unscoped, VersionNamespaces.PublisherOf(manifest));
    }
}
