using System.Text;
using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class ChurnEndpointsTests
{
    [Fact]
    public async Task Churn_ForAKnownCustomer_UsesTheFeaturesTheModelHolds()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/churn", new { customerId = "c1" }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var expected = FakeChurnModel.ProbabilityOf(TestModels.ChurnModel().FeaturesOf("c1")!);
        Assert.Equal("c1", body.GetProperty("customerId").GetString());
        Assert.Equal(expected, body.GetProperty("churnProbability").GetDouble(), 9);
        Assert.Equal("HIGH", body.GetProperty("riskCategory").GetString());
        Assert.Equal("Send a win-back offer", body.GetProperty("nextAction").GetString());
        Assert.Equal(TestModels.Churn, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
    }

    [Fact]
    public async Task Churn_FromTheSeedApiFields_PredictsFromThoseFeatures()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync(
            "/v1/churn",
            new { recencyDays = 80, frequency = 2, avgMonetary = 55.5, loyaltyMember = true, daysSinceJoin = 300 },
            TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FakeChurnModel.ProbabilityOf(new ChurnFeatures(80, 2, 55.5, 300, true)), body.GetProperty("churnProbability").GetDouble(), 9);
        Assert.Equal("MEDIUM", body.GetProperty("riskCategory").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("customerId").ValueKind);
    }

    [Fact]
    public async Task Churn_ForAnUnknownCustomerWithoutFeatures_Returns404()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/churn", new { customerId = "c404" }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Customer 'c404' is not known to model 'churn'");
    }

    [Theory]
    [InlineData("{}", "send customerId of a known customer, or all of")]
    [InlineData("""{"recencyDays":10}""", "frequency is required")]
    [InlineData("""{"recencyDays":10,"frequency":1,"avgMonetary":5,"daysSinceJoin":30}""", "loyaltyMember is required")]
    [InlineData("""{"recencyDays":-1,"frequency":1,"avgMonetary":5,"loyaltyMember":false,"daysSinceJoin":30}""", "recencyDays must be a number, 0 or more; got -1")]
    [InlineData("""{"customerId":""}""", "customerId must not be empty")]
    [InlineData("""{"customerId":"c1","loyaltyMember":"yes"}""", "loyaltyMember must be true or false")]
    [InlineData("""{"customerId":"c1","tenure":3}""", "Unknown field 'tenure'")]
    [InlineData("""[1,2]""", "not valid JSON")]
    public async Task Churn_WithBadInput_Returns400SayingWhatToFix(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await host.Client.PostAsync("/v1/churn", content, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }
}
