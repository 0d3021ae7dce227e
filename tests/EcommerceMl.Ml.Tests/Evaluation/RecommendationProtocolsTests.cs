using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Tests.Recommendation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public sealed class RecommendationProtocolsTests
{
    [Fact]
    public void ValidationProtocol_SplitsOnlyTheTrainingSideOfRandom7525()
    {
        var shop = TestShops.Random(seed: 9, customerCount: 50, productCount: 40, density: 0.3);

        var outer = RecommendationProtocols.Split(shop, RecommendationProtocols.Random7525, seed: 42);
        var validation = RecommendationProtocols.Split(shop, RecommendationProtocols.Random7525Validation, seed: 42);

        var outerTrain = outer.Train.Purchases.Select(p => (p.CustomerId, p.ProductId)).ToHashSet();
        var outerTest = outer.Test.SelectMany(t => t.Value.Select(p => (t.Key, p))).ToHashSet();
        var innerTrain = validation.Train.Purchases.Select(p => (p.CustomerId, p.ProductId)).ToHashSet();
        var innerTest = validation.Test.SelectMany(t => t.Value.Select(p => (t.Key, p))).ToHashSet();
        Assert.NotEmpty(innerTest);
        Assert.Subset(outerTrain, innerTrain);
        Assert.Subset(outerTrain, innerTest);
        Assert.Empty(innerTest.Intersect(outerTest));
        Assert.Empty(innerTest.Intersect(innerTrain));
        Assert.Equal(outerTrain.Count, innerTrain.Count + innerTest.Count);
    }
}
