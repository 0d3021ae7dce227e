using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// Shoppers asking the inference Pods for recommendations, as a Service spreads them: a steady stream on a task of
/// its own, from <see cref="Start"/> until disposed, one request after another over the ports in turn with
/// <c>pause</c> between them. How many requests an analysis interval sees so depends on the pause, not on how fast the
/// test's own loop reads the status on a loaded machine (a loop that did both starved the intervals of requests).
/// Counts each Pod's answers, and those that were not a success.
/// </summary>
internal sealed class Shoppers : IAsyncDisposable
{
    /// <summary>How long the analysis may show no change at all before the wait gives up: many intervals' worth.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stop;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<int, int> _answers = new();
    private readonly ConcurrentDictionary<int, int> _failures = new();
    private readonly Task _shopping;

    private Shoppers(string model, IReadOnlyList<int> ports, TimeSpan pause, CancellationToken cancellationToken)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _shopping = Task.Run(() => ShopAsync(model, ports, pause, _stop.Token), CancellationToken.None);
    }

    public static Shoppers Start(string model, IReadOnlyList<int> ports, TimeSpan pause, CancellationToken cancellationToken) => new(model, ports, pause, cancellationToken);

    public int Answers(int port) => _answers.GetValueOrDefault(port);

    /// <summary>Answers of <paramref name="port"/> that were not a 2xx.</summary>
    public int Failures(int port) => _failures.GetValueOrDefault(port);

    /// <summary>
    /// Reads the ModelDeployment while the shoppers shop until <paramref name="done"/> holds. Bounded by progress, not
    /// by a count of rounds: it gives up only when nothing in the analysis moved (versions, phase, step, judged
    /// intervals) for <see cref="Stall"/>, failing with what the analysis went through and when.
    /// </summary>
    public async Task<ModelDeployment> UntilAsync(ClusterClient cluster, string name, Func<ModelDeployment, bool> done, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var history = new List<string>();
        var movedAt = TimeSpan.Zero;
        string? last = null;
        while (true)
        {
            if (_shopping.IsFaulted)
            {
                await _shopping;
            }

            var md = await cluster.ModelDeploymentAsync(name, cancellationToken);
            if (done(md))
            {
                return md;
            }

            var state = Describe(md);
            if (state != last)
            {
                history.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:0.0} s: {state}"));
                (last, movedAt) = (state, clock.Elapsed);
            }
            else if (clock.Elapsed - movedAt > Stall)
            {
                Assert.Fail($"The analysis showed no change for {Stall.TotalSeconds} s; it went:\n{string.Join('\n', history)}\nlast message: {md.Status?.Analysis?.Message}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _shopping;
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }

        _stop.Dispose();
        _http.Dispose();
    }

    private static string Describe(ModelDeployment md) => md.Status is not { } s ? "no status"
        : $"current {s.CurrentVersion}, candidate {s.CandidateVersion}, last failure {s.ModelStatus?.LastFailureInfo?.Version}; "
          + (s.Analysis is not { } a ? "no analysis" : $"{a.Phase} at step {a.Step}: {a.SuccessfulChecks} successful, {a.FailedChecks} failed, {a.InconclusiveChecks} inconclusive");

    private async Task ShopAsync(string model, IReadOnlyList<int> ports, TimeSpan pause, CancellationToken cancellationToken)
    {
        for (var shopper = 0; !cancellationToken.IsCancellationRequested; shopper++)
        {
            var port = ports[shopper % ports.Count];
            var customer = string.Create(CultureInfo.InvariantCulture, $"C{shopper / ports.Count % 200 + 1:D5}");
            using var answer = await _http.GetAsync(new Uri($"http://127.0.0.1:{port}/v1/recommendations/{customer}?model={model}"), cancellationToken);
            _answers.AddOrUpdate(port, 1, (_, n) => n + 1);
            if (!answer.IsSuccessStatusCode)
            {
                _failures.AddOrUpdate(port, 1, (_, n) => n + 1);
            }

            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, cancellationToken);
            }
        }
    }
}
