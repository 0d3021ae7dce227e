using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference.Tests.Endpoints;

/// <summary>
/// /v1/churn and /v1/churn:batch against a real churn model (trained by the churn pipeline and loaded
/// back through it) that reads a dataset's own columns, as a telco-style model does.
/// </summary>
public sealed class ChurnAttributesEndpointsTests
{
    internal static readonly Lazy<ITrainedModel> Trained = new(() => new ChurnPipeline().Train(new TrainingRequest(
        LabelledChurnShop.Create(),
        "lightgbm",
        new Dictionary<string, string> { ["action_high"] = "Phone within a day", ["risk_high"] = "0.5", ["trees"] = "60", ["min_leaf_rows"] = "10" })).Model);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Churn_WithTheColumnsTheModelReads_AnswersWithTheConfiguredAction()
    {
        await using var host = await StartAsync();

        var monthly = await host.Client.PostJsonAsync("/v1/churn", """
            {"customerId": "new-1", "recencyDays": 0, "frequency": 0, "avgMonetary": 0, "loyaltyMember": false, "daysSinceJoin": 30,
             "attributes": {"Contract": "Month-to-month", "tenure": "1", "MonthlyCharges": "99.5"}}
            """);
        var loyal = await host.Client.PostJsonAsync("/v1/churn", """
            {"recencyDays": 0, "frequency": 0, "avgMonetary": 0, "loyaltyMember": false, "daysSinceJoin": 2000,
             "attributes": {"Contract": "Two year", "tenure": "70", "MonthlyCharges": "20"}}
            """);

        Assert.Equal(HttpStatusCode.OK, monthly.StatusCode);
        var risky = await monthly.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var safe = await loyal.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("new-1", risky.GetProperty("customerId").GetString());
        Assert.Equal("HIGH", risky.GetProperty("riskCategory").GetString());
        Assert.Equal("Phone within a day", risky.GetProperty("nextAction").GetString());
        Assert.Equal("LOW", safe.GetProperty("riskCategory").GetString());
        Assert.Equal("Monitor", safe.GetProperty("nextAction").GetString());
        Assert.True(risky.GetProperty("churnProbability").GetDouble() > safe.GetProperty("churnProbability").GetDouble() + 0.3);
    }

    [Fact]
    public async Task Churn_ForAKnownCustomerWithAnAttributeChanged_AnswersForTheChangedCustomer()
    {
        await using var host = await StartAsync();
        var model = (IChurnModel)Trained.Value;
        var id = model.SampleCustomers(1)[0];

        var asIs = await (await host.Client.PostJsonAsync("/v1/churn", $$"""{"customerId": "{{id}}"}""")).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var changed = await (await host.Client.PostJsonAsync("/v1/churn", $$$"""{"customerId": "{{{id}}}", "attributes": {"Contract": "Two year"}}"""))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal(model.Predict(model.FeaturesOf(id)!).Probability, asIs.GetProperty("churnProbability").GetDouble(), 12);
        Assert.True(changed.GetProperty("churnProbability").GetDouble() < asIs.GetProperty("churnProbability").GetDouble());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \"")]
    [InlineData("null")]
    public async Task Churn_ForAKnownCustomerWithABlankAttribute_KeepsTheirOwnValue(string blank)
    {
        // The one churn input rule: a blank value gives no value for its column, as a blank tensor element or CSV cell does.
        await using var host = await StartAsync();
        var model = (IChurnModel)Trained.Value;
        var id = model.SampleCustomers(1)[0];

        var response = await host.Client.PostJsonAsync("/v1/churn", $$$"""{"customerId": "{{{id}}}", "attributes": {"Contract": {{{blank}}}, "tenure": "70"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var known = model.FeaturesOf(id)!;
        var expected = model.Predict(known with { Attributes = new Dictionary<string, string>(known.Attributes) { ["tenure"] = "70" } }).Probability;
        Assert.Equal(expected, body.GetProperty("churnProbability").GetDouble(), 12);
    }

    [Theory]
    [InlineData("""{"customerId": "t0001", "attributes": {"Contrat": "Two year"}}""", "'Contrat' is not read by this model; its columns are Contract, MonthlyCharges, tenure")]
    [InlineData("""{"customerId": "t0001", "attributes": {"MonthlyCharges": "a lot"}}""", "'MonthlyCharges' is 'a lot'; the model reads it as a number")]
    [InlineData("""{"customerId": "t0001", "attributes": {"Contrat": ""}}""", "'Contrat' is not read by this model; its columns are Contract, MonthlyCharges, tenure")]
    [InlineData("""{"customerId": "t0001", "attributes": {"Contract": 2}}""", "Wrong type for field 'Contract' at $.attributes.Contract")]
    public async Task Churn_WithAttributesTheModelCannotRead_Returns400SayingWhich(string json, string message)
    {
        await using var host = await StartAsync();

        var response = await host.Client.PostJsonAsync("/v1/churn", json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task ChurnBatch_AnswersEachCustomer_WithPerItemErrorsForUnreadableAttributes()
    {
        await using var host = await StartAsync();

        var response = await host.Client.PostJsonAsync("/v1/churn:batch", """
            {"customers": [
              {"customerId": "t0001"},
              {"customerId": "t0002", "attributes": {"Contrat": "Two year"}},
              {"recencyDays": 0, "frequency": 0, "avgMonetary": 0, "loyaltyMember": false, "daysSinceJoin": 30, "attributes": {"Contract": "Month-to-month", "tenure": "1"}}
            ]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, body.GetProperty("succeeded").GetInt32());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Number, results[0].GetProperty("churnProbability").ValueKind);
        Assert.Contains("customers[1]: Attribute 'Contrat' is not read by this model", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, results[2].GetProperty("riskCategory").ValueKind);
    }

    internal static async Task<TestServerHost> StartAsync()
    {
        var store = new InMemoryModelStore();
        await TestModels.PublishAsync(store, TestModels.Churn, TestModels.V1, Trained.Value);
        var host = await TestServerHost.StartAsync(store, pipelines: [new ChurnPipeline()]);
        await host.WaitUntilReadyAsync();
        return host;
    }
}
