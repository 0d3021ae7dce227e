using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// Where a batch run's shards go: the PostgreSQL tables (<see cref="PostgresBatchTarget"/>) or CSV files under a
/// prefix (<see cref="CsvBatchTarget"/>). Either way a shard's write is idempotent (a re-run replaces what it wrote)
/// and a version becomes visible to readers at once, when its last shard is written.
/// </summary>
public interface IBatchTarget
{
    /// <summary>Writes one shard of one output; says whether this shard completed the version.</summary>
    Task<BatchShardResult> WriteShardAsync<T>(BatchOutput<T> output, BatchShard shard, IEnumerable<T> rows, CancellationToken cancellationToken);

    /// <summary>Where readers find an output's newest complete version, for the console: a view, a pointer object.</summary>
    string LatestOf(string model, string output);
}

/// <summary>The database's output tables and their <c>latest_*</c> views (<see cref="PostgresBatchWriter"/>).</summary>
public sealed class PostgresBatchTarget(Npgsql.NpgsqlDataSource database) : IBatchTarget
{
    public Task<BatchShardResult> WriteShardAsync<T>(BatchOutput<T> output, BatchShard shard, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        return PostgresBatchWriter.WriteShardAsync(database, output.Postgres, shard, rows, cancellationToken);
    }

    public string LatestOf(string model, string output) => $"latest_{output}";
}
