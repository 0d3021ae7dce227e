using EcommerceMl.Inference.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>Prediction handlers get the application's singletons from their endpoint, so a request opens no DI scope for them.</summary>
public sealed class ServingServicesTests
{
    [Fact]
    public async Task EveryPredictionEndpoint_CarriesTheApplicationsServingServices()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var serving = host.App.Services.GetRequiredService<ServingServices>();

        var endpoints = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        var prediction = endpoints.Where(e => e.RoutePattern.RawText is { } p && (p.StartsWith("/v1/", StringComparison.Ordinal) || p.StartsWith("/v2/", StringComparison.Ordinal))).ToList();
        Assert.Contains(prediction, e => e.RoutePattern.RawText == "/v1/recommendations/{customerId}");
        Assert.Contains(prediction, e => e.RoutePattern.RawText == "/v2/models/{name}/infer");
        Assert.All(prediction, e => Assert.Same(serving, e.Metadata.GetMetadata<ServingServices>()));
    }

    [Fact]
    public async Task For_ReadsTheEndpointFirst_AndTheRequestScopeOnlyWithoutOne()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());
        var serving = host.App.Services.GetRequiredService<ServingServices>();

        // No request services at all: For must not need them when the endpoint carries the services.
        var routed = new DefaultHttpContext { RequestServices = null! };
        routed.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(serving), "prediction"));
        var unrouted = new DefaultHttpContext { RequestServices = host.App.Services };

        Assert.Same(serving, ServingServices.For(routed));
        Assert.Same(serving, ServingServices.For(unrouted));
    }
}
