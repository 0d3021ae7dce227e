using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>
/// Item-cosine against popularity on real transactions (UCI Online Retail, in ../shared/data):
/// the issue-7 "temporal" protocol — train up to 2011-11-08, test what customers seen in training
/// bought 2011-11-09..2011-12-09. Skips when the data folder is absent (a user's machine).
/// </summary>
public class OnlineRetailTests
{
    [Fact]
    public void ItemCosine_OnOnlineRetailTemporalSplit_BeatsPopularity()
    {
        var folder = DatasetLocator.TryLocate(OnlineRetailLoader.DatasetName);
        if (folder is null)
        {
            Assert.Skip("../shared/data/online-retail is not present; this real-data check runs only where the shared data is.");
        }

        var split = TemporalSplit.At(Load(folder), new DateTime(2011, 11, 9));

        var cosine = RecommendationEvaluator.Evaluate(Fit.ItemCosine(split.Train), split, k: 10);
        var popularity = RecommendationEvaluator.Evaluate(Fit.Popularity(split.Train), split, k: 10);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"online-retail temporal @10: item-cosine ndcg {cosine["ndcg_at_10"]:F4} recall {cosine["recall_at_10"]:F4}; "
            + $"popularity ndcg {popularity["ndcg_at_10"]:F4} recall {popularity["recall_at_10"]:F4}; users {cosine["users_evaluated"]}");
        Assert.True(cosine["users_evaluated"] > 1000);
        Assert.True(
            cosine["ndcg_at_10"] > popularity["ndcg_at_10"],
            $"item-cosine ndcg@10 {cosine["ndcg_at_10"]:F4} vs popularity {popularity["ndcg_at_10"]:F4}");
        Assert.True(cosine["coverage_at_10"] > popularity["coverage_at_10"]);
    }

    private static ShopData Load(string folder) => GuestCheckouts.Remove(OnlineRetailLoader.Load(folder).Data);
}
