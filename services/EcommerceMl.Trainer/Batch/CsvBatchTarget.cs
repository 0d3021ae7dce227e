using System.Text;
using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// Batch outputs as gzip CSV files under a prefix (<see cref="BatchCsvLayout"/>), one part per shard. A shard:
/// writes its part whole and puts it under its name (replacing the part of an earlier run of that shard), then its
/// receipt (rows, bytes, sha256); then lists the version folder. The shard that finds a receipt of every shard
/// writes the manifest <c>_SUCCESS</c>, deletes what a run with another shard count left, and moves the
/// <c>_LATEST</c> pointer to the newest version with a manifest. Of shards finishing together, the one whose
/// receipt landed last lists after every other receipt landed, so some shard always completes the version; two
/// that both see it complete write the same manifest. The pointer only moves forward: after writing it a shard
/// lists again and writes again if a newer version completed meanwhile, so the last write is the newest.
/// </summary>
public sealed class CsvBatchTarget(IOutputObjects objects, TimeProvider time) : IBatchTarget
{
    /// <summary>Pointer writes a shard makes at most while other versions keep completing under it.</summary>
    private const int MaxPointerRounds = 10;

    public string Location => objects.Location;

    public string LatestOf(string model, string output) => $"{objects.Location.TrimEnd('/', '\\')}/{BatchCsvLayout.OutputFolder(model, output)}/{BatchCsvLayout.Latest}";

    public async Task<BatchShardResult> WriteShardAsync<T>(BatchOutput<T> output, BatchShard shard, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(shard);
        var folder = BatchCsvLayout.VersionFolder(shard.Model, output.Name, shard.Version);
        await RefuseAnotherCutOfACompleteVersionAsync(folder, shard, cancellationToken).ConfigureAwait(false);
        var part = await CsvPartFile.WriteAsync(output.Csv, shard.Model, shard.Version, rows, cancellationToken).ConfigureAwait(false);
        try
        {
            await objects.PutFileAsync($"{folder}/{BatchCsvLayout.PartName(shard.Index, shard.Count)}", part.Path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(part.Path);
        }

        var receipt = new BatchCsvPart
        {
            Name = BatchCsvLayout.PartName(shard.Index, shard.Count),
            Shard = shard.Index,
            Shards = shard.Count,
            Rows = part.Rows,
            Bytes = part.Bytes,
            Sha256 = part.Sha256,
            FirstKey = shard.FirstKey,
            LastKey = shard.LastKey,
            WrittenAt = time.GetUtcNow(),
        };
        await objects.PutAsync($"{folder}/{BatchCsvLayout.ReceiptName(shard.Index, shard.Count)}", BatchCsvJson.Serialize(receipt), cancellationToken).ConfigureAwait(false);
        var completed = await CompleteAsync(output.Name, shard, folder, cancellationToken).ConfigureAwait(false);
        return new BatchShardResult(part.Rows, completed);
    }

    /// <summary>
    /// A version readers see is written in one cut: a run with another shard count would put parts beside the
    /// visible ones, and a reader globbing the folder would count rows twice until it completed.
    /// </summary>
    private async Task RefuseAnotherCutOfACompleteVersionAsync(string folder, BatchShard shard, CancellationToken cancellationToken)
    {
        var path = $"{folder}/{BatchCsvLayout.Success}";
        if (await objects.ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } bytes
            && BatchCsvJson.Deserialize<BatchCsvManifest>(bytes, $"{objects.Location}/{path}") is { } manifest
            && manifest.Shards != shard.Count)
        {
            throw new ArgumentException(
                $"version {shard.Version} of {shard.Model} is written complete in {manifest.Shards} shard{(manifest.Shards == 1 ? "" : "s")} under {objects.Location}/{folder}; "
                + $"re-run it with --shards {manifest.Shards} ({BatchArguments.Shards.Variable}), or delete that folder first to write it in {shard.Count}");
        }
    }

    /// <summary>When every shard's receipt is there: the manifest, the other cuts removed, the pointer moved; the version's rows. Null otherwise.</summary>
    private async Task<long?> CompleteAsync(string output, BatchShard shard, string folder, CancellationToken cancellationToken)
    {
        var names = (await objects.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            .Select(p => p[(folder.Length + 1)..])
            .Where(n => !n.Contains('/', StringComparison.Ordinal));
        var state = CsvVersionFolder.Of(names, shard.Count);
        if (!state.IsComplete)
        {
            return null;
        }

        var parts = new List<BatchCsvPart>(state.Receipts.Count);
        foreach (var receipt in state.Receipts)
        {
            var path = $"{folder}/{receipt}";
            var bytes = await objects.ReadAsync(path, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"{objects.Location}/{path} was listed but is gone: is another run deleting this version?");
            parts.Add(BatchCsvJson.Deserialize<BatchCsvPart>(bytes, $"{objects.Location}/{path}"));
        }

        var manifest = new BatchCsvManifest
        {
            Model = shard.Model,
            Version = shard.Version,
            Output = output,
            Shards = shard.Count,
            Rows = parts.Sum(p => p.Rows),
            CompletedAt = time.GetUtcNow(),
            Parts = parts,
        };
        await objects.PutAsync($"{folder}/{BatchCsvLayout.Success}", BatchCsvJson.Serialize(manifest), cancellationToken).ConfigureAwait(false);
        foreach (var stale in state.OtherCuts)
        {
            await objects.DeleteAsync($"{folder}/{stale}", cancellationToken).ConfigureAwait(false);
        }

        await MovePointerAsync(shard.Model, output, cancellationToken).ConfigureAwait(false);
        return manifest.Rows;
    }

    private async Task MovePointerAsync(string model, string output, CancellationToken cancellationToken)
    {
        var outputFolder = BatchCsvLayout.OutputFolder(model, output);
        var pointer = $"{outputFolder}/{BatchCsvLayout.Latest}";
        for (var round = 0; round < MaxPointerRounds; round++)
        {
            var newest = CsvVersionFolder.NewestComplete(await objects.ListAsync(outputFolder, cancellationToken).ConfigureAwait(false), outputFolder);
            var current = await objects.ReadAsync(pointer, cancellationToken).ConfigureAwait(false) is { } bytes ? Encoding.UTF8.GetString(bytes).Trim() : null;
            if (newest is null || newest == current)
            {
                return;
            }

            await objects.PutAsync(pointer, Encoding.UTF8.GetBytes(newest), cancellationToken).ConfigureAwait(false);
        }
    }
}
