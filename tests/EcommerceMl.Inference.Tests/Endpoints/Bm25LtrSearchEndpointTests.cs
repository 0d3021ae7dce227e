using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference.Tests.Endpoints;

/// <summary>A real bm25-ltr model, trained on a small synthetic shop with search sessions, served through /v1/search.</summary>
public sealed class Bm25LtrSearchEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_ServesTheReRankersAnswer_PersonalisedByTheCustomerId()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 400, Products = 60, Categories = 5, Days = 200, SearchSessions = true });
        var model = (ISearchModel)new SearchPipeline()
            .Train(new TrainingRequest(shop, AlgorithmCatalogue.Bm25Ltr, new Dictionary<string, string> { ["trees"] = "30" })).Model;
        var store = await TestModels.StoreWithAllAsync();
        await TestModels.PublishAsync(store, SearchModels.Search, TestModels.V1, model);
        await using var host = await TestServerHost.StartAsync(store, null, TestModels.Pipelines());
        await host.WaitUntilReadyAsync();
        var search = shop.Searches[^1];
        var customer = search.CustomerId!;

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/v1/search?q={Uri.EscapeDataString(search.Query)}&limit=5&customerId={customer}", Ct);

        Assert.Equal("bm25-ltr", body.GetProperty("algorithm").GetString());
        var expected = model.Search(new SearchQuery(search.Query, 5, CustomerId: customer)).Hits.Select(h => h.ProductId).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("productId").GetString()));
    }
}
