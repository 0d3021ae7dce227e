using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Local.Gateway;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Local.Gateway;

/// <summary>The gateway against a real backend on a loopback port, found through the local cluster's Service as local mode publishes it.</summary>
public sealed class LocalGatewayTests : IAsyncDisposable
{
    private readonly string _store = Directory.CreateTempSubdirectory("ecml-gateway-").FullName;
    private readonly LocalCluster _cluster = new(TimeProvider.System);
    private WebApplication? _backend;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        if (_backend is not null)
        {
            await _backend.DisposeAsync();
        }

        Directory.Delete(_store, recursive: true);
    }

    [Fact]
    public async Task Requests_AreForwardedToTheModelDeploymentsProcess_WithBodyAndStatus()
    {
        var address = await StartBackendAsync();
        await AddDeploymentAsync("shop-recommendations", address);
        await using var gateway = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        var answer = await client.PostAsJsonAsync("/v2/models/shop-recommendations/infer", new { id = "r1" }, Ct);
        var missing = await client.GetAsync("/v2/models/nope/ready", Ct);

        Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
        Assert.Equal("POST /v2/models/shop-recommendations/infer {\"id\":\"r1\"}", await answer.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ModelList_MergesEveryBackend_AndANotYetReadyOneMakesItNotReady()
    {
        var address = await StartBackendAsync();
        await AddDeploymentAsync("shop-recommendations", address);
        await AddDeploymentAsync("shop-recommendations-canary", address, model: "shop-recommendations");
        await AddDeploymentAsync("shop-sales", address: null);
        await using var gateway = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        var list = await client.GetFromJsonAsync<JsonObject>("/v1/models", Ct);
        var ready = await client.GetAsync("/readyz", Ct);

        Assert.False(list!["ready"]!.GetValue<bool>());
        Assert.Equal("shop-recommendations", Assert.Single(list["models"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.False(await gateway.AllReadyAsync(Ct));
    }

    [Fact]
    public async Task ExampleRequests_AreTheBackendsOwn_RewrittenToTheGatewaysAddress()
    {
        var address = await StartBackendAsync();
        await AddDeploymentAsync("shop-recommendations", address);
        await using var gateway = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);

        var lines = await gateway.ExampleRequestsAsync(Ct);

        Assert.Contains($"curl -s '{gateway.Url}/v1/recommendations/C1?k=5'", lines);
        Assert.Equal(lines.Distinct().Count(), lines.Count);
    }

    [Fact]
    public async Task Start_OnAnAddressInUse_SaysWhichAndWhatToDo_InOneLine()
    {
        await using var first = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => LocalGateway.StartAsync(first.Url, _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct));

        Assert.StartsWith($"--listen {first.Url}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("PORT=9090 make run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequest_ToAReplicaThatRefusesTheConnection_IsSentOnceMoreToAnother_BodyAndAll()
    {
        var live = await StartBackendAsync();
        await AddDeploymentAsync("shop-recommendations", live);
        await ListAsync("shop-recommendations", ClosedAddress(), live); // a replica stopping in a rollout, still listed
        await using var gateway = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        // The gateway draws among the entries, so some of these are routed to the closed port first.
        for (var i = 0; i < 20; i++)
        {
            var answer = await client.PostAsJsonAsync("/v2/models/shop-recommendations/infer", new { id = $"r{i}" }, Ct);

            Assert.Equal(HttpStatusCode.Accepted, answer.StatusCode);
            Assert.Equal($"POST /v2/models/shop-recommendations/infer {{\"id\":\"r{i}\"}}", await answer.Content.ReadAsStringAsync(Ct));
        }
    }

    [Fact]
    public async Task ARequest_WhenEveryReplicaRefusesTheConnection_IsA502ThatNamesTheModelDeployment()
    {
        await AddDeploymentAsync("shop-recommendations", ClosedAddress());
        await using var gateway = await LocalGateway.StartAsync("http://127.0.0.1:0", _cluster, ModelStores.Open(_store), NullLoggerFactory.Instance, Ct);
        using var client = new HttpClient { BaseAddress = new Uri(gateway.Url) };

        var answer = await client.GetAsync("/v2/models/shop-recommendations/ready", Ct);

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.Contains("ModelDeployment 'shop-recommendations' did not answer", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>A loopback address nothing listens on (a port the kernel just handed out and took back).</summary>
    private static Uri ClosedAddress()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}");
    }

    /// <summary>The ModelDeployment's Service lists these replicas, in this order.</summary>
    private async Task ListAsync(string name, params Uri[] addresses) =>
        await _cluster.UpdateStatusAsync<V1Service>("default", name, s => s.Status = new V1ServiceStatus
        {
            LoadBalancer = new V1LoadBalancerStatus { Ingress = [.. addresses.Select(a => new V1LoadBalancerIngress { Ip = "127.0.0.1", Ports = [new V1PortStatus { Port = a.Port, Protocol = "TCP" }] })] },
        });

    private async Task<Uri> StartBackendAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = builder.Build();
        _backend.MapGet("/v1/models", () => Results.Json(new { ready = true, models = new[] { new { name = "shop-recommendations", version = "20261123T014200Z-1a2b3c" } } }));
        _backend.MapGet("/v1/examples", (string baseUrl) => Results.Json(new { requests = new[] { $"curl -s '{baseUrl}/readyz'", $"curl -s '{baseUrl}/v1/recommendations/C1?k=5'" } }));
        _backend.MapPost("/v2/models/{name}/infer", async (string name, HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            return Results.Text($"POST /v2/models/{name}/infer {await reader.ReadToEndAsync()}", statusCode: 202);
        });
        await _backend.StartAsync(Ct);
        return new Uri(_backend.Urls.First());
    }

    private async Task AddDeploymentAsync(string name, Uri? address, string? model = null)
    {
        var deployment = await _cluster.CreateAsync(new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = model ?? name },
        }, Ct);
        await _cluster.CreateAsync(ModelDeploymentBuilder.BuildService(deployment), Ct);
        if (address is not null)
        {
            await _cluster.UpdateStatusAsync<V1Service>("default", ModelDeploymentBuilder.ServiceName(deployment), s => s.Status = new V1ServiceStatus
            {
                LoadBalancer = new V1LoadBalancerStatus { Ingress = [new V1LoadBalancerIngress { Ip = "127.0.0.1", Ports = [new V1PortStatus { Port = address.Port, Protocol = "TCP" }] }] },
            });
        }
    }
}
