using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text;
using EcommerceMl.Artifacts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Training;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

// What the inference server's own request path costs per request — hosting, every middleware, routing, binding, the
// handler, the answer — without sockets or HTTP parsing (which bare Kestrel pays as well): the server's composed
// application is driven in process by a stand-in for Kestrel (RequestCostServer), one request after another on this
// thread, each completing synchronously as a small POST does in the real server. On a busy machine the process's CPU
// time per request says more than requests/s through wrk; the medians and fastest of ROUNDS rounds are printed, with
// the bytes allocated per request (which load does not move at all).
//   dotnet run -c Release --project bench/inference/RequestCost -- <store> [iterations] [rounds] [only]
// [only]: run only the requests whose name contains it (e.g. "churn", "v2"), as when profiling one under perf.
// <store>: a model store with `recs` (item-cosine) and `churn` (logistic) trained on the synthetic shop (seed 7), as
// bench/inference/run.sh trains them. Same settings as run.sh: per-client limits on with a bound never reached.
var store = args.Length > 0 ? args[0] : throw new ArgumentException("usage: RequestCost <store> [iterations] [rounds]");
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50_000;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 9;
var only = args.Length > 3 ? args[3] : "";

var server = new RequestCostServer();
await using var app = InferenceApp.Build([], ModelStores.Open(store), TaskPipelines.All, builder =>
{
    builder.Logging.ClearProviders().AddConsole();
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Ecml:Inference:RateLimitPerSecond"] = "10000000",
        ["Ecml:Inference:RateLimitBurst"] = "10000000",
    });
    builder.Services.AddSingleton<IServer>(server);
});
await app.StartAsync();
await app.Services.GetRequiredService<ModelRegistry>().WaitUntilReadyAsync(CancellationToken.None);

var customer = "C00001";
var cases = new (string Name, string Path, string Body)[]
{
    ("POST /v1/churn", "/v1/churn", $$"""{"customerId":"{{customer}}"}"""),
    ("POST /v2/models/recs/infer", "/v2/models/recs/infer",
        $$"""{"inputs":[{"name":"customer_id","shape":[1],"datatype":"BYTES","data":["{{customer}}"]},{"name":"k","shape":[1],"datatype":"INT32","data":[10]}]}"""),
    // A body that is never kept (its answer echoes the id): looked up, missed, parsed and answered every time.
    ("POST /v2/models/recs/infer with an id", "/v2/models/recs/infer",
        $$"""{"id":"r-1","inputs":[{"name":"customer_id","shape":[1],"datatype":"BYTES","data":["{{customer}}"]},{"name":"k","shape":[1],"datatype":"INT32","data":[10]}]}"""),
};

Console.WriteLine($"{iterations} requests a round, {rounds} rounds, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
var requests = cases.Where(c => c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)).Select(c => (c.Name, c.Path, Body: Encoding.UTF8.GetBytes(c.Body))).ToList();
foreach (var (name, path, body) in requests)
{
    if (server.Send(path, body) != StatusCodes.Status200OK)
    {
        throw new InvalidOperationException($"{name} answered {server.Answer}");
    }
}

// Every case warmed before any is measured, so the JIT's tiers (compiled on background threads, whose CPU would be
// counted) have settled for the code the cases share.
for (var i = 0; i < 3 * iterations; i++)
{
    foreach (var (_, path, body) in requests)
    {
        server.Send(path, body);
    }
}

foreach (var (name, path, body) in requests)
{
    var asynchronous = server.Asynchronous;
    var cpu = new List<double>();
    var wall = new List<double>();
    long allocated = 0;
    for (var round = 0; round < rounds; round++)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var bytesBefore = GC.GetTotalAllocatedBytes(precise: false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            server.Send(path, body);
        }

        wall.Add(clock.Elapsed.TotalNanoseconds / iterations / 1000);
        process.Refresh();
        cpu.Add((process.TotalProcessorTime - cpuBefore).TotalNanoseconds / iterations / 1000);
        allocated = (GC.GetTotalAllocatedBytes(precise: false) - bytesBefore) / iterations;
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: CPU {Median(cpu):F2} µs (fastest {cpu.Min():F2}), wall {Median(wall):F2} µs (fastest {wall.Min():F2}), {allocated} B a request; answer {server.Answer.Length} bytes; {server.Asynchronous - asynchronous} of {(long)iterations * rounds} not synchronous"));
}

await app.StopAsync();

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>
/// Kestrel's place in the host: it is handed the composed application (hosting layer and pipeline) and sends it one
/// POST at a time with the features a Kestrel request has (a body that came with its headers, the client's address).
/// </summary>
internal sealed class RequestCostServer : IServer
{
    // Kept across requests and emptied before each: a MemoryStream writes and flushes synchronously, as Kestrel's
    // response body does when its buffer has room.
    private readonly MemoryStream _answer = new();
    private Func<string, byte[], int>? _send;

    public IFeatureCollection Features { get; } = new FeatureCollection();

    /// <summary>Requests that did not complete on the sending thread (waited for).</summary>
    public long Asynchronous { get; private set; }

    /// <summary>The last answer's body.</summary>
    public string Answer => Encoding.UTF8.GetString(_answer.GetBuffer(), 0, (int)_answer.Length);

    /// <summary>Sends a POST of <paramref name="body"/> (JSON) to <paramref name="path"/>; the answer's status.</summary>
    public int Send(string path, byte[] body) =>
        (_send ?? throw new InvalidOperationException("not started"))(path, body);

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull
    {
        var answer = _answer;
        _send = (path, body) =>
        {
            answer.SetLength(0);
            var request = new HttpRequestFeature
            {
                Method = HttpMethods.Post,
                Scheme = "http",
                Protocol = "HTTP/1.1",
                Path = path,
                Headers = { ["Content-Type"] = "application/json", ["Content-Length"] = body.Length.ToString(CultureInfo.InvariantCulture), ["Host"] = "127.0.0.1" },
            };
            var response = new HttpResponseFeature();
            var features = new FeatureCollection();
            features.Set<IHttpRequestFeature>(request);
            features.Set<IHttpResponseFeature>(response);
            features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(answer));
            features.Set<IRequestBodyPipeFeature>(new BodyPipe(PipeReader.Create(new ReadOnlySequence<byte>(body))));
            features.Set<IHttpRequestBodyDetectionFeature>(BodyDetection.HasBody);
            features.Set<IHttpConnectionFeature>(new HttpConnectionFeature { RemoteIpAddress = IPAddress.Loopback, LocalIpAddress = IPAddress.Loopback });
            features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature());

            var context = application.CreateContext(features);
            Exception? failure = null;
            try
            {
                var handled = application.ProcessRequestAsync(context);
                if (!handled.IsCompleted)
                {
                    Asynchronous++;
                }

                handled.GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                failure = e;
                throw;
            }
            finally
            {
                application.DisposeContext(context, failure);
            }

            return response.StatusCode;
        };
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    private sealed class BodyDetection : IHttpRequestBodyDetectionFeature
    {
        public static readonly BodyDetection HasBody = new();

        public bool CanHaveBody => true;
    }
}
