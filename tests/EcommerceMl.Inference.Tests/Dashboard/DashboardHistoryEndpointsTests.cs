using System.Globalization;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Inference.Dashboard;

namespace EcommerceMl.Inference.Tests.Dashboard;

/// <summary>The JSON the console draws: a model's timeline, a scope's daily actuals, a customer's purchases — each bounded.</summary>
public sealed class DashboardHistoryEndpointsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Timeline_GivesEachVersionsTriggerAndOutcome_AndTheMonitoringReportsOldestFirst()
    {
        await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/dashboard/models/recs/timeline", Ct);

        Assert.Equal(ConsoleScenario.Serving, body.GetProperty("serving").GetString());
        Assert.Equal(4, body.GetProperty("versionsTotal").GetInt32());
        var versions = body.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal([ConsoleScenario.First, ConsoleScenario.Lost, ConsoleScenario.GateFailed, ConsoleScenario.Serving], versions.Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(["Initial", "DriftDetected", "Scheduled", "DriftDetected"], versions.Select(v => v.GetProperty("trigger").GetString()));
        Assert.Equal(["passed", "lost_to_champion", "gate_failed", "passed"], versions.Select(v => v.GetProperty("outcome").GetString()));
        Assert.Equal([true, false, false, true], versions.Select(v => v.GetProperty("servable").GetBoolean()));
        var lost = versions[1];
        Assert.Equal(ConsoleScenario.ChampionValue, lost.GetProperty("champion").GetProperty("championValue").GetDouble());
        Assert.Equal(ConsoleScenario.LostValue, lost.GetProperty("champion").GetProperty("challengerValue").GetDouble());
        Assert.StartsWith("it lost to the champion", lost.GetProperty("whyNotServable").GetString(), StringComparison.Ordinal);
        Assert.Equal(ConsoleScenario.FailedValue, versions[2].GetProperty("gate").GetProperty("value").GetDouble());

        var reports = body.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(ConsoleScenario.CheckedAt, reports.Select(r => r.GetProperty("checkedAt").GetDateTimeOffset()));
        Assert.Equal(ConsoleScenario.RealizedNdcg, reports.Select(r => r.GetProperty("performance").GetProperty("value").GetDouble()));
        Assert.Equal(TimelineReader.MaxVersions, body.GetProperty("limits").GetProperty("versions").GetInt32());
        Assert.Empty(body.GetProperty("notes").EnumerateArray());
    }

    [Fact]
    public async Task Timeline_OfAModelWithManyVersionsAndReports_IsCappedAndSaysSo()
    {
        var store = await TestModels.StoreWithAllAsync();
        var versions = Enumerable.Range(1, TimelineReader.MaxVersions + 5).Select(i => string.Create(CultureInfo.InvariantCulture, $"202612{i:00}T000000Z-aaaaaa")).ToList();
        foreach (var version in versions)
        {
            await TestModels.PublishAsync(store, TestModels.Churn, version, TestModels.ChurnModel());
            for (var r = 0; r < 10; r++)
            {
                var at = ModelVersions.TryGetTimestamp(version)!.Value.AddHours(r);
                await store.PublishMonitoringReportAsync(new MonitoringReport
                {
                    Model = TestModels.Churn, Version = version, Task = ModelTask.Churn, CheckedAt = at,
                    Window = new MonitoringWindow(at.AddDays(-1), at, ["data"]), NewData = new NewDataCount(null, 0, 0),
                }, Ct);
            }
        }

        await using var host = await TestServerHost.StartReadyAsync(store);

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/dashboard/models/churn/timeline", Ct);

        Assert.Equal(versions.Count + 1, body.GetProperty("versionsTotal").GetInt32()); // and the store's own V1
        Assert.Equal(versions.TakeLast(TimelineReader.MaxVersions), body.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        var reports = body.GetProperty("reports").EnumerateArray().ToList();
        Assert.Equal(TimelineReader.MaxReports, reports.Count);
        Assert.Equal(versions[^1], reports[^1].GetProperty("version").GetString());
        Assert.Equal(
            [$"Showing the newest {TimelineReader.MaxVersions} of {versions.Count + 1} versions.", $"Showing the newest {TimelineReader.MaxReports} monitoring reports."],
            body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Fact]
    public async Task Timeline_OfAModelNotServedHere_Returns404NamingTheServedOnes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/dashboard/models/nope/timeline", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Model 'nope' is not served here");
    }

    [Fact]
    public async Task Actuals_SumThePurchaseLinesOfEachDay_FromTheSink_WithADayOfOnlyPageViewsAsZero()
    {
        var sink = Directory.CreateTempSubdirectory("ecml-actuals-");
        try
        {
            await ConsoleScenario.WriteEventsAsync(sink.FullName);
            await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync(), new Dictionary<string, string?> { ["Ecml:Events:Sink"] = sink.FullName });
            var from = ConsoleScenario.ForecastStart.AddDays(-40);
            var to = ConsoleScenario.ForecastStart.AddDays(29);

            var body = await host.Client.GetFromJsonAsync<JsonElement>(
                string.Create(CultureInfo.InvariantCulture, $"/v1/dashboard/actuals?model=sales&scope=shop&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}"), Ct);

            var days = body.GetProperty("days").EnumerateArray().ToDictionary(d => DateOnly.Parse(d.GetProperty("date").GetString()!, CultureInfo.InvariantCulture), d => d.GetProperty("value").GetDouble());
            var expected = Enumerable.Range(1, ConsoleScenario.HistoryDays).Select(i => ConsoleScenario.ForecastStart.AddDays(-i)).ToDictionary(d => d, ConsoleScenario.Revenue);
            Assert.Equal(expected.OrderBy(d => d.Key), days.OrderBy(d => d.Key)); // the retried copy of each first order counted once
            Assert.Equal(0, days[ConsoleScenario.ZeroDay]);
            Assert.Equal("revenue", body.GetProperty("measure").GetString());
            Assert.Equal(ConsoleScenario.HistoryDays, body.GetProperty("objectsRead").GetInt32());
            Assert.False(body.GetProperty("truncated").GetBoolean());
        }
        finally
        {
            sink.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Actuals_WithoutASink_AreEmptyAndSayWhy()
    {
        await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync(), new Dictionary<string, string?> { ["Ecml:Events:Sink"] = "none" });

        var body = await host.Client.GetFromJsonAsync<JsonElement>("/v1/dashboard/actuals?scope=shop&from=2026-11-01&to=2026-11-30", Ct);

        Assert.Empty(body.GetProperty("days").EnumerateArray());
        Assert.Equal(["No event sink is configured, so there are no actuals."], body.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
    }

    [Theory]
    [InlineData("from=2026-11-01", "to must be a date as yyyy-MM-dd; got ''.")]
    [InlineData("from=01/11/2026&to=2026-11-30", "from must be a date as yyyy-MM-dd; got '01/11/2026'.")]
    [InlineData("from=2026-11-30&to=2026-11-01", "to must be on or after from")]
    [InlineData("from=2025-01-01&to=2026-11-30", "at most 400 days")]
    public async Task Actuals_ForBadDates_Return400NamingTheField(string query, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync());

        var response = await host.Client.GetAsync($"/v1/dashboard/actuals?{query}", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task Actuals_ForAScopeTheModelDoesNotForecast_Return404()
    {
        await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync());

        var response = await host.Client.GetAsync("/v1/dashboard/actuals?scope=product:zzz&from=2026-11-01&to=2026-11-30", Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound, "Scope 'product:zzz' is not one model 'sales' forecasts.");
    }

    [Fact]
    public async Task Purchases_AreBoundedByLimit_AndGiveTheTotal()
    {
        await using var host = await TestServerHost.StartReadyAsync(await ConsoleScenario.StoreAsync());

        var body = await host.Client.GetFromJsonAsync<JsonElement>($"/v1/customers/{ConsoleScenario.BigCustomer}/purchases?limit=5", Ct);
        var byDefault = await host.Client.GetFromJsonAsync<JsonElement>($"/v1/customers/{ConsoleScenario.BigCustomer}/purchases", Ct);
        var tooMany = await host.Client.GetAsync($"/v1/customers/{ConsoleScenario.BigCustomer}/purchases?limit=501", Ct);

        Assert.Equal(["p01", "p02", "p03", "p04", "p05"], body.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("productId").GetString()));
        Assert.Equal(ConsoleScenario.CustomerProducts, body.GetProperty("total").GetInt32());
        Assert.Equal(20, byDefault.GetProperty("products").GetArrayLength());
        await ProblemAssert.IsProblemAsync(tooMany, HttpStatusCode.BadRequest, "limit must be between 1 and 500; got 501.");
    }

    [Fact]
    public async Task OpenApi_DescribesTheConsoleRoutes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var paths = (await host.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct)).GetProperty("paths");

        Assert.True(paths.TryGetProperty("/v1/dashboard/models/{model}/timeline", out _));
        Assert.True(paths.TryGetProperty("/v1/dashboard/actuals", out var actuals));
        Assert.Equal(
            ["model", "scope", "from", "to"],
            actuals.GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }
}
