using System.Text;

namespace EcommerceMl.Inference.Tests.Endpoints;

public sealed class ForecastEndpointsTests
{
    [Fact]
    public async Task Forecast_FromAModelWhoseDataEndedDaysAgo_StartsTodayAndSaysHowStaleItIs()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 3 }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(TestModels.Sales, body.GetProperty("model").GetString());
        Assert.Equal(TestModels.V1, body.GetProperty("version").GetString());
        Assert.Equal("shop", body.GetProperty("scope").GetString());
        Assert.Equal("revenue", body.GetProperty("measure").GetString());
        Assert.Equal(0.8, body.GetProperty("level").GetDouble(), 9);
        var points = body.GetProperty("forecast").EnumerateArray().ToList();
        // The data ends 2026-11-21 and the clock says 2026-11-23: the day between is forecast through, not answered.
        Assert.Equal(["2026-11-23", "2026-11-24", "2026-11-25"], points.Select(p => p.GetProperty("date").GetString()));
        Assert.Equal("2026-11-21", body.GetProperty("dataTo").GetString());
        Assert.Equal(2, body.GetProperty("dataAgeDays").GetInt32());
        var expected = TestModels.Forecaster().Forecast("shop", 4, 0.8)!.Skip(1).ToList();
        Assert.Equal(expected[0].Predicted, points[0].GetProperty("predicted").GetDouble(), 9);
        Assert.Equal(expected[0].Lower, points[0].GetProperty("lower").GetDouble(), 9);
        Assert.Equal(expected[0].Upper, points[0].GetProperty("upper").GetDouble(), 9);
    }

    [Fact]
    public async Task Forecast_ForACategoryAtAGivenLevel_UsesThatScopeAndLevel()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 2, category = "coffee", level = 0.95 }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("category:coffee", body.GetProperty("scope").GetString());
        Assert.Equal(0.95, body.GetProperty("level").GetDouble(), 9);
        var expected = TestModels.Forecaster().Forecast("category:coffee", 3, 0.95)!.Skip(1).ToList();
        Assert.Equal(expected[1].Upper, body.GetProperty("forecast")[1].GetProperty("upper").GetDouble(), 9);
    }

    [Fact]
    public async Task Forecast_ForAProduct_UsesTheProductScope()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 1, productId = "p1" }, TestContext.Current.CancellationToken);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("product:p1", body.GetProperty("scope").GetString());
        Assert.Equal(120, body.GetProperty("forecast")[0].GetProperty("predicted").GetDouble(), 9);
    }

    [Theory]
    [InlineData("UTC", "2026-11-23", 2)]
    [InlineData("America/Los_Angeles", "2026-11-22", 1)] // 02:00 UTC is 18:00 the day before in California
    public async Task Forecast_WithoutStart_StartsOnTodaysDateInTheShopsTimeZone(string zone, string today, int age)
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:ShopTimeZone"] = zone });

        var body = await PostOkAsync(host, new { horizon = 2 });

        Assert.Equal(today, body.GetProperty("forecast")[0].GetProperty("date").GetString());
        Assert.Equal(age, body.GetProperty("dataAgeDays").GetInt32());
    }

    [Fact]
    public async Task Forecast_WithAStart_StartsThereAndForecastsThroughTheGap()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var body = await PostOkAsync(host, new { horizon = 2, start = "2026-12-31" });

        var points = body.GetProperty("forecast");
        Assert.Equal(["2026-12-31", "2027-01-01"], points.EnumerateArray().Select(p => p.GetProperty("date").GetString()));
        var expected = TestModels.Forecaster().Forecast("shop", 41, 0.8)!;
        Assert.Equal(expected[39].Upper, points[0].GetProperty("upper").GetDouble(), 9);
    }

    [Fact]
    public async Task Forecast_FromAModelOlderThanTheGapAllowed_Returns422NamingItsDataEnd()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxForecastGapDays"] = "0" });

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 7 }, TestContext.Current.CancellationToken);

        var problem = await ProblemAssert.IsProblemAsync(
            response, HttpStatusCode.UnprocessableEntity, "Model 'sales'", "data ends 2026-11-21: a forecast from 2026-11-23 would first forecast the 1 day between", "at most 0 are");
        Assert.Equal("2026-11-21", problem.GetProperty("dataTo").GetString());
        var fromDataEnd = await PostOkAsync(host, new { horizon = 7, start = "2026-11-22" });
        Assert.Equal("2026-11-22", fromDataEnd.GetProperty("forecast")[0].GetProperty("date").GetString());
    }

    [Theory]
    [InlineData("""{"horizon":7,"start":"2026-11-21"}""", "start 2026-11-21 is not after the model's data, which ends 2026-11-21")]
    [InlineData("""{"horizon":7,"start":"23/11/2026"}""", "start")]
    public async Task Forecast_WithAStartItCannotUse_Returns400(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await PostJsonAsync(host, json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Forecast_ForAnUnknownProduct_Returns404ListingScopes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/forecast", new { horizon = 7, productId = "p404" }, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "does not forecast 'product:p404'", "category:coffee");
    }

    [Theory]
    [InlineData("""{"horizon":0}""", "horizon must be between 1 and 365; got 0")]
    [InlineData("""{"horizon":366}""", "horizon must be between 1 and 365; got 366")]
    [InlineData("""{"horizon":7,"level":1.5}""", "level must be strictly between 0 and 1")]
    [InlineData("""{"horizon":7,"level":0}""", "level must be strictly between 0 and 1")]
    [InlineData("""{"level":0.8}""", "horizon is required")]
    [InlineData("""{"horizon":7,"productId":"p1","category":"coffee"}""", "give productId or category, not both")]
    [InlineData("""{"horizon":7,"category":" "}""", "category must not be empty")]
    public async Task Forecast_WithInvalidFields_Returns400SayingWhatToFix(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await PostJsonAsync(host, json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Theory]
    [InlineData("""{"horizon":7""", "not valid JSON")]
    [InlineData("""{"horizon":}""", "not valid JSON")]
    [InlineData("""{"horizon":"ten"}""", "Wrong type for field 'horizon'")]
    [InlineData("""{"horizon":7,"level":"high"}""", "level must be a number")]
    [InlineData("""{"horizon":7,"horizn":8}""", "Unknown field 'horizn'")]
    [InlineData("", "The request body is required")]
    public async Task Forecast_WithMalformedBody_Returns400NotA500(string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await PostJsonAsync(host, json);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Forecast_WithUnknownField_ListsTheAcceptedFields()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await PostJsonAsync(host, """{"days":7}""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "Accepted fields: horizon, productId, category, level, model, start.");
    }

    [Fact]
    public async Task Forecast_WithANonJsonContentType_Returns415Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        using var content = new StringContent("horizon=7", Encoding.UTF8, "text/plain");
        var response = await host.Client.PostAsync("/v1/forecast", content, TestContext.Current.CancellationToken);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "application/json");
    }

    [Fact]
    public async Task Forecast_WithABodyOverTheLimit_Returns413Problem()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxRequestBodyBytes"] = "2048" });

        var response = await PostJsonAsync(host, $$"""{"horizon":7,"model":"{{new string('x', 4096)}}"}""");

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "the limit is 2048 bytes");
    }

    private static async Task<JsonElement> PostOkAsync(TestServerHost host, object request)
    {
        var response = await host.Client.PostAsJsonAsync("/v1/forecast", request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(TestServerHost host, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await host.Client.PostAsync("/v1/forecast", content, TestContext.Current.CancellationToken);
    }
}
