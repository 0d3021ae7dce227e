// The fastest this machine can answer an HTTP request of a given size: Kestrel, no routing work beyond one
// template, no JSON, no model. GET or POST /{bytes} answers `bytes` bytes of JSON-typed constant content
// (a POST body is read and dropped first, as the real server must read it). bench/inference/run.sh compares
// the inference server against it, endpoint by endpoint, with the same response size.
using System.Collections.Concurrent;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();

// The inference server's Kestrel settings (InferenceServiceCollectionExtensions): no Server header, so both send
// the same headers. The GC mode is set for both processes by run.sh.
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
var app = builder.Build();
var bodies = new ConcurrentDictionary<int, byte[]>();

app.MapMethods("/{bytes:int}", ["GET", "POST"], async (int bytes, HttpContext context) =>
{
    if (HttpMethods.IsPost(context.Request.Method))
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
    }

    var body = bodies.GetOrAdd(Math.Clamp(bytes, 2, 1 << 20), n => [(byte)'"', .. Enumerable.Repeat((byte)'x', n - 2), (byte)'"']);
    context.Response.ContentType = "application/json; charset=utf-8";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body);
});

app.Run();
