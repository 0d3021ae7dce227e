using System.Net;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>The interactive API page (Swagger UI at /docs) is served from the package's embedded files and reads our OpenAPI document.</summary>
public sealed class ApiPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApiPage_ServesSwaggerUiPointedAtTheOpenApiDocument()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var page = await host.Client.GetAsync("/docs/index.html", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var config = await host.Client.GetStringAsync("/docs/index.js", Ct);
        var bundle = await host.Client.GetAsync("/docs/swagger-ui-bundle.js", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("swagger-ui", html, StringComparison.Ordinal);
        Assert.Contains("EcommerceMl inference API", html, StringComparison.Ordinal);
        Assert.Contains("/openapi/v1.json", config, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True((await bundle.Content.ReadAsByteArrayAsync(Ct)).Length > 100_000, "the Swagger UI bundle is served from the package, not fetched");
    }

    [Fact]
    public async Task ApiPage_WithAnApiKeySet_NeedsTheKeyLikeTheRestOfTheApi()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:ApiKey"] = "s3cret" });

        var response = await host.Client.GetAsync("/docs/index.html", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
