using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class RecommendationEvaluatorTests
{
    // Train (days < 10): c1 {A, B}, c2 {A}. Test (days >= 10): c1 {B, C, D}, c2 {B}, c3 {A} (c3 unseen).
    private static TemporalSplit Split() => TemporalSplit.At(
        TestShops.Build(
            [("c1", "A", 1), ("c1", "B", 2), ("c2", "A", 3), ("c1", "B", 11), ("c1", "C", 11), ("c1", "D", 12), ("c2", "B", 12), ("c3", "A", 13)],
            [("A", "x"), ("B", "x"), ("C", "x"), ("D", "x"), ("E", "x")]),
        TestShops.Start.AddDays(10));

    [Fact]
    public void HeldOutItems_ByDefault_AreNewProductsOfCustomersSeenInTraining()
    {
        var heldOut = RecommendationEvaluator.HeldOutItems(Split());

        Assert.Equal(["c1", "c2"], heldOut.Keys.Order());
        Assert.Equal(["C", "D"], heldOut["c1"].Order());
        Assert.Equal(["B"], heldOut["c2"]);
    }

    [Fact]
    public void HeldOutItems_WhenRepeatsAreKept_IncludeProductsBoughtBefore()
    {
        var heldOut = RecommendationEvaluator.HeldOutItems(Split(), excludeRepeatPurchases: false);

        Assert.Equal(["B", "C", "D"], heldOut["c1"].Order());
    }

    [Fact]
    public void Evaluate_AveragesEachMetricOverEvaluatedUsers()
    {
        // c1 (relevant C, D) gets [C, E]: P 1/2, R 1/2, NDCG 1/(1 + 1/log2 3), MAP@2 (1/1)/2, hit 1.
        // c2 (relevant B) gets [E, B]:    P 1/2, R 1,   NDCG (1/log2 3)/1,     MAP@2 (1/2)/1, hit 1.
        var model = new FixedRecommender(new() { ["c1"] = ["C", "E"], ["c2"] = ["E", "B"] });

        var metrics = RecommendationEvaluator.Evaluate(model, Split(), k: 2);

        var ndcgC1 = 1 / (1 + (1 / Math.Log2(3)));
        var ndcgC2 = 1 / Math.Log2(3);
        Assert.Equal(0.5, metrics["precision_at_2"], 12);
        Assert.Equal(0.75, metrics["recall_at_2"], 12);
        Assert.Equal((ndcgC1 + ndcgC2) / 2, metrics["ndcg_at_2"], 12);
        Assert.Equal((0.5 + 0.5) / 2, metrics["map_at_2"], 12);
        Assert.Equal(1.0, metrics["hit_rate_at_2"], 12);
        Assert.Equal(3.0 / 5, metrics["coverage_at_2"], 12); // C, E, B of five products
        Assert.Equal(2, metrics["users_evaluated"]);
    }

    /// <summary>A test double answering fixed lists, so the metric arithmetic can be checked by hand.</summary>
    private sealed class FixedRecommender(Dictionary<string, string[]> answers) : IRecommender
    {
        public string Task => ModelTask.Recommendation;

        public string Algorithm => "fixed";

        public int ProductCount => 5;

        public bool KnowsCustomer(string customerId) => answers.ContainsKey(customerId);

        public IReadOnlyList<ScoredProduct> Recommend(string customerId, int k) =>
            [.. answers.GetValueOrDefault(customerId, []).Take(k).Select(p => new ScoredProduct(p, 1))];

        public IReadOnlyList<SimilarProduct>? Similar(string productId, int k) => [];

        public ProductInfo? FindProduct(string productId) => null;

        public IReadOnlyList<string> PurchasedBy(string customerId) => [];

        public IReadOnlyList<string> SampleCustomers(int count) => [];

        public void Save(Stream stream) => throw new NotSupportedException("A test double is never saved.");
    }
}
