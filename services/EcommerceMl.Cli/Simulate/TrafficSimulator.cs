using System.Globalization;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Cli.Simulate;

/// <summary>How much traffic: sessions per second, and until when — a duration or a number of sessions.</summary>
public sealed record TrafficLimits(double SessionsPerSecond, TimeSpan? Duration, int? Sessions);

/// <summary>
/// Runs shopper sessions against an inference server at a steady rate, one after another: each asks recommendations
/// for its shopper, then sends its events as one v2 batch (<see cref="SessionEvents"/>). A session that falls behind
/// its schedule starts at once; the run ends after the duration or the number of sessions, or when cancelled
/// (Ctrl+C), and what was done is counted either way.
/// </summary>
internal sealed class TrafficSimulator(InferenceClient client, ShopperTraffic traffic, TimeProvider time)
{
    public async Task<SimulationSummary> RunAsync(TrafficLimits limits, string? model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        var summary = new SimulationSummary();
        var started = time.GetUtcNow();
        var runId = $"sim-{started.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Guid.CreateVersion7(started).ToString("N")[^6..]}";
        try
        {
            for (var i = 0; limits.Sessions is not { } n || i < n; i++)
            {
                var due = TimeSpan.FromSeconds(i / limits.SessionsPerSecond);
                if (limits.Duration is { } duration && due >= duration)
                {
                    break;
                }

                var wait = started + due - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }

                await RunSessionAsync(traffic.Next(), model, runId, summary, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped by the user: the summary says what was done.
        }

        summary.Elapsed = time.GetUtcNow() - started;
        return summary;
    }

    private async Task RunSessionAsync(PlannedSession session, string? model, string runId, SimulationSummary summary, CancellationToken cancellationToken)
    {
        var answer = RecommendationAnswer.None;
        if (model is not null)
        {
            var recommended = await client.RecommendAsync(session.Shopper, model, cancellationToken).ConfigureAwait(false);
            if (recommended.Error is { } error)
            {
                summary.AddError(error);
            }
            else
            {
                answer = recommended.Answer!;
                summary.RecommendationsAnswered++;
                summary.Fallbacks += recommended.Fallback ? 1 : 0;
            }
        }

        var events = SessionEvents.For(session, answer, runId, time.GetUtcNow());
        var sent = await client.SendEventsAsync(events, cancellationToken).ConfigureAwait(false);
        summary.Sessions++;
        summary.EventsSent += events.Count;
        if (sent.Error is { } sendError)
        {
            summary.AddError(sendError);
            return;
        }

        summary.EventsAccepted += sent.Accepted;
        summary.EventsRefused += sent.Refusals.Count;
        summary.RefusalSamples.AddRange(sent.Refusals.Take(3 - summary.RefusalSamples.Count));
        var purchase = events[^1];
        if (sent.Refusals.Count == 0 && purchase.Type == EventSchema.Purchase)
        {
            summary.PurchasesSent++;
            summary.PurchasesAttributed += purchase.RecommendationId is null ? 0 : 1;
        }
    }
}
