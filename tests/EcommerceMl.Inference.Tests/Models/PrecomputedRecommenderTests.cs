using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Tests.Models;

public sealed class PrecomputedRecommenderTests
{
    [Fact]
    public void Recommend_AtPrecomputedK_AnswersWhatTheModelAnswers()
    {
        var model = TestModels.Recommender();
        var precomputed = (PrecomputedRecommender)PrecomputedRecommender.Wrap(model, k: 2, maxCustomers: 10);

        Assert.Equal(3, precomputed.PrecomputedCustomers);
        foreach (var customer in new[] { "c1", "c2", "c3", "stranger" })
        {
            Assert.Equal(model.Recommend(customer, 2), precomputed.Recommend(customer, 2));
            Assert.Equal(model.Recommend(customer, 4), precomputed.Recommend(customer, 4));
        }

        foreach (var product in new[] { "p1", "p2", "p5", "unknown" })
        {
            Assert.Equal(model.Similar(product, 2), precomputed.Similar(product, 2));
            Assert.Equal(model.Similar(product, 2), precomputed.Similar(product, 2)); // the second time from the table
            Assert.Equal(model.Similar(product, 3), precomputed.Similar(product, 3));
        }
    }

    [Fact]
    public void Wrap_KeepsAtMostMaxCustomers_TheMostActiveFirst()
    {
        var model = TestModels.Recommender();

        var precomputed = (PrecomputedRecommender)PrecomputedRecommender.Wrap(model, k: 10, maxCustomers: 1);

        Assert.Equal(1, precomputed.PrecomputedCustomers);
        Assert.Equal(model.Recommend("c3", 10), precomputed.Recommend("c3", 10)); // c3 bought most: in the table
        Assert.Equal(model.Recommend("c1", 10), precomputed.Recommend("c1", 10)); // not in it: asked live
    }

    [Fact]
    public void Wrap_WhenTurnedOff_ReturnsTheModelItself()
    {
        var model = TestModels.Recommender();

        Assert.Same(model, PrecomputedRecommender.Wrap(model, k: 0, maxCustomers: 10));
        Assert.Same(model, PrecomputedRecommender.Wrap(model, k: 10, maxCustomers: 0));
    }

    [Fact]
    public void Recommend_ForACustomerTheModelFailsOn_StillFailsLive()
    {
        var model = TestModels.Recommender();
        var withExploder = new FakeRecommender
        {
            Products = model.Products,
            Purchases = new Dictionary<string, IReadOnlyList<string>>(model.Purchases) { [FakeRecommender.ExplodingCustomer] = ["p1", "p2", "p3", "p4"] },
            CoBought = model.CoBought,
        };

        var precomputed = PrecomputedRecommender.Wrap(withExploder, k: 10, maxCustomers: 10);

        Assert.Throws<InvalidOperationException>(() => precomputed.Recommend(FakeRecommender.ExplodingCustomer, 10));
        Assert.IsAssignableFrom<IRecommender>(precomputed);
    }
}
