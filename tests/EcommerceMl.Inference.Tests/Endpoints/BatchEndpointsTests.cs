namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class BatchEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecommendationsBatch_AnswersEachCustomerInOrderWithPerItemErrors()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/recommendations:batch", """
            {"customerIds": ["c1", "", "stranger", "explode"], "k": 2}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(TestModels.Recs, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
        Assert.Equal(2, body.GetProperty("succeeded").GetInt32());
        Assert.Equal(2, body.GetProperty("failed").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([0, 1, 2, 3], results.Select(r => r.GetProperty("index").GetInt32()));
        Assert.Equal(
            TestModels.Recommender().Recommend("c1", 2).Select(p => p.ProductId),
            results[0].GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("productId").GetString()));
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("error").ValueKind);
        Assert.Contains("customerIds[1] is empty", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("popularity", results[2].GetProperty("fallback").GetString());
        var failure = results[3].GetProperty("error").GetString()!;
        Assert.Contains("quote trace id", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommendations_WithIncludeMetadataAndMinScore_AddsPricesAndDropsLowScores()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var all = TestModels.Recommender().Recommend("stranger", 10);
        var threshold = all[1].Score;

        var single = await host.Client.GetFromJsonAsync<JsonElement>($"/v1/recommendations/stranger?includeMetadata=true&minScore={threshold}", Ct);
        var batch = await (await host.Client.PostAsJsonAsync(
            "/v1/recommendations:batch", new { customerIds = new[] { "stranger" }, includeMetadata = true, minScore = threshold }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);

        var expected = all.Where(p => p.Score >= threshold).ToList();
        foreach (var items in new[] { single.GetProperty("recommendations"), batch.GetProperty("results")[0].GetProperty("recommendations") })
        {
            var list = items.EnumerateArray().ToList();
            Assert.Equal(expected.Select(p => p.ProductId), list.Select(r => r.GetProperty("productId").GetString()));
            Assert.Equal(Enumerable.Range(1, expected.Count), list.Select(r => r.GetProperty("rank").GetInt32()));
            Assert.All(list, r => Assert.Equal(
                TestModels.Recommender().FindProduct(r.GetProperty("productId").GetString()!)!.Price, r.GetProperty("price").GetDouble()));
        }
    }

    [Fact]
    public async Task Recommendations_WithoutIncludeMetadata_LeavesPriceOut()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/recommendations/c1", Ct);

        Assert.All(body.GetProperty("recommendations").EnumerateArray(), r => Assert.False(r.TryGetProperty("price", out _)));
    }

    [Theory]
    [InlineData("""{"customerIds": []}""", "customerIds is required")]
    [InlineData("""{"k": 3}""", "customerIds is required")]
    [InlineData("""{"customerIds": ["c1"], "k": 0}""", "k must be between 1 and 100; got 0")]
    [InlineData("""{"customerIds": ["c1", "c2", "c3"]}""", "customerIds holds 3 items; at most 2 are accepted")]
    [InlineData("""{"customerIds": ["c1"], "min_score": 0.1}""", "Unknown field 'min_score'")]
    public async Task RecommendationsBatch_WithBadRequest_Returns400Problem(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxBatchSize"] = "2" });

        var response = await host.Client.PostJsonAsync("/v1/recommendations:batch", json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task RecommendationsBatch_WithUnknownModel_Returns404Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/recommendations:batch", """{"customerIds": ["c1"], "model": "nope"}""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Model 'nope' is not served here");
    }

    [Fact]
    public async Task ChurnBatch_AnswersEachCustomerWithPerItemErrors()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/churn:batch", """
            {"customers": [
              {"customerId": "c1"},
              {"customerId": "c404"},
              {"recencyDays": 10, "frequency": 5, "avgMonetary": 50, "loyaltyMember": true, "daysSinceJoin": 400},
              {"recencyDays": -1, "frequency": 5, "avgMonetary": 50, "loyaltyMember": true, "daysSinceJoin": 400},
              null]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(TestModels.Churn, body.GetProperty("model").GetString());
        Assert.Equal(2, body.GetProperty("succeeded").GetInt32());
        Assert.Equal(3, body.GetProperty("failed").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(FakeChurnModel.ProbabilityOf(TestModels.ChurnModel().FeaturesOf("c1")!), results[0].GetProperty("churnProbability").GetDouble(), 9);
        Assert.Equal("HIGH", results[0].GetProperty("riskCategory").GetString());
        Assert.Contains("customers[1]: customer 'c404' is not known to the model", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("LOW", results[2].GetProperty("riskCategory").GetString());
        Assert.Contains("customers[3]: recencyDays must be a number, 0 or more; got -1", results[3].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("customers[4] is null", results[4].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, results[4].GetProperty("churnProbability").ValueKind);
    }

    [Theory]
    [InlineData("""{"customers": []}""", "customers is required")]
    [InlineData("""{"customers": [{"customerId": "c1"}, {"customerId": "c2"}, {"customerId": "c3"}]}""", "customers holds 3 items; at most 2 are accepted")]
    [InlineData("""{"customers": [{"customerId": "c1", "tenure": 3}]}""", "Unknown field 'tenure'")]
    [InlineData("""{"customers": [{"customerId": "c1"}], "model": "recs"}""", "'recs' is a recommendation model")]
    public async Task ChurnBatch_WithBadRequest_Returns400Problem(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxBatchSize"] = "2" });

        var response = await host.Client.PostJsonAsync("/v1/churn:batch", json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }
}
