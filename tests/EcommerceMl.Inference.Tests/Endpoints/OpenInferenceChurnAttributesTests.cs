using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Inference.Tests.Endpoints;

/// <summary>
/// /v2 for a churn model that reads the dataset's own columns (the model of <see cref="ChurnAttributesEndpointsTests"/>):
/// one BYTES [n] input tensor per attribute column, listed in the model metadata.
/// </summary>
public sealed class OpenInferenceChurnAttributesTests
{
    private const string Features = """
        {"name": "recency_days", "shape": [2], "datatype": "FP64", "data": [0, 0]},
        {"name": "frequency", "shape": [2], "datatype": "FP64", "data": [0, 0]},
        {"name": "avg_monetary", "shape": [2], "datatype": "FP64", "data": [0, 0]},
        {"name": "loyalty_member", "shape": [2], "datatype": "BOOL", "data": [false, false]},
        {"name": "days_since_join", "shape": [2], "datatype": "FP64", "data": [30, 2000]}
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ModelMetadata_ListsEachAttributeColumnAsABytesInput()
    {
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/v2/models/{TestModels.Churn}", Ct);

        var inputs = body.GetProperty("inputs").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!);
        Assert.Equal(
            ["customer_id", "recency_days", "frequency", "avg_monetary", "loyalty_member", "days_since_join", "Contract", "MonthlyCharges", "tenure"],
            inputs.Keys);
        Assert.All(["Contract", "MonthlyCharges", "tenure"], name =>
        {
            Assert.Equal("BYTES", inputs[name].GetProperty("datatype").GetString());
            Assert.Equal([-1], ProtocolAssert.Shape(inputs[name]));
        });
    }

    [Fact]
    public async Task Infer_WithAttributeTensors_ScoresEachRowWithItsColumns()
    {
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""
            {"inputs": [{{Features}},
              {"name": "Contract", "shape": [2], "datatype": "BYTES", "data": ["Month-to-month", "Two year"]},
              {"name": "tenure", "shape": [2], "datatype": "BYTES", "data": ["1", "70"]},
              {"name": "MonthlyCharges", "shape": [2], "datatype": "BYTES", "data": ["99.5", "20"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var probabilities = ProtocolAssert.Output(body, "churn_probability").GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var model = (IChurnModel)ChurnAttributesEndpointsTests.Trained.Value;
        var expected = model.Predict(new ChurnFeatures(0, 0, 0, 30, false)
        {
            Attributes = new Dictionary<string, string> { ["Contract"] = "Month-to-month", ["tenure"] = "1", ["MonthlyCharges"] = "99.5" },
        }).Probability;
        Assert.Equal(expected, probabilities[0], 12);
        Assert.True(probabilities[0] > probabilities[1] + 0.3, $"a new month-to-month customer ({probabilities[0]}) should be far likelier to churn than a two-year one ({probabilities[1]})");
        Assert.Equal(["HIGH", "LOW"], ProtocolAssert.Output(body, "risk_category").GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Infer_ForAKnownCustomerWithAnAttributeTensor_LaysItOverTheirOwn()
    {
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();
        var model = (IChurnModel)ChurnAttributesEndpointsTests.Trained.Value;
        var id = model.SampleCustomers(1)[0];
        var known = model.FeaturesOf(id)!;

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""
            {"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["{{id}}", "{{id}}"]},
              {"name": "Contract", "shape": [2], "datatype": "BYTES", "data": ["", "Two year"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var probabilities = ProtocolAssert.Output(body, "churn_probability").GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToList();
        var changed = new Dictionary<string, string>(known.Attributes) { ["Contract"] = "Two year" };
        Assert.Equal(model.Predict(known).Probability, probabilities[0], 12);
        Assert.Equal(model.Predict(known with { Attributes = changed }).Probability, probabilities[1], 12);
    }

    [Fact]
    public async Task Infer_WithAWhiteSpaceAttributeValue_GivesThatRowNoValue()
    {
        // The one churn input rule: blank is empty or white space, in every format (a numeric column was refused before).
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();
        var model = (IChurnModel)ChurnAttributesEndpointsTests.Trained.Value;
        var id = model.SampleCustomers(1)[0];
        var known = model.FeaturesOf(id)!;

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""
            {"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["{{id}}", "{{id}}"]},
              {"name": "MonthlyCharges", "shape": [2], "datatype": "BYTES", "data": [" ", ""]},
              {"name": "Contract", "shape": [2], "datatype": "BYTES", "data": ["  ", "Two year"]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var probabilities = ProtocolAssert.Output(body, "churn_probability").GetProperty("data").EnumerateArray().Select(e => e.GetDouble()).ToList();
        Assert.Equal(model.Predict(known).Probability, probabilities[0], 12);
    }

    [Theory]
    [InlineData("""{"name": "Contrat", "shape": [2], "datatype": "BYTES", "data": ["Two year", "Two year"]}""",
        "unknown input 'Contrat'. This model accepts customer_id (BYTES), recency_days (FP64), frequency (FP64), avg_monetary (FP64), loyalty_member (BOOL), days_since_join (FP64), Contract (BYTES), MonthlyCharges (BYTES), tenure (BYTES)")]
    [InlineData("""{"name": "Contract", "shape": [1], "datatype": "BYTES", "data": ["Two year"]}""", "'Contract' holds 1 values but 'recency_days' holds 2")]
    [InlineData("""{"name": "tenure", "shape": [2], "datatype": "FP64", "data": [1, 70]}""", "'tenure': datatype FP64 is not accepted; send BYTES")]
    [InlineData("""{"name": "MonthlyCharges", "shape": [2], "datatype": "BYTES", "data": ["20", "a lot"]}""", "row 1: Attribute 'MonthlyCharges' is 'a lot'; the model reads it as a number")]
    public async Task Infer_WithAnAttributeTensorTheModelCannotRead_Returns400SayingWhich(string tensor, string message)
    {
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""{"inputs": [{{Features}}, {{tensor}}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Infer_ForKnownCustomersWithAShortAttributeTensor_Returns400()
    {
        await using var host = await ChurnAttributesEndpointsTests.StartAsync();

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", """
            {"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["t0001", "t0002"]},
              {"name": "Contract", "shape": [1], "datatype": "BYTES", "data": ["Two year"]}]}
            """);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "'Contract' holds 1 values but 'customer_id' holds 2");
    }
}
