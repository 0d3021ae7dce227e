using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Tests.Tracker;

public sealed class TrackerEndpointsTests
{
    private const string Shop = "https://shop.example";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TrackerJs_IsServedAsJavaScript_CacheableForAnHour_AndRevalidatedByItsETag()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var response = await host.Client.GetAsync("/v1/tracker.js", Ct);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/v1/tracker.js");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        var revalidated = await host.Client.SendAsync(again, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("ecml.track", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task EventsPreflight_FromAListedShopOrigin_IsAllowed_AndFromAnyOtherIsNot()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:TrackerOrigins:0"] = Shop });

        var allowed = await host.Client.SendAsync(Preflight(Shop), Ct);
        var other = await host.Client.SendAsync(Preflight("https://evil.example"), Ct);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Shop, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", allowed.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("3600", allowed.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Events_WithoutListedOrigins_AnswerNoCorsHeaders_AndOtherRoutesNeverDo()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?> { ["Ecml:Inference:TrackerOrigins:0"] = Shop });

        var events = await host.Client.SendAsync(Preflight("https://evil.example"), Ct);
        using var forecast = new HttpRequestMessage(HttpMethod.Options, "/v1/forecast");
        forecast.Headers.Add("Origin", Shop);
        forecast.Headers.Add("Access-Control-Request-Method", "POST");
        var answer = await host.Client.SendAsync(forecast, Ct);

        Assert.False(events.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("https://shop.example/")]
    [InlineData("shop.example")]
    [InlineData("ftp://shop.example")]
    [InlineData("https://shop.example/path")]
    public async Task TrackerOrigins_ThatAreNotOrigins_StopTheServerNamingTheKey(string origin)
    {
        var store = await TestModels.StoreWithAllAsync();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:TrackerOrigins:0"] = origin }));

        Assert.Contains($"Ecml:Inference:TrackerOrigins entry '{origin}' is not an origin", ex.Message, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v1/events");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
