using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>Per-client rate and concurrency limits and the request timeout (Hosting/ClientLimits).</summary>
public sealed class ClientLimitsTests
{
    private static readonly IPAddress Alice = IPAddress.Parse("10.0.0.1");
    private static readonly IPAddress Bob = IPAddress.Parse("10.0.0.2");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Client_PastItsRateAndBurst_Gets429WithRetryAfter_WhileOthersAndProbesAreServed()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?>
        {
            ["Ecml:Inference:RateLimitPerSecond"] = "1",
            ["Ecml:Inference:RateLimitBurst"] = "3",
        });

        var alice = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            alice.Add((HttpStatusCode)(await GetAsync(host, Alice, "/v1/models")).Response.StatusCode);
        }

        var refused = await GetAsync(host, Alice, "/v1/models");
        var bob = await GetAsync(host, Bob, "/v1/models");
        var probe = await GetAsync(host, Alice, "/readyz");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], alice);
        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.True(int.Parse(refused.Response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Contains("Too many requests from this client: at most 1 per second (RateLimitPerSecond, bursts of 3)", await BodyAsync(refused), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status200OK, bob.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, probe.Response.StatusCode);
    }

    [Fact]
    public async Task Client_PastItsRateOnAProtocolRoute_GetsTheProtocolsErrorShape()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?>
        {
            ["Ecml:Inference:RateLimitPerSecond"] = "1",
            ["Ecml:Inference:RateLimitBurst"] = "1",
        });

        await GetAsync(host, Alice, "/v2");
        var refused = await GetAsync(host, Alice, "/v2");

        Assert.Equal(StatusCodes.Status429TooManyRequests, refused.Response.StatusCode);
        Assert.StartsWith("{\"error\":\"Too many requests from this client", await BodyAsync(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_PastItsConcurrentRequests_Gets429UntilOneFinishes()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?>
        {
            ["Ecml:Inference:MaxConcurrentRequestsPerClient"] = "1",
        });
        var body = new SlowBody();

        // The first request is in progress while its body has not arrived.
        var first = host.App.GetTestServer().SendAsync(c => Request(c, Alice, "POST", $"/v2/models/{TestModels.Churn}/infer", body), Ct);
        await body.Started.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var second = await GetAsync(host, Alice, "/v1/models");
        var other = await GetAsync(host, Bob, "/v1/models");
        body.Finish("""{"inputs": [{"name": "customer_id", "shape": [1], "datatype": "BYTES", "data": ["c1"]}]}""");
        var finished = await first;
        var after = await GetAsync(host, Alice, "/v1/models");

        Assert.Equal(StatusCodes.Status429TooManyRequests, second.Response.StatusCode);
        Assert.Contains("and 1 at once (MaxConcurrentRequestsPerClient)", await BodyAsync(second), StringComparison.Ordinal);
        Assert.Equal(StatusCodes.Status200OK, other.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, finished.Response.StatusCode);
        Assert.Equal(StatusCodes.Status200OK, after.Response.StatusCode);
    }

    [Fact]
    public async Task Request_WhoseBodyDoesNotArriveWithinRequestTimeout_Gets504SayingSo()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?>
        {
            ["Ecml:Inference:RequestTimeout"] = "00:00:00.200",
        });
        var body = new SlowBody();

        var response = await host.App.GetTestServer().SendAsync(c => Request(c, Alice, "POST", $"/v2/models/{TestModels.Churn}/infer", body), Ct)
            .WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal(StatusCodes.Status504GatewayTimeout, response.Response.StatusCode);
        Assert.Contains("did not finish within RequestTimeout (0.2 s)", await BodyAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestTimeout_IsOnEveryPostEndpoint_AndNoGet()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync());

        var endpoints = host.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [], Timeout: e.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Timeouts.RequestTimeoutAttribute>()))
            .ToList();

        var posts = endpoints.Where(e => e.Methods.Contains("POST")).ToList();
        Assert.True(posts.Count >= 8, $"{posts.Count} POST endpoints");
        Assert.All(posts, e => Assert.Equal("ecml-request", e.Timeout?.PolicyName));
        Assert.All(endpoints.Where(e => !e.Methods.Contains("POST")), e => Assert.Null(e.Timeout));
    }

    [Fact]
    public async Task Limits_SetToZero_AreOff()
    {
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), new Dictionary<string, string?>
        {
            ["Ecml:Inference:RateLimitPerSecond"] = "0",
            ["Ecml:Inference:MaxConcurrentRequestsPerClient"] = "0",
            ["Ecml:Inference:RequestTimeout"] = "00:00:00",
        });

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(StatusCodes.Status200OK, (await GetAsync(host, Alice, "/v1/models")).Response.StatusCode);
        }
    }

    private static Task<HttpContext> GetAsync(TestServerHost host, IPAddress client, string path) =>
        host.App.GetTestServer().SendAsync(c => Request(c, client, "GET", path, null), Ct);

    private static void Request(HttpContext context, IPAddress client, string method, string path, Stream? body)
    {
        context.Connection.RemoteIpAddress = client;
        context.Request.Method = method;
        context.Request.Path = path;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = body;
        }
    }

    private static async Task<string> BodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Response.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(Ct);
    }

    /// <summary>A request body that arrives only when the test says so (a slow client), honouring the read's cancellation.</summary>
    private sealed class SlowBody : Stream
    {
        private readonly TaskCompletionSource<byte[]> _content = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private byte[]? _bytes;
        private int _position;

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Finish(string json) => _content.TrySetResult(Encoding.UTF8.GetBytes(json));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            _bytes ??= await _content.Task.WaitAsync(cancellationToken);
            var count = Math.Min(buffer.Length, _bytes.Length - _position);
            _bytes.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("read asynchronously");

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
