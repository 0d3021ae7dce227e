using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Evaluation;

public sealed class SearchSessionEvaluatorTests
{
    private static readonly SearchedProduct[] Credited = [new("b", SearchOutcome.Purchase), new("c", SearchOutcome.View)];

    [Fact]
    public void GradedNdcg_IdealOrder_IsOne_AndAPurchaseOutweighsAView()
    {
        Assert.Equal(1, SearchSessionEvaluator.GradedNdcgAtK(["b", "c", "x"], Credited, 10), 12);

        // Ideal: 7/log2(2) + 1/log2(3). View first: 1/log2(2) + 7/log2(3).
        var ideal = 7 + (1 / Math.Log2(3));
        Assert.Equal((1 + (7 / Math.Log2(3))) / ideal, SearchSessionEvaluator.GradedNdcgAtK(["c", "b"], Credited, 10), 12);
        Assert.Equal(1 / ideal, SearchSessionEvaluator.GradedNdcgAtK(["c"], Credited, 10), 12);
    }

    [Fact]
    public void GradedNdcg_CreditedProductsBeyondK_CountAsMissed()
    {
        Assert.Equal(0, SearchSessionEvaluator.GradedNdcgAtK(["x", "b"], Credited, 1));
        Assert.Equal(0, SearchSessionEvaluator.GradedNdcgAtK([], Credited, 10));
        Assert.Equal(0, SearchSessionEvaluator.GradedNdcgAtK(["b"], [], 10));
    }

    [Fact]
    public void Evaluate_AsksEachSearchAgainWithItsCustomer_AndSkipsSearchesThatCreditedNothing()
    {
        var asked = new List<SearchQuery>();
        SearchResult Answer(SearchQuery q)
        {
            asked.Add(q);
            return new SearchResult([new SearchHit(0, "b", "B", "cat", 1, SearchFields.Name, 1)], 1, new HashSet<string>(), []);
        }

        var metrics = SearchSessionEvaluator.Evaluate(Answer, [
            new ShopSearch("s1", "c1", "mug", 3, new DateTime(2026, 1, 1), [new SearchedProduct("b", SearchOutcome.View)]),
            new ShopSearch("s2", "c2", "vase", 3, new DateTime(2026, 1, 2), [new SearchedProduct("z", SearchOutcome.Purchase)]),
            new ShopSearch("s3", null, "lamp", 0, new DateTime(2026, 1, 3), []),
        ], 10);

        Assert.Equal([new SearchQuery("mug", 10, CustomerId: "c1"), new SearchQuery("vase", 10, CustomerId: "c2")], asked);
        Assert.Equal(0.5, metrics["session_ndcg_at_10"], 12);
        Assert.Equal(2, metrics["session_searches"]);
    }
}
