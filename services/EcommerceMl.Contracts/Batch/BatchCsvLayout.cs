using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts.Batch;

/// <summary>
/// The CSV form of the batch outputs under its prefix (<c>spec.outputs.s3</c>, <c>--csv-prefix</c>) — what the
/// writer and every reader agree on:
/// <code>
/// {prefix}/{model}/{output}/_LATEST                                        the newest complete version id, no line end
/// {prefix}/{model}/{output}/version={version}/part-00000-of-00004.csv.gz    one gzip CSV per shard, with a header
/// {prefix}/{model}/{output}/version={version}/_part-00000-of-00004.json     the shard's receipt: rows, bytes, sha256
/// {prefix}/{model}/{output}/version={version}/_SUCCESS                      written when every shard is: the manifest
/// </code>
/// Names starting with <c>_</c> are the ones Hive, Athena, Spark and DuckDB's hive globbing treat as hidden, so a
/// table over the folder reads only the parts. Columns are the PostgreSQL table's, <c>model</c> and
/// <c>model_version</c> first.
/// </summary>
public static class BatchCsvLayout
{
    public const string PartExtension = ".csv.gz";
    public const string Success = "_SUCCESS";
    public const string Latest = "_LATEST";
    public const string VersionKey = "version=";

    /// <summary>The folder of one output of one model: <c>{model}/{output}</c>.</summary>
    public static string OutputFolder(string model, string output) => $"{model}/{output}";

    /// <summary>The folder of one version of an output: <c>{model}/{output}/version={version}</c>.</summary>
    public static string VersionFolder(string model, string output, string version) => $"{OutputFolder(model, output)}/{VersionKey}{version}";

    /// <summary><c>part-{shard:D5}-of-{shards:D5}.csv.gz</c>: the names sort in shard order, and the cut is in the name.</summary>
    public static string PartName(int shard, int shards) => string.Create(CultureInfo.InvariantCulture, $"part-{shard:D5}-of-{shards:D5}{PartExtension}");

    /// <summary><c>_part-{shard:D5}-of-{shards:D5}.json</c>: written after its part, so a receipt means the part is whole.</summary>
    public static string ReceiptName(int shard, int shards) => string.Create(CultureInfo.InvariantCulture, $"_part-{shard:D5}-of-{shards:D5}.json");

    /// <summary>The shard and shard count a part's or a receipt's name carries; null for any other name.</summary>
    public static (int Shard, int Shards)? ShardOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var stem = name.StartsWith("_part-", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal) ? name[6..^5]
            : name.StartsWith("part-", StringComparison.Ordinal) && name.EndsWith(PartExtension, StringComparison.Ordinal) ? name[5..^PartExtension.Length]
            : null;
        return stem is { Length: 14 } && stem[5..9] == "-of-"
            && int.TryParse(stem[..5], NumberStyles.None, CultureInfo.InvariantCulture, out var shard)
            && int.TryParse(stem[9..], NumberStyles.None, CultureInfo.InvariantCulture, out var shards)
            ? (shard, shards)
            : null;
    }
}

/// <summary>One written shard of an output version: its receipt (<see cref="BatchCsvLayout.ReceiptName"/>) and its line in the manifest.</summary>
public sealed record BatchCsvPart
{
    /// <summary>The part's object name in the version folder.</summary>
    public required string Name { get; init; }

    public required int Shard { get; init; }

    public required int Shards { get; init; }

    /// <summary>Data rows, the header not counted.</summary>
    public required long Rows { get; init; }

    /// <summary>The gzip object's size.</summary>
    public required long Bytes { get; init; }

    /// <summary>Lower-case hex sha256 of the gzip object.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The first and last key (customer, product or scope) of the shard's range; null for a shard without keys.</summary>
    public string? FirstKey { get; init; }

    public string? LastKey { get; init; }

    public required DateTimeOffset WrittenAt { get; init; }
}

/// <summary>A complete output version (<see cref="BatchCsvLayout.Success"/>): every part, in shard order, with its rows.</summary>
public sealed record BatchCsvManifest
{
    public required string Model { get; init; }

    public required string Version { get; init; }

    public required string Output { get; init; }

    public required int Shards { get; init; }

    /// <summary>The rows of every part together.</summary>
    public required long Rows { get; init; }

    public required DateTimeOffset CompletedAt { get; init; }

    public required IReadOnlyList<BatchCsvPart> Parts { get; init; }
}

/// <summary>How receipts and manifests are written and read: camelCase, indented, nulls left out.</summary>
public static class BatchCsvJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    /// <summary>Reads a receipt or manifest; <paramref name="where"/> names the object in the error of a malformed one.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> json, string where)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{where} is empty (JSON null)");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{where} is malformed: {e.Message}", e);
        }
    }
}
