using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Observability;

namespace EcommerceMl.Inference.Tests.Observability;

public sealed class ConversionAttributionTests
{
    private const string V1 = "20261120T000000Z-aaaaaa";
    private const string V2 = "20261122T000000Z-bbbbbb";
    private const string V3 = "20261124T000000Z-cccccc";

    private static ConversionAttribution NewAttribution(int maxVersions = 2) => new(name => name == "recs", maxVersions);

    private static string Id(string version) => RecommendationIds.For("recs", version, "c1");

    [Theory]
    [InlineData("product_view")]
    [InlineData("add_to_cart")]
    [InlineData("purchase")]
    public void ConversionKinds_AreAttributedToTheVersionTheIdNames(string type) =>
        Assert.Equal(
            new Attribution(AttributionOutcome.Attributed, "recs", V1, type),
            NewAttribution().Attribute(type, Id(V1)));

    [Theory]
    [InlineData("page_view")]
    [InlineData("search")]
    [InlineData("checkout_step")]
    [InlineData("remove_from_cart")]
    [InlineData("custom")]
    public void OtherEventTypes_CountForNothing(string type) =>
        Assert.Equal(AttributionOutcome.None, NewAttribution().Attribute(type, Id(V1)).Outcome);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void EventsWithoutAnId_CountForNothing(string? id) =>
        Assert.Equal(AttributionOutcome.None, NewAttribution().Attribute("purchase", id).Outcome);

    [Theory]
    [InlineData("r1")]
    [InlineData("recs.v1.0123456789ab")]
    [InlineData("recs.20261120T000000Z-aaaaaa.short")]
    [InlineData("recs.20261120T000000Z-aaaaaa.0123456789ab.extra")]
    public void IdsThisPlatformDidNotMake_AreUnattributedAsNotARecommendationId(string id) =>
        Assert.Equal(Attribution.Unattributed(UnattributedReason.NotARecommendationId), NewAttribution().Attribute("purchase", id));

    [Fact]
    public void IdsOfAModelNotServedHere_AreUnattributedAsUnknownModel() =>
        Assert.Equal(
            Attribution.Unattributed(UnattributedReason.UnknownModel),
            NewAttribution().Attribute("purchase", RecommendationIds.For("other", V1, "c1")));

    [Fact]
    public void PastTheBound_TheLeastRecentlyConvertedVersionIsForgotten()
    {
        var attribution = NewAttribution(maxVersions: 2);
        Assert.Null(attribution.Attribute("purchase", Id(V1)).Forgotten);
        Assert.Null(attribution.Attribute("purchase", Id(V2)).Forgotten);
        Assert.Null(attribution.Attribute("add_to_cart", Id(V1)).Forgotten); // V1 used again: V2 is now the least recent

        Assert.Equal(V2, attribution.Attribute("purchase", Id(V3)).Forgotten);
        Assert.Equal(V1, attribution.Attribute("purchase", Id(V2)).Forgotten);
        Assert.Null(attribution.Attribute("purchase", Id(V3)).Forgotten);
    }

    [Fact]
    public void TheBound_IsPerModel()
    {
        var attribution = new ConversionAttribution(_ => true, maxVersionsPerModel: 1);
        Assert.Null(attribution.Attribute("purchase", RecommendationIds.For("a", V1, "c1")).Forgotten);
        Assert.Null(attribution.Attribute("purchase", RecommendationIds.For("b", V2, "c1")).Forgotten);
        Assert.Equal(V1, attribution.Attribute("purchase", RecommendationIds.For("a", V3, "c1")).Forgotten);
    }

    [Fact]
    public void ABoundBelowOne_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConversionAttribution(_ => true, 0));
}
