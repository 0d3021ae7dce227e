using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class RecommendationEndpointsTests
{
    [Fact]
    public async Task Recommendations_ForKnownCustomer_RanksPopularProductsTheyHaveNotBought()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1?k=2", TestContext.Current.CancellationToken);

        Assert.Equal("c1", body.GetProperty("customerId").GetString());
        Assert.Equal(TestModels.Recs, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
        Assert.Equal("item-cosine", body.GetProperty("algorithm").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("fallback").ValueKind);
        var recs = body.GetProperty("recommendations").EnumerateArray().ToList();
        var expected = TestModels.Recommender().Recommend("c1", 2);
        Assert.Equal(expected.Select(p => p.ProductId), recs.Select(r => r.GetProperty("productId").GetString()));
        Assert.Equal([1, 2], recs.Select(r => r.GetProperty("rank").GetInt32()));
        Assert.DoesNotContain(recs, r => r.GetProperty("productId").GetString() is "p1" or "p2");
        var first = recs[0];
        var product = TestModels.Recommender().FindProduct(first.GetProperty("productId").GetString()!)!;
        Assert.Equal(product.Name, first.GetProperty("productName").GetString());
        Assert.Equal(product.Category, first.GetProperty("category").GetString());
        Assert.Equal(expected[0].Score, first.GetProperty("score").GetDouble(), 9);
        Assert.Equal(RecommendationIds.For(TestModels.Recs, TestModels.V1, "c1"), body.GetProperty("recommendationId").GetString());
    }

    [Fact]
    public async Task Recommendations_FromTheAnswerCache_CarryTheSameRecommendationId()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var first = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1", TestContext.Current.CancellationToken);
        var cached = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1", TestContext.Current.CancellationToken);
        var stranger = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/stranger", TestContext.Current.CancellationToken);

        Assert.Equal(first.GetProperty("recommendationId").GetString(), cached.GetProperty("recommendationId").GetString());
        Assert.True(RecommendationIds.TryParse(stranger.GetProperty("recommendationId").GetString(), out var model, out var version));
        Assert.Equal((TestModels.Recs, TestModels.V1), (model, version));
    }

    [Fact]
    public async Task Recommendations_ForUnknownCustomer_FallsBackToPopularity()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/stranger", TestContext.Current.CancellationToken);

        Assert.Equal("popularity", body.GetProperty("fallback").GetString());
        var ids = body.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("productId").GetString()).ToList();
        Assert.Equal("p1", ids[0]); // bought by all three customers
        Assert.Equal(5, ids.Count); // default k of 10, capped by the catalogue
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(1000)]
    public async Task Recommendations_WithKOutOfRange_Returns400SayingTheBounds(int k)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync($"/v1/recommendations/c1?k={k}", TestContext.Current.CancellationToken);

        var body = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, $"k must be between 1 and 100; got {k}");
        Assert.True(body.GetProperty("errors").TryGetProperty("k", out _));
    }

    [Fact]
    public async Task Recommendations_WithNonNumericK_Returns400NamingK()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/recommendations/c1?k=ten", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "k must be a whole number; got 'ten'");
    }

    [Fact]
    public async Task Recommendations_WithMaxKConfigured_BoundsKByIt()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxK"] = "3" });

        var response = await host.Client.GetAsync("/v1/recommendations/c1?k=4", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "k must be between 1 and 3; got 4");
    }

    [Fact]
    public async Task Recommendations_WithUnknownModel_Returns404ListingLoadedModels()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/recommendations/c1?model=nope", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Model 'nope' is not served here", "recs (recommendation)");
    }

    [Fact]
    public async Task Recommendations_WithModelOfAnotherTask_Returns400()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/recommendations/c1?model=sales", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "'sales' is a forecast model; this endpoint needs a recommendation model");
    }

    [Fact]
    public async Task Similar_ForKnownProduct_ReturnsRankedNeighboursWithCoBuyers()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/products/p1/similar?k=2", TestContext.Current.CancellationToken);

        Assert.Equal("p1", body.GetProperty("productId").GetString());
        Assert.Equal("Espresso beans", body.GetProperty("productName").GetString());
        Assert.Equal(TestModels.Recs, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
        var similar = body.GetProperty("similar").EnumerateArray().ToList();
        Assert.Equal(2, similar.Count);
        Assert.Equal(1, similar[0].GetProperty("rank").GetInt32());
        Assert.Equal("p2", similar[0].GetProperty("productId").GetString());
        Assert.Equal("Filter papers", similar[0].GetProperty("productName").GetString());
        Assert.Equal("coffee", similar[0].GetProperty("category").GetString());
        Assert.Equal(0.8, similar[0].GetProperty("score").GetDouble(), 9);
        Assert.Equal(2, similar[0].GetProperty("coBuyers").GetInt32());
    }

    [Fact]
    public async Task Similar_ForUnknownProduct_Returns404Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/products/p404/similar", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Product 'p404' is not in the catalogue of model 'recs'");
    }

    [Fact]
    public async Task Similar_WithKOutOfRange_Returns400()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/products/p1/similar?k=101", TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "k must be between 1 and 100; got 101");
    }
}
