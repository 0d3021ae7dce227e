namespace EcommerceMl.Inference.Tests.Fakes;

internal static class ProtocolAssert
{
    /// <summary>Asserts the inference protocols' error object, <c>{"error": "..."}</c> as plain JSON (not problem+json); returns the message.</summary>
    public static async Task<string> IsErrorAsync(HttpResponseMessage response, HttpStatusCode status, params string[] messageContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(["error"], body.EnumerateObject().Select(p => p.Name));
        var message = body.GetProperty("error").GetString() ?? "";
        foreach (var fragment in messageContains)
        {
            Assert.Contains(fragment, message, StringComparison.Ordinal);
        }

        return message;
    }

    /// <summary>POSTs raw JSON text.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json)
    {
        var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return client.PostAsync(path, content, TestContext.Current.CancellationToken);
    }

    /// <summary>The output tensor called <paramref name="name"/> of a V2 inference response.</summary>
    public static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    public static long[] Shape(JsonElement tensor) => [.. tensor.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64())];
}
