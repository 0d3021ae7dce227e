using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class OpenInferenceEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ServerMetadata_NamesTheServerWithVersionAndExtensions()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        foreach (var path in new[] { "/v2", "/v2/" })
        {
            var body = await host.Client.GetFromJsonAsync<JsonElement>(path, Ct);

            Assert.Equal("ecommerce-ml", body.GetProperty("name").GetString());
            Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
            Assert.Equal(JsonValueKind.Array, body.GetProperty("extensions").ValueKind);
        }
    }

    [Fact]
    public async Task Health_LiveAndReady_Answer200WithEmptyBodies()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        foreach (var path in new[] { "/v2/health/live", "/v2/health/ready", "/v2/models/recs/ready", $"/v2/models/recs/versions/{TestModels.V1}/ready" })
        {
            var response = await host.Client.GetAsync(path, Ct);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync(Ct));
        }
    }

    [Fact]
    public async Task Health_WhileModelsLoad_ServerLiveButNotReady()
    {
        var store = await TestModels.StoreWithAllAsync();
        store.Close();
        await using var host = await TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = TestModels.Recs });
        while (host.Registry.Find(TestModels.Recs) is null)
        {
            await Task.Delay(5, Ct);
        }

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/live", Ct)).StatusCode);
        var ready = await host.Client.GetAsync("/v2/health/ready", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, ready.StatusCode);
        Assert.Empty(await ready.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.GetAsync("/v2/models/recs/ready", Ct)).StatusCode);
        store.Open();
    }

    [Theory]
    [InlineData("/v2/models/nope/ready")]
    [InlineData("/v2/models/recs/versions/20990101T000000Z-ffffff/ready")]
    public async Task ModelReady_ForUnknownModelOrVersion_Returns404(string path)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(TestModels.Recs, "customer_id,product_id,k", "item_ids,scores")]
    [InlineData(TestModels.Sales, "horizon,level,scope,start", "dates,yhat,yhat_lower,yhat_upper,data_to,data_age_days")]
    [InlineData(TestModels.Churn, "customer_id,recency_days,frequency,avg_monetary,loyalty_member,days_since_join", "churn_probability,risk_category,next_action")]
    public async Task ModelMetadata_ListsTheTasksNamedTensors(string model, string inputs, string outputs)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/v2/models/{model}", Ct);
        var versioned = await host.Client.GetFromJsonAsync<JsonElement>($"/v2/models/{model}/versions/{TestModels.V1}", Ct);

        Assert.Equal(model, body.GetProperty("name").GetString());
        Assert.Equal([TestModels.V1], body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.False(string.IsNullOrEmpty(body.GetProperty("platform").GetString()));
        Assert.Equal(inputs.Split(','), body.GetProperty("inputs").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(outputs.Split(','), body.GetProperty("outputs").EnumerateArray().Select(t => t.GetProperty("name").GetString()));
        Assert.All(body.GetProperty("inputs").EnumerateArray().Concat(body.GetProperty("outputs").EnumerateArray()), t =>
        {
            Assert.False(string.IsNullOrEmpty(t.GetProperty("datatype").GetString()));
            Assert.NotEmpty(t.GetProperty("shape").EnumerateArray());
        });
        Assert.Equal(body.GetRawText(), versioned.GetRawText());
    }

    [Fact]
    public async Task ModelMetadata_ForRecommendations_DeclaresDatatypesAndShapes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v2/models/recs", Ct);

        var customer = body.GetProperty("inputs")[0];
        Assert.Equal("BYTES", customer.GetProperty("datatype").GetString());
        Assert.Equal([-1], ProtocolAssert.Shape(customer));
        Assert.Equal("INT32", body.GetProperty("inputs")[2].GetProperty("datatype").GetString());
        var scores = body.GetProperty("outputs")[1];
        Assert.Equal("FP32", scores.GetProperty("datatype").GetString());
        Assert.Equal([-1, -1], ProtocolAssert.Shape(scores));
    }

    [Theory]
    [InlineData("/v2/models/nope", "Model 'nope' is not served here. Served: churn, recs, sales.")]
    [InlineData("/v2/models/recs/versions/20990101T000000Z-ffffff", "Model 'recs' has no version '20990101T000000Z-ffffff' here; this server serves version " + TestModels.V1)]
    [InlineData("/v2/nothing/here", "No endpoint at GET /v2/nothing/here")]
    public async Task Metadata_ForUnknownModelVersionOrRoute_Returns404ErrorObject(string path, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync(path, Ct);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.NotFound, message);
    }

    [Fact]
    public async Task Infer_WithTheWrongMethod_Returns405ErrorObject()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v2/models/recs/infer", Ct);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.MethodNotAllowed, "GET is not allowed on /v2/models/recs/infer");
    }

    [Fact]
    public async Task Infer_Recommendations_ReturnsItemIdsAndScoresPerCustomerWithIdEchoed()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/recs/infer", """
            {"id": "req-42", "inputs": [
              {"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["c1", "c2"]},
              {"name": "k", "shape": [1], "datatype": "INT32", "data": [2]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("req-42", body.GetProperty("id").GetString());
        Assert.Equal(TestModels.Recs, body.GetProperty("model_name").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("model_version").GetString());
        var ids = ProtocolAssert.Output(body, "item_ids");
        var scores = ProtocolAssert.Output(body, "scores");
        Assert.Equal("BYTES", ids.GetProperty("datatype").GetString());
        Assert.Equal("FP32", scores.GetProperty("datatype").GetString());
        Assert.Equal([2, 2], ProtocolAssert.Shape(ids));
        Assert.Equal([2, 2], ProtocolAssert.Shape(scores));
        var model = TestModels.Recommender();
        var expected = model.Recommend("c1", 2).Concat(model.Recommend("c2", 2)).ToList();
        Assert.Equal(expected.Select(p => p.ProductId), ids.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(expected.Select(p => (float)p.Score), scores.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Infer_WithNestedDataAndVersionInThePath_ReadsRowMajor()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync($"/v2/models/recs/versions/{TestModels.V1}/infer", """
            {"inputs": [{"name": "customer_id", "shape": [2, 1], "datatype": "BYTES", "data": [["c1"], ["c3"]]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.False(body.TryGetProperty("id", out _));
        Assert.Equal(2, ProtocolAssert.Shape(ProtocolAssert.Output(body, "item_ids"))[0]);
    }

    [Fact]
    public async Task Infer_SimilarItems_PadsShortRowsToTheWidestRow()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/recs/infer", """
            {"inputs": [{"name": "product_id", "shape": [2], "datatype": "BYTES", "data": ["p1", "p2"]},
                        {"name": "k", "shape": [1], "datatype": "INT64", "data": [3]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var ids = ProtocolAssert.Output(body, "item_ids");
        Assert.Equal([2, 3], ProtocolAssert.Shape(ids));
        Assert.Equal(["p2", "p3", "p4", "p1", "", ""], ids.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([0.8f, 0.5f, 0.4f, 0.8f, 0f, 0f], ProtocolAssert.Output(body, "scores").GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Infer_WithRequestedOutputs_ReturnsOnlyThoseInTheOrderAsked()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/sales/infer", """
            {"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}],
             "outputs": [{"name": "yhat_upper"}, {"name": "dates"}], "parameters": {"note": "ignored"}}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(["yhat_upper", "dates"], body.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Infer_Forecast_ReturnsDatesFromTodayTheIntervalPerScopeAndTheDataEnd()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/sales/infer", """
            {"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [2]},
                        {"name": "level", "shape": [1], "datatype": "FP64", "data": [0.5]},
                        {"name": "scope", "shape": [2], "datatype": "BYTES", "data": ["shop", "product:p1"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var dates = ProtocolAssert.Output(body, "dates");
        Assert.Equal([2], ProtocolAssert.Shape(dates));
        Assert.Equal(["2026-11-23", "2026-11-24"], dates.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["2026-11-21"], ProtocolAssert.Output(body, "data_to").GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal([2.0], ProtocolAssert.Output(body, "data_age_days").GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
        var forecaster = TestModels.Forecaster();
        var expected = forecaster.Forecast("shop", 3, 0.5)!.Skip(1).Concat(forecaster.Forecast("product:p1", 3, 0.5)!.Skip(1)).ToList();
        foreach (var (name, pick) in new (string, Func<Ml.Forecasting.ForecastPoint, double>)[] { ("yhat", p => p.Predicted), ("yhat_lower", p => p.Lower), ("yhat_upper", p => p.Upper) })
        {
            var tensor = ProtocolAssert.Output(body, name);
            Assert.Equal("FP64", tensor.GetProperty("datatype").GetString());
            Assert.Equal([2, 2], ProtocolAssert.Shape(tensor));
            Assert.Equal(expected.Select(pick), tensor.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
        }
    }

    [Fact]
    public async Task Infer_ForecastWithAStart_StartsThere()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/sales/infer", """
            {"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [1]},
                        {"name": "start", "shape": [1], "datatype": "BYTES", "data": ["2027-01-10"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("2027-01-10", ProtocolAssert.Output(body, "dates").GetProperty("data")[0].GetString());
    }

    [Fact]
    public async Task Infer_ForecastFromAModelOlderThanTheGapAllowed_Returns422NamingItsDataEnd()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxForecastGapDays"] = "0" });

        var response = await host.Client.PostJsonAsync("/v2/models/sales/infer", """{"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.UnprocessableEntity, "data ends 2026-11-21");
    }

    [Fact]
    public async Task Infer_ChurnFromFeatures_ReturnsProbabilityAndRiskPerRow()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/churn/infer", """
            {"inputs": [
              {"name": "recency_days", "shape": [2], "datatype": "FP64", "data": [10, 180]},
              {"name": "frequency", "shape": [2], "datatype": "INT32", "data": [5, 1]},
              {"name": "avg_monetary", "shape": [2], "datatype": "FP32", "data": [50.5, 20]},
              {"name": "loyalty_member", "shape": [2], "datatype": "BOOL", "data": [true, false]},
              {"name": "days_since_join", "shape": [2], "datatype": "FP64", "data": [400, 30]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var probability = ProtocolAssert.Output(body, "churn_probability");
        Assert.Equal("FP64", probability.GetProperty("datatype").GetString());
        Assert.Equal([2], ProtocolAssert.Shape(probability));
        var expected = new[] { FakeChurnModel.ProbabilityOf(new ChurnFeatures(10, 5, 50.5, 400, true)), FakeChurnModel.ProbabilityOf(new ChurnFeatures(180, 1, 20, 30, false)) };
        Assert.Equal(expected, probability.GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(["LOW", "HIGH"], ProtocolAssert.Output(body, "risk_category").GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Infer_ChurnForKnownCustomers_UsesTheModelsFeatures()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/churn/infer", """
            {"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["c1", "c2"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var model = TestModels.ChurnModel();
        Assert.Equal(
            new[] { "c1", "c2" }.Select(c => FakeChurnModel.ProbabilityOf(model.FeaturesOf(c)!)),
            ProtocolAssert.Output(body, "churn_probability").GetProperty("data").EnumerateArray().Select(e => e.GetDouble()));
    }

    [Theory]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [3], "datatype": "BYTES", "data": ["c1", "c2"]}]}""", "inputs[0] 'customer_id': shape [3] holds 3 element(s) but data has 2")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "INT32", "data": [1]}]}""", "datatype INT32 is not accepted; send BYTES")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "STRING", "data": ["c1"]}]}""", "datatype 'STRING' is not a protocol datatype")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": [7]}]}""", "data[0] must be a string for datatype BYTES; got 7")]
    [InlineData("recs", """{"inputs": [{"name": "user", "shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""", "unknown input 'user'. This model accepts customer_id (BYTES), product_id (BYTES), k (INT32)")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}, {"name": "k", "shape": [1], "datatype": "INT32", "data": [1000]}]}""", "'k' must be between 1 and 100; got 1000")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}, {"name": "k", "shape": [2], "datatype": "INT32", "data": [1, 2]}]}""", "'k': must hold exactly one element")]
    [InlineData("recs", """{"inputs": [{"name": "k", "shape": [1], "datatype": "INT32", "data": [2.5]}]}""", "data[0] must be a whole number")]
    [InlineData("recs", """{"inputs": [{"name": "k", "shape": [1], "datatype": "INT32", "data": [2]}]}""", "Send exactly one of 'customer_id'")]
    [InlineData("recs", """{"inputs": [{"name": "product_id", "shape": [1], "datatype": "BYTES", "data": ["p404"]}]}""", "product_id[0] 'p404' is not in the model's catalogue")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}], "outputs": [{"name": "probability"}]}""", "outputs[0]: unknown output 'probability'. This model writes item_ids, scores")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES"}]}""", "'data' is required")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "datatype": "BYTES", "data": ["c1"]}]}""", "'shape' is required")]
    [InlineData("recs", """{"inputs": []}""", "'inputs' is required")]
    [InlineData("recs", """{"inputs": [null]}""", "inputs[0] is null")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}], "outputs": [null]}""", "outputs[0]: unknown output ''")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}, {"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c2"]}]}""", "inputs[1]: input 'customer_id' is given twice")]
    [InlineData("recs", """{"inputs": [{"name": "customer_id", "shape": [-1], "datatype": "BYTES", "data": ["c1"]}]}""", "shape dimensions must be 0 or more")]
    [InlineData("recs", """{"id": 42, "inputs": []}""", "Wrong type for field 'id'")]
    [InlineData("recs", """{"input": []}""", "Unknown field 'input'")]
    [InlineData("recs", """{"inputs": [}""", "not valid JSON")]
    [InlineData("sales", """{"inputs": [{"name": "level", "shape": [1], "datatype": "FP64", "data": [0.5]}]}""", "'horizon' is required")]
    [InlineData("sales", """{"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}, {"name": "level", "shape": [1], "datatype": "FP64", "data": [1.5]}]}""", "'level' must be strictly between 0 and 1")]
    [InlineData("sales", """{"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}, {"name": "scope", "shape": [1], "datatype": "BYTES", "data": ["product:zz"]}]}""", "scope[0] 'product:zz' is not forecast by this model")]
    [InlineData("sales", """{"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}, {"name": "start", "shape": [1], "datatype": "BYTES", "data": ["10/01/2027"]}]}""", "'start' must be a date as yyyy-MM-dd; got '10/01/2027'")]
    [InlineData("sales", """{"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [3]}, {"name": "start", "shape": [1], "datatype": "BYTES", "data": ["2026-11-01"]}]}""", "'start': start 2026-11-01 is not after the model's data, which ends 2026-11-21")]
    [InlineData("churn", """{"inputs": [{"name": "recency_days", "shape": [1], "datatype": "FP64", "data": [3]}]}""", "missing frequency, avg_monetary, loyalty_member, days_since_join")]
    [InlineData("churn", """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c404"]}]}""", "customer_id[0] 'c404' is not known to the model")]
    public async Task Infer_WithBadInput_Returns400ErrorObjectSayingWhatToFix(string model, string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync($"/v2/models/{model}/infer", json);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Infer_WithInvalidUtf8InAString_Returns400NotAServerError()
    {
        // Found by fuzz/ (v2-request harness): this body was a 500.
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        using var body = new ByteArrayContent([.. "{\"inputs\": [{\"name\": \"k"u8, 0xFF, .. "\"}]}"u8]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await host.Client.PostAsync("/v2/models/recs/infer", body, Ct);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "not valid UTF-8");
    }

    [Fact]
    public async Task Infer_WithMoreRowsThanTheBatchLimit_Returns400()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxBatchSize"] = "2" });

        var response = await host.Client.PostJsonAsync("/v2/models/recs/infer", """
            {"inputs": [{"name": "customer_id", "shape": [3], "datatype": "BYTES", "data": ["c1", "c2", "c3"]}]}
            """);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "'customer_id' holds 3 items; at most 2 are accepted");
    }

    [Theory]
    [InlineData("/v2/models/nope/infer", "Model 'nope' is not served here")]
    [InlineData("/v2/models/recs/versions/20990101T000000Z-ffffff/infer", "has no version '20990101T000000Z-ffffff'")]
    public async Task Infer_OnUnknownModelOrVersion_Returns404ErrorObject(string path, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync(path, """{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.NotFound, message);
    }

    [Fact]
    public async Task Infer_WhenTheModelFails_Returns500ErrorObjectWithoutInternals()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync("/v2/models/recs/infer",
            $$"""{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["{{FakeRecommender.ExplodingCustomer}}"]}]}""");

        var message = await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.InternalServerError, "quote trace id");
        Assert.DoesNotContain("secret internals", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_WithOversizeBody_Returns413ErrorObject()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxRequestBodyBytes"] = "1024" });

        var ids = string.Join(",", Enumerable.Range(0, 300).Select(i => $"\"c{i}\""));
        var response = await host.Client.PostJsonAsync("/v2/models/recs/infer", $$"""{"inputs": [{"name": "customer_id", "shape": [300], "datatype": "BYTES", "data": [{{ids}}]}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.RequestEntityTooLarge, "the limit is 1024 bytes");
    }
}
