namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class DashboardEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Root_ServesTheDashboardPage()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Recommendation browser", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_ListsModelsCustomersScopesAndTheChurnRiskMix()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/dashboard", Ct);

        Assert.Equal(3, body.GetProperty("models").GetArrayLength());
        Assert.Equal(TestModels.Recommender().SampleCustomers(50), body.GetProperty("recommenders")[0].GetProperty("customers").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(TestModels.Forecaster().Scopes, body.GetProperty("forecasters")[0].GetProperty("scopes").EnumerateArray().Select(c => c.GetString()));
        var churn = body.GetProperty("churn")[0];
        Assert.Equal(2, churn.GetProperty("sampled").GetInt32());
        Assert.Equal(1, churn.GetProperty("riskCounts").GetProperty("HIGH").GetInt32());
        Assert.Equal(1, churn.GetProperty("riskCounts").GetProperty("LOW").GetInt32());
    }

    [Fact]
    public async Task Purchases_ForAKnownCustomer_ListsWhatTheyBought()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/customers/c3/purchases", Ct);

        Assert.Equal(["p1", "p2", "p4"], body.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("productId").GetString()));
        Assert.Equal("Espresso beans", body.GetProperty("products")[0].GetProperty("productName").GetString());
    }

    [Fact]
    public async Task Purchases_ForAnUnknownCustomer_Returns404Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/customers/nobody/purchases", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Customer 'nobody' is not known to model 'recs'");
    }
}
