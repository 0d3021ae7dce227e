using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Finished answer bodies of the default-shaped requests — a known customer's recommendations and a known product's
/// similar products (GET, default <c>k</c>, no options), a known customer's churn (<c>POST /v1/churn</c> with only
/// <c>customerId</c>), and a known customer's top-k through the Open Inference Protocol (one <c>customer_id</c>,
/// default <c>k</c>, no <c>id</c> or <c>outputs</c>; also under the request body's bytes, <see cref="Endpoints.RepeatedBody"/>)
/// — serialized once by the normal path and then written as they
/// are: the request pays no model call, lookups or JSON writing. The bodies belong to the served version
/// (kept per <see cref="ModelEntry"/>, weakly), so a hot swap starts an empty cache and the old one goes with the
/// old entry. Memory is bounded per version by <see cref="InferenceOptions.MaxCachedAnswerBytes"/>: past it, answers
/// are built per request as before.
/// </summary>
public sealed class AnswerCache(IOptions<InferenceOptions> options)
{
    /// <summary>About what a dictionary entry and its key cost besides the body, counted against the budget.</summary>
    internal const int OverheadBytes = 96;

    private readonly long _budget = options.Value.MaxCachedAnswerBytes;
    private readonly ConditionalWeakTable<ModelEntry, Tables> _byEntry = [];

    public bool Enabled => _budget > 0;

    public CachedAnswer? Find(ModelEntry entry, AnswerKind kind, string id) =>
        _budget > 0 && _byEntry.TryGetValue(entry, out var tables) && tables.Of(kind).TryGetValue(id, out var answer) ? answer : null;

    /// <summary>The same lookup by an id still in a buffer: nothing is allocated (the tables' ordinal comparer compares spans with strings).</summary>
    public CachedAnswer? Find(ModelEntry entry, AnswerKind kind, ReadOnlySpan<char> id) =>
        _budget > 0 && _byEntry.TryGetValue(entry, out var tables) && tables.Of(kind).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(id, out var answer)
            ? answer
            : null;

    /// <summary>Keeps <paramref name="answer"/> unless the version's budget would be exceeded; true when kept.</summary>
    public bool TryAdd(ModelEntry entry, AnswerKind kind, string id, CachedAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (_budget <= 0)
        {
            return false;
        }

        var tables = _byEntry.GetValue(entry, static _ => new Tables());
        var cost = answer.Body.Length + (id.Length * 2) + OverheadBytes;
        if (Interlocked.Add(ref tables.Bytes, cost) > _budget)
        {
            Interlocked.Add(ref tables.Bytes, -cost);
            return false;
        }

        if (!tables.Of(kind).TryAdd(id, answer))
        {
            Interlocked.Add(ref tables.Bytes, -cost);
            return false;
        }

        return true;
    }

    /// <summary>Bytes counted against the budget of <paramref name="entry"/>'s version.</summary>
    public long BytesOf(ModelEntry entry) => _byEntry.TryGetValue(entry, out var tables) ? Volatile.Read(ref tables.Bytes) : 0;

    private sealed class Tables
    {
        public long Bytes;

        // One table per kind, indexed by its value: the same id (a customer) has a different answer per endpoint.
        private readonly ConcurrentDictionary<string, CachedAnswer>[] _tables =
            [.. Enum.GetValues<AnswerKind>().Select(_ => new ConcurrentDictionary<string, CachedAnswer>(StringComparer.Ordinal))];

        public ConcurrentDictionary<string, CachedAnswer> Of(AnswerKind kind) => _tables[(int)kind];
    }
}

/// <summary>Which endpoint's answers: each has its own table, keyed by the id its default request names.</summary>
public enum AnswerKind
{
    /// <summary><c>GET /v1/recommendations/{customerId}</c>, keyed by customer.</summary>
    Recommendations,

    /// <summary><c>GET /v1/products/{productId}/similar</c>, keyed by product.</summary>
    Similar,

    /// <summary><c>POST /v1/churn</c> with only <c>customerId</c>, keyed by customer.</summary>
    Churn,

    /// <summary><c>POST /v2/models/{name}/infer</c> for one <c>customer_id</c> and the default <c>k</c>, keyed by customer.</summary>
    InferRecommendations,

    /// <summary>The same answers, keyed by the request body that asked for them (<see cref="Endpoints.RepeatedBody"/>).</summary>
    InferBody,
}

/// <summary>
/// A finished 200 JSON body, with what the handler's debug log line says about it: the number of products and the
/// fallback for recommendations, the prediction for churn.
/// </summary>
public sealed record CachedAnswer(byte[] Body, int Count, string? Fallback)
{
    /// <summary>The churn prediction the body holds (<see cref="AnswerKind.Churn"/> only).</summary>
    public EcommerceMl.Ml.Churn.ChurnPrediction? Churn { get; init; }
}
