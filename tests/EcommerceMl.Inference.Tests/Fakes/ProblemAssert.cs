namespace EcommerceMl.Inference.Tests.Fakes;

internal static class ProblemAssert
{
    /// <summary>Asserts an RFC 7807 answer with the status and a detail containing each fragment; returns the body.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, params string[] detailContains)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        var detail = body.TryGetProperty("detail", out var d) ? d.GetString() ?? "" : "";
        foreach (var fragment in detailContains)
        {
            Assert.Contains(fragment, detail, StringComparison.Ordinal);
        }

        return body;
    }
}
