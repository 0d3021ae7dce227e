namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// Which keys a shard owns: the keys sorted in <see cref="KeyOrder"/> and cut into <c>shards</c> contiguous
/// ranges of sizes differing by at most one. Every key is in exactly one range, and the ranges depend only on
/// the keys and the shard count, so shards computed in different processes never overlap or leave a gap.
/// </summary>
public sealed record ShardRange(int Shard, int Shards, IReadOnlyList<string> Keys)
{
    public string? First => Keys.Count > 0 ? Keys[0] : null;

    public string? Last => Keys.Count > 0 ? Keys[^1] : null;

    public static ShardRange Of(IEnumerable<string> keys, int shard, int shards)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (shards < 1)
        {
            throw new ArgumentException($"shards must be at least 1, not {shards}");
        }

        if (shard < 0 || shard >= shards)
        {
            throw new ArgumentException($"shard {shard} does not exist: with {shards} shards they are numbered 0 to {shards - 1}");
        }

        var sorted = keys.Order(KeyOrder.Instance).ToArray();
        var (start, end) = Bounds(sorted.Length, shard, shards);
        return new ShardRange(shard, shards, new ArraySegment<string>(sorted, start, end - start));
    }

    /// <summary>The half-open index range [start, end) of shard <paramref name="shard"/> among <paramref name="count"/> sorted keys.</summary>
    public static (int Start, int End) Bounds(int count, int shard, int shards) =>
        ((int)((long)count * shard / shards), (int)((long)count * (shard + 1) / shards));
}
