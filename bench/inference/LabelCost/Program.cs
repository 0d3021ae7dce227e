using System.Diagnostics;
using EcommerceMl.Artifacts;
using EcommerceMl.Contracts;
using EcommerceMl.Inference;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using Microsoft.AspNetCore.Routing.Patterns;
using Prometheus;

// What the serving metrics cost one request, measured in a loop on this thread rather than through wrk (on a busy
// machine a loop's fastest rounds still show the work itself): the whole HTTP metrics middleware with the answering
// version's labels (the version label is one more reference comparison in its cached-outcome check), the same when
// no model answered, and the recommendation answer counter.
//   dotnet run -c Release --project bench/inference/LabelCost [iterations]
// For each: the fastest of ROUNDS rounds in ns per request, and bytes allocated per request. The middleware as it was
// before the label (HttpRequestMetricsBefore.cs, a copy of 62b609c's) is timed beside it, alternating.
var iterations = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2_000_000;
const int Rounds = 7;

var store = Directory.CreateTempSubdirectory("ecml-labelcost-");
await using var app = InferenceApp.Build(["--environment", "Production"], new LocalModelStore(store.FullName), []);
var metrics = app.Services.GetRequiredService<InferenceMetrics>();
var http = new HttpRequestMetrics(Metrics.WithCustomRegistry(metrics.Registry));
var middleware = http.Middleware(_ => Task.CompletedTask);
var entry = new ModelEntry(
    "recs", null, ModelStatus.Loaded,
    new ModelManifest
    {
        Model = "recs", Version = "20261206T000000Z-aaaaaa", Task = "recommendation", Algorithm = "item-cosine", CreatedAt = DateTimeOffset.UtcNow,
        Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null), Files = new Dictionary<string, string>(),
    },
    null, DateTimeOffset.UtcNow, null, 1);
var endpoint = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/v1/recommendations/{customerId}"), 0, null, "GetRecommendations");

// The middleware before the version label (62b609c), in its own registry: the same series names.
var before = new LabelCost.HttpRequestMetricsBefore(Metrics.WithCustomRegistry(Metrics.NewCustomRegistry())).Middleware(_ => Task.CompletedTask);
var answered = NewContext(entry);
var unanswered = NewContext(null);
// Alternated, so the machine's swings fall on both.
for (var pass = 1; pass <= 2; pass++)
{
    Measure($"[{pass}] HTTP metrics middleware, answered by a model version, with the version label", () => Wait(middleware(answered)));
    Measure($"[{pass}] HTTP metrics middleware, answered by a model version, before the version label (62b609c)", () => Wait(before(answered)));
    Measure($"[{pass}] HTTP metrics middleware, no model answered, with the version label", () => Wait(middleware(unanswered)));
    Measure($"[{pass}] HTTP metrics middleware, no model answered, before the version label (62b609c)", () => Wait(before(unanswered)));
}

Measure("recommendation answer counter (ecml_recommendations_answered_total)", () => metrics.CountRecommendationAnswer(entry));
store.Delete(recursive: true);

DefaultHttpContext NewContext(ModelEntry? model)
{
    var context = new DefaultHttpContext();
    context.Request.Method = HttpMethods.Get;
    context.Request.Path = "/v1/recommendations/C00013";
    context.SetEndpoint(endpoint);
    context.Response.StatusCode = StatusCodes.Status200OK;
    if (model is not null)
    {
        AnsweringModel.Set(context, model);
    }

    return context;
}

static void Wait(Task task)
{
    if (!task.IsCompletedSuccessfully)
    {
        task.GetAwaiter().GetResult();
    }
}

void Measure(string name, Action request)
{
    for (var i = 0; i < 100_000; i++)
    {
        request(); // warm-up: JIT tiers
    }

    var best = double.MaxValue;
    long bytes = 0;
    for (var round = 0; round < Rounds; round++)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            request();
        }

        best = Math.Min(best, clock.Elapsed.TotalNanoseconds / iterations);
        bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / iterations;
    }

    Console.WriteLine($"{name}: {best:F0} ns, {bytes} B per request");
}
