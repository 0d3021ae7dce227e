using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Cli.Simulate;

/// <summary>The few calls a storefront makes to the inference server, each answering success or a short error (never throwing for HTTP trouble).</summary>
internal sealed class InferenceClient(HttpClient http, TimeProvider time)
{
    /// <summary>Longest Retry-After honoured before the one retry of an event batch the sink had no room for.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    public sealed record RecommendResult(RecommendationAnswer? Answer, bool Fallback, string? Error);

    public sealed record EventsResult(int Accepted, IReadOnlyList<string> Refusals, string? Error);

    /// <summary>The recommendation models the server serves (GET /v1/models); throws <see cref="HttpRequestException"/> when it cannot be reached.</summary>
    public async Task<IReadOnlyList<string>> RecommendationModelsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("v1/models", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET /v1/models answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        return [.. body.RootElement.GetProperty("models").EnumerateArray()
            .Where(m => m.TryGetProperty("task", out var task) && task.GetString() == ModelTask.Recommendation)
            .Select(m => m.GetProperty("name").GetString()!)];
    }

    public async Task<RecommendResult> RecommendAsync(string shopper, string model, CancellationToken cancellationToken)
    {
        const string what = "GET /v1/recommendations";
        try
        {
            using var response = await http.GetAsync(
                $"v1/recommendations/{Uri.EscapeDataString(shopper)}?model={Uri.EscapeDataString(model)}", cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return new(null, false, $"{what}: HTTP {(int)response.StatusCode}");
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
            var root = body.RootElement;
            var products = root.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("productId").GetString()!).ToList();
            var id = root.TryGetProperty("recommendationId", out var value) ? value.GetString() : null;
            var fallback = root.TryGetProperty("fallback", out var f) && f.ValueKind == JsonValueKind.String;
            return new(new RecommendationAnswer(id, products), fallback, null);
        }
        catch (Exception e) when (IsTransportError(e, cancellationToken))
        {
            return new(null, false, $"{what}: {Describe(e)}");
        }
    }

    public async Task<EventsResult> SendEventsAsync(IReadOnlyList<EventInput> events, CancellationToken cancellationToken)
    {
        const string what = "POST /v1/events";
        try
        {
            var body = new { schemaVersion = EventSchema.V2, events };
            using var first = await http.PostAsJsonAsync("v1/events", body, EventJson.Options, cancellationToken).ConfigureAwait(false);
            if (first.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                return await ReadAsync(first, what, cancellationToken).ConfigureAwait(false);
            }

            // The sink is behind: wait as asked (bounded) and send the batch once more; its ids make that safe.
            var wait = first.Headers.RetryAfter?.Delta is { } delta && delta < MaxRetryAfter ? delta : MaxRetryAfter;
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            using var retry = await http.PostAsJsonAsync("v1/events", body, EventJson.Options, cancellationToken).ConfigureAwait(false);
            var result = await ReadAsync(retry, what, cancellationToken).ConfigureAwait(false);
            return result.Error is null ? result : result with { Error = result.Error + " (after one retry)" };
        }
        catch (Exception e) when (IsTransportError(e, cancellationToken))
        {
            return new(0, [], $"{what}: {Describe(e)}");
        }
    }

    private static async Task<EventsResult> ReadAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return new(0, [], $"{what}: HTTP {(int)response.StatusCode}");
        }

        using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var refusals = body.RootElement.TryGetProperty("refused", out var refused)
            ? refused.EnumerateArray().SelectMany(r => r.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("message").GetString()!)).ToList()
            : [];
        return new(body.RootElement.GetProperty("accepted").GetInt32(), refusals, null);
    }

    /// <summary>A failure of the connection or an answer that is not the JSON expected — not the run being stopped.</summary>
    private static bool IsTransportError(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or JsonException or KeyNotFoundException or InvalidOperationException
        || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException => "timed out",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "cannot connect",
        HttpRequestException request => $"request failed ({request.HttpRequestError})",
        _ => "an answer that is not the expected JSON",
    };
}
