using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Drift;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Tests.Drift;

public sealed class DriftInputsTests
{
    private static readonly DateTime At = new(2026, 11, 22, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Psi_OfTheTrainingDistributionItself_IsAboutZero()
    {
        double[] training = [1, 1, 2, 2, 3, 3, 4, 4];
        var profile = FeatureProfiles.FromSamples(training, bins: 4);

        Assert.Equal(0, Psi.Of(profile, training)!.Value, 9);
    }

    [Fact]
    public void Psi_OfAShiftedDistribution_IsAboveTheRetrainLine()
    {
        var profile = FeatureProfiles.FromSamples([1, 1, 2, 2, 3, 3, 4, 4], bins: 4);

        Assert.True(Psi.Of(profile, [4, 4, 4, 4, 4, 4, 3, 4]) > 0.25);
        Assert.Null(Psi.Of(profile, []));
    }

    [Fact]
    public void CountByType_CountsEveryTypeIncludingAbsentOnes()
    {
        var counts = DriftInputs.CountByType([Event("p1", ShopEventType.View), Event("p2", ShopEventType.View), Event("p1", ShopEventType.Purchase)]);

        Assert.Equal(2, counts[ShopEventType.View]);
        Assert.Equal(0, counts[ShopEventType.AddToCart]);
        Assert.Equal(1, counts[ShopEventType.Purchase]);
    }

    [Fact]
    public void PsiByModel_ComparesPurchasedPopularityRanksWithTheManifestProfile()
    {
        // p1 is the most popular product (rank 1) … p4 the least (rank 4); training bought each rank equally.
        var catalog = new RecommenderCatalog(
            [new("p1", "A", "x", 1), new("p2", "B", "x", 1), new("p3", "C", "x", 1), new("p4", "D", "x", 1)],
            ["c1"], [0, 1], [0], [4, 3, 2, 1]);
        var profile = FeatureProfiles.FromSamples([.. Enumerable.Range(0, 400).Select(i => (double)((i % 4) + 1))], bins: 4);
        var entry = Entry(PrecomputedRecommender.Wrap(new PopularityRecommender(catalog), 2, 10), profile);
        var balanced = Enumerable.Range(0, 100).Select(i => Event($"p{(i % 4) + 1}", ShopEventType.Purchase)).ToList();
        var longTail = Enumerable.Range(0, 100).Select(_ => Event("p4", ShopEventType.Purchase)).ToList();
        var tooFew = longTail.Take(DriftInputs.MinSamples - 1).Append(Event("p1", ShopEventType.View)).ToList();

        var stable = Assert.Single(DriftInputs.PsiByModel([entry], balanced));
        var shifted = Assert.Single(DriftInputs.PsiByModel([entry], longTail));

        Assert.Equal(("recs", DriftInputs.PopularityRank), (stable.Model, stable.Feature));
        Assert.True(stable.Psi < 0.01, $"PSI {stable.Psi}");
        Assert.True(shifted.Psi > 0.25, $"PSI {shifted.Psi}");
        Assert.Empty(DriftInputs.PsiByModel([entry], tooFew));
        Assert.Empty(DriftInputs.PsiByModel([Entry(TestModels.Recommender(), profile)], longTail)); // no catalogue to rank with
    }

    private static ShopEvent Event(string product, ShopEventType type) => new("c1", product, type, At);

    private static ModelEntry Entry(IRecommender model, FeatureProfile profile) => new(
        "recs",
        null,
        ModelStatus.Loaded,
        new ModelManifest
        {
            Model = "recs",
            Version = TestModels.V1,
            Task = model.Task,
            Algorithm = model.Algorithm,
            CreatedAt = At,
            Data = new DataFingerprint("synthetic", "abc", new Dictionary<string, long>(), null, null),
            FeatureProfile = new Dictionary<string, FeatureProfile> { [DriftInputs.PopularityRank] = profile },
            Files = new Dictionary<string, string>(),
        },
        model,
        At,
        null,
        1);
}
