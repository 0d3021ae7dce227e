// The HTTP metrics middleware as it was before the version label (62b609c, services/EcommerceMl.Inference/Observability/HttpRequestMetrics.cs),
// kept here only so LabelCost can time both in one process; its series are named the same, so it gets its own registry.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace LabelCost;

/// <summary>
/// Per-request HTTP metrics, exported under the names, types, labels and buckets prometheus-net's
/// <c>UseHttpMetrics</c> used (dashboards and alerts keep working): <c>http_requests_in_progress</c>,
/// <c>http_requests_received_total</c> and the <c>http_request_duration_seconds</c> histogram, labelled
/// <c>code</c>, <c>method</c>, <c>controller</c>, <c>action</c>, <c>model</c>, <c>endpoint</c> (no <c>code</c> on the
/// gauge). One middleware instead of three, and the labelled children are cached per endpoint and method, with
/// the last (code, model) pair remembered: in steady state a request costs one dictionary lookup (the endpoint by
/// reference, the method), two timestamps and three atomic updates, with no label array or status-code string built.
/// </summary>
/// <remarks>
/// Label values match what <c>UseHttpMetrics</c> exported: <c>endpoint</c> is the route pattern of the matched
/// <see cref="RouteEndpoint"/> ("" when no route matched, and for the 405 endpoint); <c>controller</c> and
/// <c>action</c> are always "" (no MVC here); <c>model</c> is the answering entry's name read when
/// the response is done, so the in-progress gauge always carries "" (the model is not known before the handler).
/// Requests to exactly <c>/metrics</c> are not measured, as before. Two deliberate differences: a request whose
/// exception escapes the handler counts as 500, the answer the exception handler then gives, where
/// <c>UseHttpMetrics</c> recorded the 200 the response still held; and a non-standard method is labelled "OTHER".
/// </remarks>
public sealed class HttpRequestMetricsBefore
{
    private const string NoMvc = "";

    private static readonly PathString MetricsPath = new("/metrics");

    private static readonly string[] StandardMethods =
    [
        HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Head,
        HttpMethods.Options, HttpMethods.Patch, HttpMethods.Trace, HttpMethods.Connect,
    ];

    private static readonly string[] Labels = ["code", "method", "controller", "action", "model", "endpoint"];

    private readonly Gauge _inProgress;
    private readonly Counter _received;
    private readonly Histogram _duration;

    // Endpoint objects live as long as the app's route table, so they key by reference: no pattern string hashed.
    private readonly ConcurrentDictionary<EndpointKey, EndpointSeries> _byEndpoint = new();

    public HttpRequestMetricsBefore(IMetricFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _inProgress = factory.CreateGauge(
            "http_requests_in_progress",
            "The number of requests currently in progress in the ASP.NET Core pipeline. One series without controller/action label values counts all in-progress requests, with separate series existing for each controller-action pair.",
            ["method", "controller", "action", "model", "endpoint"]);
        _received = factory.CreateCounter(
            "http_requests_received_total",
            "Provides the count of HTTP requests that have been processed by the ASP.NET Core pipeline.",
            Labels);
        _duration = factory.CreateHistogram(
            "http_request_duration_seconds",
            "The duration of HTTP requests processed by an ASP.NET Core application.",
            new HistogramConfiguration
            {
                LabelNames = Labels,
                // prometheus-net's default for this histogram: 1 ms to 32.768 s, doubling.
                Buckets = Histogram.ExponentialBuckets(0.001, 2, 16),
            });
    }

    /// <summary>The middleware, for <c>app.Use</c> after <c>UseRouting</c> so the matched endpoint is known.</summary>
    public RequestDelegate Middleware(RequestDelegate next) =>
        // Scrapes are not counted, as UseHttpMetrics skipped them (its UseWhen on the same case-insensitive path).
        context => context.Request.Path == MetricsPath ? next(context) : InvokeAsync(context, next);

    private async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var series = For(context.GetEndpoint(), context.Request.Method);
        series.InProgress.Inc();
        var start = Stopwatch.GetTimestamp();
        var failed = true;
        try
        {
            await next(context);
            failed = false;
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            series.InProgress.Dec();
            var code = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var done = series.Completed(code, (context.Features.Get<EcommerceMl.Inference.Models.ModelEntry>()?.Name ?? ""));
            done.Received.Inc();
            done.Duration.Observe(elapsed);
        }
    }

    private EndpointSeries For(Endpoint? endpoint, string method)
    {
        var key = new EndpointKey(endpoint, BoundedMethod(method));
        return _byEndpoint.TryGetValue(key, out var series)
            ? series
            : _byEndpoint.GetOrAdd(key, static (k, self) => new EndpointSeries(self, k), this);
    }

    /// <summary>
    /// The method label: the standard methods by name, anything else a client invents as "OTHER", so a client
    /// cannot grow the series (and this cache) without bound, which UseHttpMetrics allowed.
    /// </summary>
    internal static string BoundedMethod(string method)
    {
        // A loop, not LINQ: this runs on every request and a capturing lambda would allocate.
        foreach (var standard in StandardMethods)
        {
            if (string.Equals(standard, method, StringComparison.OrdinalIgnoreCase))
            {
                return standard;
            }
        }

        return "OTHER";
    }

    /// <summary>The label value UseHttpMetrics gave: the route pattern, "" without a route endpoint.</summary>
    internal static string EndpointLabel(Endpoint? endpoint) => (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? "";

    private readonly record struct EndpointKey(Endpoint? Endpoint, string Method);

    private readonly record struct OutcomeKey(int Code, string Model);

    private sealed record Outcome(int Code, string Model, Counter.Child Received, Histogram.Child Duration);

    /// <summary>The series of one endpoint and method: its in-progress child and its children per outcome.</summary>
    private sealed class EndpointSeries
    {
        private readonly HttpRequestMetricsBefore _owner;
        private readonly string _method;
        private readonly string _endpoint;
        private readonly ConcurrentDictionary<OutcomeKey, Outcome> _outcomes = new();

        // Most requests to an endpoint end the same way, so the last outcome is checked before the dictionary.
        // A plain reference (atomic to read and write): a stale read only costs the dictionary lookup.
        private Outcome? _last;

        public EndpointSeries(HttpRequestMetricsBefore owner, EndpointKey key)
        {
            _owner = owner;
            _method = key.Method;
            _endpoint = EndpointLabel(key.Endpoint);
            // The model is only known once the handler ran, so the gauge's model label is always "" (as before).
            InProgress = owner._inProgress.WithLabels(_method, NoMvc, NoMvc, "", _endpoint);
        }

        public Gauge.Child InProgress { get; }

        public Outcome Completed(int code, string model)
        {
            var last = _last;
            if (last is not null && last.Code == code && string.Equals(last.Model, model, StringComparison.Ordinal))
            {
                return last;
            }

            var outcome = _outcomes.GetOrAdd(new OutcomeKey(code, model), static (k, s) => s.Create(k), this);
            _last = outcome;
            return outcome;
        }

        private Outcome Create(OutcomeKey outcome)
        {
            string[] labels = [outcome.Code.ToString(CultureInfo.InvariantCulture), _method, NoMvc, NoMvc, outcome.Model, _endpoint];
            return new Outcome(outcome.Code, outcome.Model, _owner._received.WithLabels(labels), _owner._duration.WithLabels(labels));
        }
    }
}
