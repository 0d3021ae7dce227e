namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class SearchEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_ReturnsTheBestProductsWithNameCategoryScoreAndHighlight()
    {
        await using var host = await SearchModels.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/search?q=blue+lamps&limit=2", Ct);

        Assert.Equal("blue lamps", body.GetProperty("query").GetString());
        Assert.Equal(SearchModels.Search, body.GetProperty("model").GetString());
        Assert.Equal("bm25", body.GetProperty("algorithm").GetString());
        Assert.Equal(2, body.GetProperty("total").GetInt32());
        var first = body.GetProperty("results")[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal("P1", first.GetProperty("productId").GetString());
        Assert.Equal("Blue Ceramic Table Lamp", first.GetProperty("name").GetString());
        Assert.Equal("Lighting", first.GetProperty("category").GetString());
        Assert.True(first.GetProperty("score").GetDouble() > body.GetProperty("results")[1].GetProperty("score").GetDouble());
        Assert.Equal(["name", "description", "attributes"], first.GetProperty("matchedFields").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("name", first.GetProperty("highlightField").GetString());
        Assert.Equal("<mark>Blue</mark> Ceramic Table <mark>Lamp</mark>", first.GetProperty("highlight").GetString());
    }

    [Fact]
    public async Task Search_WithACategory_AndATypo_SaysWhatItSearchedInstead()
    {
        await using var host = await SearchModels.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/search?q=pilow&category=Home%20Decor&customerId=C1", Ct);

        Assert.Equal(["P2", "P3"], body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("productId").GetString()).Order());
        var correction = body.GetProperty("corrections")[0];
        Assert.Equal("pilow", correction.GetProperty("word").GetString());
        Assert.Equal(["pillow"], correction.GetProperty("searchedAs").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Search_ThatMatchesNothing_Answers200WithNoResults()
    {
        await using var host = await SearchModels.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/search?q=zebra", Ct);

        Assert.Equal(0, body.GetProperty("total").GetInt32());
        Assert.Equal(0, body.GetProperty("results").GetArrayLength());
    }

    [Theory]
    [InlineData("/v1/search", "q is required")]
    [InlineData("/v1/search?q=", "q is required")]
    [InlineData("/v1/search?q=%20%20", "q is required")]
    [InlineData("/v1/search?q=blue%09lamp", "q holds a control character (U+0009) at position 4")]
    [InlineData("/v1/search?q=lamp%00", "q holds a control character (U+0000) at position 4")]
    [InlineData("/v1/search?q=lamp&limit=0", "limit must be between 1 and 100; got 0")]
    [InlineData("/v1/search?q=lamp&limit=101", "limit must be between 1 and 100; got 101")]
    [InlineData("/v1/search?q=lamp&category=%20", "category must not be empty")]
    [InlineData("/v1/search/suggest?q=", "q is required")]
    [InlineData("/v1/search/suggest?q=bl&limit=500", "limit must be between 1 and 100; got 500")]
    public async Task Search_WithABadQuery_Returns400SayingWhatToFix(string path, string message)
    {
        await using var host = await SearchModels.StartAsync();

        var response = await host.Client.GetAsync(path, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Search_WithAnOverLongQuery_Returns400()
    {
        await using var host = await SearchModels.StartAsync();

        var response = await host.Client.GetAsync($"/v1/search?q={new string('a', 257)}", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "q holds 257 characters; at most 256");
    }

    [Fact]
    public async Task Search_WithoutASearchModel_Returns503()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/search?q=lamp", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task Suggest_CompletesTheLastWord()
    {
        await using var host = await SearchModels.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/search/suggest?q=blu", Ct);

        Assert.Equal("blu", body.GetProperty("query").GetString());
        var suggestions = body.GetProperty("suggestions").EnumerateArray().ToList();
        Assert.Equal(["blue", "bluebell", "blush"], suggestions.Select(s => s.GetProperty("text").GetString()).Order(StringComparer.Ordinal));
        Assert.All(suggestions, s => Assert.Equal(1, s.GetProperty("products").GetInt32()));
    }

    [Fact]
    public async Task Infer_Search_MapsQueriesToItemIdsAndScores()
    {
        await using var host = await SearchModels.StartAsync();

        var response = await host.Client.PostJsonAsync($"/v2/models/{SearchModels.Search}/infer", """
            {"inputs": [{"name": "query", "shape": [2], "datatype": "BYTES", "data": ["blue lamp", "velvet"]},
                        {"name": "k", "shape": [1], "datatype": "INT32", "data": [3]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var ids = ProtocolAssert.Output(body, "item_ids");
        var scores = ProtocolAssert.Output(body, "scores");
        Assert.Equal([2, 2], ProtocolAssert.Shape(ids));
        Assert.Equal("FP32", scores.GetProperty("datatype").GetString());
        var model = SearchModels.Model();
        var expected = model.Search(new("blue lamp", 3)).Hits.Select(h => (h.ProductId, (float)h.Score))
            .Concat(model.Search(new("velvet", 3)).Hits.Select(h => (h.ProductId, (float)h.Score))).ToList();
        Assert.Equal(["P1", "P4", "P3", ""], ids.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(expected[..2].Select(e => e.Item2), scores.GetProperty("data").EnumerateArray().Take(2).Select(e => e.GetSingle()));
    }

    [Theory]
    [InlineData("""{"inputs": [{"name": "query", "shape": [1], "datatype": "BYTES", "data": [""]}]}""", "query[0] is required")]
    [InlineData("""{"inputs": [{"name": "query", "shape": [1], "datatype": "BYTES", "data": ["a\u0007b"]}]}""", "query[0] holds a control character (U+0007)")]
    [InlineData("""{"inputs": [{"name": "k", "shape": [1], "datatype": "INT32", "data": [3]}]}""", "Send 'query'")]
    [InlineData("""{"inputs": [{"name": "query", "shape": [1], "datatype": "BYTES", "data": ["lamp"]}, {"name": "k", "shape": [1], "datatype": "INT32", "data": [0]}]}""", "'k' must be between 1 and 100; got 0")]
    public async Task Infer_Search_WithABadQuery_Returns400ErrorObject(string json, string message)
    {
        await using var host = await SearchModels.StartAsync();

        var response = await host.Client.PostJsonAsync($"/v2/models/{SearchModels.Search}/infer", json);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task ModelMetadata_ForSearch_DeclaresQueryAndTheRankingOutputs()
    {
        await using var host = await SearchModels.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/v2/models/{SearchModels.Search}", Ct);

        Assert.Equal(["query", "k"], body.GetProperty("inputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(["item_ids", "scores"], body.GetProperty("outputs").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
    }
}
