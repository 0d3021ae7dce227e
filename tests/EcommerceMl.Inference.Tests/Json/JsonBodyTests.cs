using System.Text.Json.Serialization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.OpenInference;
using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Inference.Tests.Json;

/// <summary>The fast answers must be byte for byte what the reflection serializer (the server's JSON options) writes.</summary>
public sealed class JsonBodyTests
{
    private static readonly JsonSerializerOptions Reflection = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    [Fact]
    public async Task Recommendations_AreTheBytesTheReflectionSerializerWrites()
    {
        var response = new RecommendationsResponse("c<1>", "recs", "v1", "item-cosine", null,
        [
            new RecommendedProduct(1, "p1", "Crème brûlée & \"tea\"", null, 0.1 + 0.2),
            new RecommendedProduct(2, "p2", null, "coffee", 1e-7, 12.5),
        ]);

        var (bytes, http) = await ExecuteAsync(JsonBody.Ok(response, InferenceJsonContext.Default.RecommendationsResponse));

        Assert.Equal(JsonSerializer.Serialize(response, Reflection), bytes);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(bytes), http.Response.ContentLength);
        Assert.Equal("application/json; charset=utf-8", http.Response.ContentType);
        Assert.Equal(StatusCodes.Status200OK, http.Response.StatusCode);
    }

    [Fact]
    public async Task SimilarAndChurn_AreTheBytesTheReflectionSerializerWrites()
    {
        var similar = new SimilarProductsResponse("p1", "Beans", "recs", "v1", [new SimilarProductItem(1, "p2", "Papers", "coffee", 0.8, 2)]);
        var churn = new ChurnResponse(null, 0.123456789, "HIGH", "Send a win-back offer", "churn", "v1");

        Assert.Equal(JsonSerializer.Serialize(similar, Reflection), (await ExecuteAsync(JsonBody.Ok(similar, InferenceJsonContext.Default.SimilarProductsResponse))).Body);
        Assert.Equal(JsonSerializer.Serialize(churn, Reflection), (await ExecuteAsync(JsonBody.Ok(churn, InferenceJsonContext.Default.ChurnResponse))).Body);
    }

    [Fact]
    public async Task V2Outputs_WriteEachTensorsDataByItsRuntimeType()
    {
        var response = new InferenceResponse("recs", "v1", "req-1",
        [
            new ResponseOutput("item_ids", [1, 2], "BYTES", new[] { "p1", "p2" }),
            new ResponseOutput("scores", [1, 2], "FP32", new[] { 0.5f, 0.25f }),
            new ResponseOutput("yhat", [1], "FP64", new[] { 1.5 }),
        ]);

        var (bytes, _) = await ExecuteAsync(JsonBody.Ok(response, InferenceJsonContext.Default.InferenceResponse));

        Assert.Equal(JsonSerializer.Serialize(response, Reflection), bytes);
    }

    [Fact]
    public async Task ManyAnswersOnOneThread_DoNotLeakIntoEachOther()
    {
        var big = new ChurnResponse(new string('x', 10_000), 0.5, "LOW", "None", "churn", "v1");
        var small = new ChurnResponse("c1", 0.5, "LOW", "None", "churn", "v1");

        await ExecuteAsync(JsonBody.Ok(big, InferenceJsonContext.Default.ChurnResponse));
        var (bytes, _) = await ExecuteAsync(JsonBody.Ok(small, InferenceJsonContext.Default.ChurnResponse));

        Assert.Equal(JsonSerializer.Serialize(small, Reflection), bytes);
    }

    private static async Task<(string Body, HttpContext Http)> ExecuteAsync(IResult result)
    {
        var http = new DefaultHttpContext();
        using var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        return (System.Text.Encoding.UTF8.GetString(body.ToArray()), http);
    }
}
