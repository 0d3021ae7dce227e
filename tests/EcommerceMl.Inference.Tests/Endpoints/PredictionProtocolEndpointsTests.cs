namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class PredictionProtocolEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ModelStatus_ForALoadedModel_IsReady()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/models/recs", Ct);

        Assert.Equal("recs", body.GetProperty("name").GetString());
        Assert.True(body.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ModelStatus_ForUnknownModel_Returns404ErrorObject()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/models/nope", Ct);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "Model 'nope' is not served here");
    }

    [Fact]
    public async Task Predict_Recommendations_ReturnsOnePredictionPerInstance()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/models/recs:predict", """
            {"instances": [{"customer_id": "c1", "k": 2}, {"product_id": "p1", "k": 1}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(2, predictions.Count);
        var expected = TestModels.Recommender().Recommend("c1", 2);
        Assert.Equal(expected.Select(p => p.ProductId), predictions[0].GetProperty("item_ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(expected.Select(p => (float)p.Score), predictions[0].GetProperty("scores").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(["p2"], predictions[1].GetProperty("item_ids").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Predict_Churn_ReturnsScalarsPerInstance()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/models/churn:predict", """
            {"instances": [{"customer_id": "c1"},
                           {"recency_days": 10, "frequency": 5, "avg_monetary": 50.5, "loyalty_member": true, "days_since_join": 400}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var predictions = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("predictions").EnumerateArray().ToList();
        Assert.Equal(FakeChurnModel.ProbabilityOf(TestModels.ChurnModel().FeaturesOf("c1")!), predictions[0].GetProperty("churn_probability").GetDouble());
        Assert.Equal("HIGH", predictions[0].GetProperty("risk_category").GetString());
        Assert.Equal("LOW", predictions[1].GetProperty("risk_category").GetString());
    }

    [Fact]
    public async Task Predict_Forecast_ReturnsTheSeriesWithDates()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/models/sales:predict", """{"instances": [{"horizon": 3, "scope": "category:coffee"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("predictions")[0];
        Assert.Equal(3, prediction.GetProperty("dates").GetArrayLength());
        Assert.All(prediction.GetProperty("yhat").EnumerateArray(), e => Assert.Equal(400, e.GetDouble()));
        Assert.Equal(3, prediction.GetProperty("yhat_lower").GetArrayLength());
        Assert.Equal("2026-11-23", prediction.GetProperty("dates")[0].GetString());
        Assert.Equal("2026-11-21", prediction.GetProperty("data_to")[0].GetString());
    }

    [Fact]
    public async Task Predict_ForecastWithAStart_StartsThere()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/models/sales:predict", """{"instances": [{"horizon": 2, "start": "2026-12-01"}]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prediction = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("predictions")[0];
        Assert.Equal(["2026-12-01", "2026-12-02"], prediction.GetProperty("dates").EnumerateArray().Select(e => e.GetString()));
    }

    [Theory]
    [InlineData("recs", """{"instances": []}""", "'instances' is required")]
    [InlineData("recs", """{"instances": ["c1"]}""", "instances[0] must be an object of named inputs")]
    [InlineData("recs", """{"instances": [{"customer_id": ["c1"]}]}""", "instances[0].customer_id must be a single string, number or boolean")]
    [InlineData("recs", """{"instances": [{"customer_id": "c1"}, {"customer_id": "c1", "k": 0}]}""", "instances[1]: 'k' must be between 1 and 100; got 0")]
    [InlineData("recs", """{"inputs": []}""", "Unknown field 'inputs'")]
    [InlineData("churn", """{"instances": [{"recency_days": 3}]}""", "instances[0]: Churn features come together: missing")]
    public async Task Predict_WithBadInput_Returns400ErrorObject(string model, string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync($"/v1/models/{model}:predict", json);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Predict_OnUnknownModel_Returns404ErrorObject()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v1/models/nope:predict", """{"instances": [{"customer_id": "c1"}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.NotFound, "Model 'nope' is not served here");
    }
}
