using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Finished answer bodies of the default-shaped GET requests (a known customer's recommendations, a known product's
/// similar products, default <c>k</c>, no options), serialized once by the normal path and then written as they are:
/// the request pays no ranking lookup, product lookups or JSON writing. The bodies belong to the served version
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

        public ConcurrentDictionary<string, CachedAnswer> Recommendations { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, CachedAnswer> Similar { get; } = new(StringComparer.Ordinal);

        public ConcurrentDictionary<string, CachedAnswer> Of(AnswerKind kind) => kind == AnswerKind.Recommendations ? Recommendations : Similar;
    }
}

public enum AnswerKind
{
    Recommendations,
    Similar,
}

/// <summary>A finished 200 JSON body, with what the handler's debug log line says about it.</summary>
public sealed record CachedAnswer(byte[] Body, int Count, string? Fallback);
