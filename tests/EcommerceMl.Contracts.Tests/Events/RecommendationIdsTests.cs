using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Contracts.Tests.Events;

public sealed class RecommendationIdsTests
{
    [Fact]
    public void For_NamesTheModelAndVersion_AndIsTheSameForTheSameCustomer()
    {
        var id = RecommendationIds.For("shop-recommendations", "20261206T030000Z-a1b2c3", "C00013");

        Assert.Matches("^shop-recommendations\\.20261206T030000Z-a1b2c3\\.[0-9a-f]{12}$", id);
        Assert.Equal(id, RecommendationIds.For("shop-recommendations", "20261206T030000Z-a1b2c3", "C00013"));
        Assert.NotEqual(id, RecommendationIds.For("shop-recommendations", "20261206T030000Z-a1b2c3", "C00014"));
        Assert.True(RecommendationIds.TryParse(id, out var model, out var version));
        Assert.Equal(("shop-recommendations", "20261206T030000Z-a1b2c3"), (model, version));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("my-own-id")]
    [InlineData("a.b.c")]
    [InlineData("model..0123456789ab")]
    [InlineData("m.v.0123456789ab.x")]
    public void TryParse_AnIdTheServerDidNotMake_IsFalse(string? id) =>
        Assert.False(RecommendationIds.TryParse(id, out _, out _));
}
