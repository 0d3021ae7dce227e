using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Search;

public sealed class SearchPipelineTests
{
    private static readonly ShopData Shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 200, Products = 300, Days = 60 });

    private readonly SearchPipeline _pipeline = new();

    [Fact]
    public void Train_IndexesEveryProduct_AndScoresKnownItemQueries()
    {
        var outcome = _pipeline.Train(new TrainingRequest(Shop, AlgorithmCatalogue.Bm25, new Dictionary<string, string>()));

        var model = Assert.IsType<Bm25SearchModel>(outcome.Model);
        Assert.Equal(Shop.Products.Count, model.Index.Count);
        Assert.Equal(Shop.Products.Count, outcome.Metrics["products_indexed"]);
        Assert.InRange(outcome.Metrics["recall_at_10"], 0.3, 1);
        Assert.InRange(outcome.Metrics["mrr"], 0.1, outcome.Metrics["recall_at_10"]);
        Assert.Equal("1.2", outcome.Hyperparameters["k1"]);
    }

    [Fact]
    public void Train_WithAnUnknownHyperparameter_NamesIt()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() =>
            _pipeline.Train(new TrainingRequest(Shop, AlgorithmCatalogue.Bm25, new Dictionary<string, string> { ["k2"] = "1" })));

        Assert.Contains("k2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OfAShopWithoutProducts_SaysSo()
    {
        var empty = new ShopData("empty", [], [], [], [], []);

        var error = Assert.Throws<InvalidTrainingRequestException>(() =>
            _pipeline.Train(new TrainingRequest(empty, AlgorithmCatalogue.Bm25, new Dictionary<string, string>())));

        Assert.Contains("no products", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OfASavedModel_AnswersAlike_AndEvaluatesToTheTrainingMetrics()
    {
        var request = new TrainingRequest(Shop, AlgorithmCatalogue.Bm25, new Dictionary<string, string>());
        var outcome = _pipeline.Train(request);
        using var stream = new MemoryStream();
        outcome.Model.Save(stream);
        stream.Position = 0;

        var loaded = Assert.IsAssignableFrom<ISearchModel>(_pipeline.Load(AlgorithmCatalogue.Bm25, stream));

        var name = Shop.Products[7].Name;
        Assert.Equal(((ISearchModel)outcome.Model).Search(new SearchQuery(name, 5)).Hits, loaded.Search(new SearchQuery(name, 5)).Hits);
        var evaluated = _pipeline.Evaluate(loaded, request);
        Assert.Equal(outcome.Metrics["recall_at_10"], evaluated["recall_at_10"]);
    }

    [Fact]
    public void Train_IndexesTheDescriptionAndAttributesOfProductsThatHaveThem()
    {
        Product[] products =
        [
            new("A", "Mug", "Kitchen", 5) { Description = "Holds a generous pint of tea", Attributes = new Dictionary<string, string> { ["colour"] = "teal" } },
            new("B", "Plate", "Kitchen", 5),
        ];
        var outcome = _pipeline.Train(new TrainingRequest(new ShopData("tiny", [], products, [], [], []), AlgorithmCatalogue.Bm25, new Dictionary<string, string>()));
        var model = (ISearchModel)outcome.Model;

        Assert.Equal(SearchFields.Description, model.Search(new SearchQuery("generous", 5)).Hits.Single().MatchedFields);
        Assert.Equal(SearchFields.Attributes, model.Search(new SearchQuery("teal", 5)).Hits.Single().MatchedFields);
    }
}
