using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

public sealed class BatchPredictionsTests
{
    [Theory]
    [InlineData("als")] // blocks of customers scored together (RecommendMany)
    [InlineData("item-cosine")] // one customer at a time
    public void ForCustomers_WritesEachCustomersOwnRecommendationsRankedFromOne(string algorithm)
    {
        var trained = new RecommendationPipeline().Train(new TrainingRequest(SmallShop.Data, algorithm, new Dictionary<string, string>()));
        var model = (CatalogRecommender)trained.Model;
        var customers = model.Catalog.Customers.Append("never-seen").ToList();

        var rows = BatchPredictions.ForCustomers(model, customers, 5).ToList();

        var expected = customers.SelectMany(c => model.Recommend(c, 5).Select((p, i) => new CustomerRecommendationRow(c, i + 1, p.ProductId, p.Score)));
        Assert.Equal(expected, rows);
    }
}
