using System.Net;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Data;
using Microsoft.AspNetCore.TestHost;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// Bounded memory and work per request: string lengths, the event buffer in bytes, answer sizes, FP16's range.
/// </summary>
public sealed class RequestBoundsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_WithAnIdLongerThanMaxStringLength_AreRefusedNamingTheField()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var huge = new string('c', 100_000);

        var response = await host.Client.PostAsJsonAsync("/v1/events", new { events = new[] { new { type = "view", customerId = huge, productId = "p1" } } }, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "events[0].customerId holds 100000 characters; at most 256 (MaxStringLength) are accepted.");
        Assert.Equal(0, host.App.Services.GetRequiredService<EventBuffer>().Count);
    }

    [Fact]
    public void EventBuffer_PastItsByteBound_DropsTheOldest()
    {
        var buffer = new EventBuffer(Microsoft.Extensions.Options.Options.Create(new InferenceOptions { MaxBufferedEvents = 1_000, MaxBufferedEventBytes = 64 * 1024 }));
        var events = Enumerable.Range(0, 200).Select(i => new ShopEvent($"customer-{i:D3}".PadRight(250, '.'), "p1", ShopEventType.View, DateTime.UnixEpoch)).ToList();

        buffer.AddRange(events);

        var kept = buffer.Snapshot();
        var perEvent = EventBuffer.SizeOf(events[0]);
        Assert.Equal((int)(64 * 1024 / perEvent), kept.Count);
        Assert.Equal(events.TakeLast(kept.Count), kept);
        Assert.Equal(200 - kept.Count, buffer.Dropped);
        Assert.True(buffer.Bytes <= 64 * 1024, $"{buffer.Bytes} bytes buffered");
    }

    [Fact]
    public void EventBuffer_SizeOf_CountsTheIdsCharacters()
    {
        var small = EventBuffer.SizeOf(new ShopEvent("c", "p", ShopEventType.View, DateTime.UnixEpoch));
        var large = EventBuffer.SizeOf(new ShopEvent(new string('c', 1_000_000), "p", ShopEventType.View, DateTime.UnixEpoch));

        // UTF-16: a one-million-character id is two megabytes of heap.
        Assert.Equal(2 * 999_999, large - small);
    }

    [Fact]
    public async Task V2Forecast_WhoseAnswerWouldPassMaxAnswerBytes_IsRefusedSayingWhatToReduce()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxAnswerBytes"] = "65536" });
        var scopes = string.Join(", ", Enumerable.Repeat("\"shop\"", 50));

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Sales}/infer", $$"""
            {"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [365]},
              {"name": "scope", "shape": [50], "datatype": "BYTES", "data": [{{scopes}}]}]}
            """);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest,
            "more than MaxAnswerBytes (65536)", "'yhat' [50, 365]", "ask for fewer rows (50 now) or fewer values per row (365 now: a shorter horizon, a smaller k)");
    }

    [Fact]
    public async Task V2Forecast_WithinMaxAnswerBytes_IsAnswered()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxAnswerBytes"] = "65536" });

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Sales}/infer", """
            {"inputs": [{"name": "horizon", "shape": [1], "datatype": "INT32", "data": [365]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync(Ct)).Length < 65536);
    }

    [Fact]
    public async Task V1Predict_WhoseInstancesTogetherPassMaxAnswerBytes_IsRefused()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxAnswerBytes"] = "65536" });
        var instances = string.Join(", ", Enumerable.Repeat("""{"horizon": 365}""", 20));

        var response = await host.Client.PostJsonAsync($"/v1/models/{TestModels.Sales}:predict", $$"""{"instances": [{{instances}}]}""");

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "more than MaxAnswerBytes (65536) by instances[", "send fewer instances per request");
    }

    [Fact]
    public async Task RecommendationBatch_WhoseAnswerWouldPassMaxAnswerBytes_IsRefusedBeforeTheModelRuns()
    {
        await using var host = await TestServerHost.StartReadyAsync(
            await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:MaxAnswerBytes"] = "65536" });

        var response = await host.Client.PostAsJsonAsync("/v1/recommendations:batch", new { customerIds = Enumerable.Repeat("c1", 100), k = 100 }, Ct);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "100 customers × k = 100", "send fewer customers per request or a smaller k");
    }

    [Theory]
    [InlineData("FP16", "70000", "within FP16's range (±65504)")]
    [InlineData("FP16", "-65505", "within FP16's range (±65504)")]
    [InlineData("FP32", "1e39", "within FP32's range (±3.4028235E+38)")]
    public async Task V2_NumberOutsideItsDatatypesRange_IsRefused(string datatype, string value, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""
            {"inputs": [{"name": "recency_days", "shape": [1], "datatype": "{{datatype}}", "data": [{{value}}]},
              {"name": "frequency", "shape": [1], "datatype": "FP64", "data": [1]},
              {"name": "avg_monetary", "shape": [1], "datatype": "FP64", "data": [1]},
              {"name": "loyalty_member", "shape": [1], "datatype": "BOOL", "data": [false]},
              {"name": "days_since_join", "shape": [1], "datatype": "FP64", "data": [1]}]}
            """);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, $"data[0] must be a finite number {message} for datatype {datatype}");
    }

    [Fact]
    public async Task V2_Fp16AtTheEdgeOfItsRange_IsAccepted()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", """
            {"inputs": [{"name": "recency_days", "shape": [1], "datatype": "FP16", "data": [65504]},
              {"name": "frequency", "shape": [1], "datatype": "FP64", "data": [1]},
              {"name": "avg_monetary", "shape": [1], "datatype": "FP64", "data": [1]},
              {"name": "loyalty_member", "shape": [1], "datatype": "BOOL", "data": [false]},
              {"name": "days_since_join", "shape": [1], "datatype": "FP64", "data": [1]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task V2_BytesElementLongerThanMaxStringLength_IsRefused()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var huge = new string('c', 300);

        var response = await host.Client.PostJsonAsync($"/v2/models/{TestModels.Churn}/infer", $$"""
            {"inputs": [{"name": "customer_id", "shape": [2], "datatype": "BYTES", "data": ["c1", "{{huge}}"]}]}
            """);

        await ProtocolAssert.IsErrorAsync(response, HttpStatusCode.BadRequest, "'customer_id': data[1] holds 300 characters; at most 256 (MaxStringLength) are accepted.");
    }

    [Theory]
    [InlineData("/v1/churn", """{"customerId": "ID"}""", "customerId holds 300 characters; at most 256 (MaxStringLength)")]
    [InlineData("/v1/churn", """{"customerId": "c1", "attributes": {"Contract": "ID"}}""", "attributes.Contract holds 300 characters")]
    [InlineData("/v1/recommendations:batch", """{"customerIds": ["c1"], "model": "ID"}""", "model holds 300 characters")]
    public async Task Rest_StringLongerThanMaxStringLength_IsRefusedNamingTheField(string path, string json, string message)
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostJsonAsync(path, json.Replace("ID", new string('x', 300), StringComparison.Ordinal));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, message);
    }

    [Fact]
    public async Task RecommendationBatch_WithALongCustomerId_FailsThatItemWithoutEchoingIt()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.PostAsJsonAsync("/v1/recommendations:batch", new { customerIds = new[] { "c1", new string('x', 300) } }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("results")[1];
        Assert.Equal(JsonValueKind.Null, item.GetProperty("customerId").ValueKind);
        Assert.Contains("customerIds[1] holds 300 characters", item.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
