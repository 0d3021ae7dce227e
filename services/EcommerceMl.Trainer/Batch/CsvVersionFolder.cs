using EcommerceMl.Contracts.Batch;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// What a version folder of a CSV output holds, for a run cut into <c>shards</c> (pure, from a listing): the
/// receipts of that cut, whether every shard of it has one, and the parts and receipts of another cut (a run of
/// the version that was abandoned and is now written with a different shard count) — left for the completing
/// shard to delete, so the folder holds exactly the complete cut's parts.
/// </summary>
public sealed record CsvVersionFolder(IReadOnlyList<string> Receipts, bool IsComplete, IReadOnlyList<string> OtherCuts)
{
    /// <param name="names">The object names directly in the version folder.</param>
    public static CsvVersionFolder Of(IEnumerable<string> names, int shards)
    {
        ArgumentNullException.ThrowIfNull(names);
        var receipts = new SortedDictionary<int, string>();
        var others = new List<string>();
        foreach (var name in names)
        {
            switch (BatchCsvLayout.ShardOf(name))
            {
                case { } s when s.Shards != shards:
                    others.Add(name);
                    break;
                case { } s when name == BatchCsvLayout.ReceiptName(s.Shard, s.Shards) && s.Shard < shards:
                    receipts[s.Shard] = name;
                    break;
            }
        }

        return new CsvVersionFolder([.. receipts.Values], receipts.Count == shards, others);
    }

    /// <summary>The newest version with a manifest among the objects of an output folder (listed recursively, relative to the prefix); null when none.</summary>
    public static string? NewestComplete(IEnumerable<string> paths, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var start = $"{outputFolder}/{BatchCsvLayout.VersionKey}";
        var end = "/" + BatchCsvLayout.Success;
        return paths
            .Where(p => p.StartsWith(start, StringComparison.Ordinal) && p.EndsWith(end, StringComparison.Ordinal) && p.Length > start.Length + end.Length)
            .Select(p => p[start.Length..^end.Length])
            .Where(v => !v.Contains('/', StringComparison.Ordinal))
            .Max(StringComparer.Ordinal);
    }
}
