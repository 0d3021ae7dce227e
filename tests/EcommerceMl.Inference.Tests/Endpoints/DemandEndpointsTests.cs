using System.Text;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Demand;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class DemandEndpointsTests
{
    private const string Demand = "demand";

    /// <summary>
    /// A real lightgbm-demand model on a small synthetic shop (fitted once: a few seconds) whose data ends on
    /// <see cref="TestModels.LastObserved"/>, two days before the test clock's today.
    /// </summary>
    private static readonly Lazy<LightGbmDemandForecaster> Model = new(() =>
    {
        var start = TestModels.LastObserved.AddDays(-219).ToDateTime(TimeOnly.MinValue);
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 20, Categories = 4, Days = 220, StartDate = start, Events = false });
        var options = new DemandOptions(HolidayCalendar.Default, Trees: 40, Leaves: 7, MinRowsPerLeaf: 20, OriginStride: 7, HorizonSample: 5);
        return DemandFitter.Fit(DemandHistory.Build(shop), options);
    });

    [Fact]
    public async Task Demand_ForKnownProducts_ReturnsSevenAndThirtyDayTotalsWithIntervalAndTrend()
    {
        await using var host = await StartAsync();
        var known = Model.Value.ProductIds;

        var response = await host.Client.PostAsJsonAsync("/v1/demand", new { productIds = new[] { known[0], known[1] } }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(Demand, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
        Assert.Equal("units", body.GetProperty("measure").GetString());
        Assert.Equal(0.8, body.GetProperty("level").GetDouble(), 9);
        Assert.Equal([7, 30], body.GetProperty("horizons").EnumerateArray().Select(h => h.GetInt32()));
        Assert.Equal(2, body.GetProperty("succeeded").GetInt32());
        var first = body.GetProperty("results")[0];
        var expected = Model.Value.Demand(known[0], [7, 30], 0.8, gapDays: 1)!; // counted from today: one day of gap after the data
        Assert.Equal("2026-11-23", body.GetProperty("start").GetString());
        Assert.Equal("2026-11-21", body.GetProperty("dataTo").GetString());
        Assert.Equal(2, body.GetProperty("dataAgeDays").GetInt32());
        Assert.Equal(known[0], first.GetProperty("productId").GetString());
        Assert.Equal(expected.Totals[0].Predicted, first.GetProperty("demand7d").GetDouble(), 6);
        Assert.Equal(expected.Totals[1].Predicted, first.GetProperty("demand30d").GetDouble(), 6);
        Assert.Equal(expected.Totals[1].Upper, first.GetProperty("totals")[1].GetProperty("upper").GetDouble(), 6);
        Assert.Equal(expected.Trend.Name(), first.GetProperty("trend").GetString());
    }

    [Fact]
    public async Task Demand_WithAnUnknownProductInABatch_AnswersTheOthersAndFlagsIt()
    {
        await using var host = await StartAsync();

        var response = await host.Client.PostAsJsonAsync(
            "/v1/demand", new { productIds = new[] { Model.Value.ProductIds[0], "nope" }, horizons = new[] { 14 }, level = 0.95 }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(1, body.GetProperty("failed").GetInt32());
        var results = body.GetProperty("results");
        Assert.Equal(14, results[0].GetProperty("totals")[0].GetProperty("days").GetInt32());
        Assert.Equal(JsonValueKind.Null, results[0].GetProperty("demand7d").ValueKind);
        Assert.Contains("product 'nope' is not known", results[1].GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demand_ForOneUnknownProduct_Returns404()
    {
        await using var host = await StartAsync();

        var response = await host.Client.PostAsJsonAsync("/v1/demand", new { productId = "nope" }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "no demand forecast for product 'nope'");
    }

    [Theory]
    [InlineData("""{}""", "productIds is required")]
    [InlineData("""{"productId":"a","productIds":["b"]}""", "give productId or productIds, not both")]
    [InlineData("""{"productId":"a","horizons":[0]}""", "each horizon must be between 1 and 365 days; got 0")]
    [InlineData("""{"productId":"a","horizons":[]}""", "horizons must list 1 to 16")]
    [InlineData("""{"productId":"a","level":1.5}""", "level must be strictly between 0 and 1")]
    [InlineData("""{"productId":" "}""", "productId must not be empty")]
    [InlineData("""{"product_id":"a"}""", "Unknown field 'product_id'")]
    [InlineData("""{"productId":"a","horizons":"7"}""", "horizons")]
    public async Task Demand_WithBadInput_Returns400SayingWhatToFix(string json, string message)
    {
        await using var host = await StartAsync();

        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        var response = await host.Client.PostAsync("/v1/demand", content, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Demand_WhenOnlySeriesForecastersAreLoaded_Returns503NamingTheAlgorithmNeeded()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/demand", new { productId = "p1" }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.ServiceUnavailable, "lightgbm-demand");
    }

    [Fact]
    public async Task Forecast_FromADemandModel_ServesDailyUnitsOfAProduct()
    {
        await using var host = await StartAsync();
        var product = Model.Value.ProductIds[0];

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 3, productId = product }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("units", body.GetProperty("measure").GetString());
        var expected = Model.Value.Forecast(ForecastScope.Product(product), 4, 0.8)!; // from today: one day after the data's next
        Assert.Equal(expected[3].Predicted, body.GetProperty("forecast")[2].GetProperty("predicted").GetDouble(), 6);
    }

    [Fact]
    public async Task Demand_WithAStart_CountsItsDaysWithAnIntervalWiderThanFromTheDataEnd()
    {
        await using var host = await StartAsync();
        var product = Model.Value.ProductIds[0];

        var fresh = await PostDemandAsync(host, new { productId = product, horizons = new[] { 7 }, start = "2026-11-22" });
        var later = await PostDemandAsync(host, new { productId = product, horizons = new[] { 7 }, start = "2027-01-31" });

        Assert.Equal("2027-01-31", later.GetProperty("start").GetString());
        var expected = Model.Value.Demand(product, [7], 0.8, gapDays: 70)!.Totals[0];
        var total = later.GetProperty("results")[0].GetProperty("totals")[0];
        Assert.Equal(expected.Predicted, total.GetProperty("predicted").GetDouble(), 6);
        Assert.Equal(expected.Upper, total.GetProperty("upper").GetDouble(), 6);
        var width = (JsonElement answer) => answer.GetProperty("results")[0].GetProperty("totals")[0] is var t ? t.GetProperty("upper").GetDouble() - t.GetProperty("lower").GetDouble() : 0;
        Assert.True(width(later) > width(fresh), $"{width(later)} 70 days later should be wider than {width(fresh)}");
    }

    [Theory]
    [InlineData("2026-11-21", 400, "not after the model's data, which ends 2026-11-21")]
    [InlineData("2027-06-01", 422, "data ends 2026-11-21: a forecast from 2027-06-01 would first forecast the 191 days between")]
    public async Task Demand_WithAStartTheModelCannotServe_SaysWhyNamingItsDataEnd(string start, int status, string message)
    {
        await using var host = await StartAsync();

        var response = await host.Client.PostAsJsonAsync("/v1/demand", new { productId = Model.Value.ProductIds[0], start }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, (HttpStatusCode)status, message);
    }

    private static async Task<JsonElement> PostDemandAsync(TestServerHost host, object request)
    {
        var response = await host.Client.PostAsJsonAsync("/v1/demand", request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task<TestServerHost> StartAsync()
    {
        var store = new InMemoryModelStore();
        await TestModels.PublishAsync(store, Demand, TestModels.V1, Model.Value, new Dictionary<string, double> { ["mase"] = 0.8 });
        var host = await TestServerHost.StartAsync(store, pipelines: [new ForecastPipeline()]);
        await host.WaitUntilReadyAsync();
        return host;
    }
}
