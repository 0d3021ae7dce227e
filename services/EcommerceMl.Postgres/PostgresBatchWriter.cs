using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>
/// One shard of a batch run: which model version, which of how many shards, and the first and last key
/// (customer, product or scope id, in the database's byte order) of the range it covers. A run of one shard
/// covers the whole version; a shard with no keys (more shards than keys) writes nothing but still counts.
/// </summary>
public sealed record BatchShard(string Model, string Version, int Index, int Count, string? FirstKey, string? LastKey)
{
    public bool IsWhole => Count == 1;
}

/// <summary>What a shard's write did: its rows, and the version's rows when this shard completed the version.</summary>
public sealed record BatchShardResult(long Rows, long? CompletedRows)
{
    public bool Completed => CompletedRows is not null;
}

/// <summary>
/// Writes one shard of a batch output, idempotently, and makes a version visible only whole. In one
/// transaction: delete the version's rows in the shard's key range, binary-COPY the shard's rows, record the
/// shard in <c>batch_output_shards</c>; then, under an advisory lock of the (model, version, output), the
/// shard that finds every shard of its run recorded marks the version complete in
/// <c>batch_output_versions</c> — which the <c>latest_*</c> views join on. Shards run in parallel: they take
/// the lock only for that last step, and because each statement after it reads a fresh snapshot, the second of
/// two shards finishing together sees the first's committed record, so the last one always completes the
/// version. A re-run of a shard replaces its rows atomically (readers see the old rows or the new, never both).
/// </summary>
public static class PostgresBatchWriter
{
    public static async Task<BatchShardResult> WriteShardAsync<T>(
        NpgsqlDataSource dataSource, BatchTable<T> table, BatchShard shard, IEnumerable<T> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentException.ThrowIfNullOrEmpty(shard.Model);
        ArgumentException.ThrowIfNullOrEmpty(shard.Version);
        if (shard.Count < 1 || shard.Index < 0 || shard.Index >= shard.Count)
        {
            throw new ArgumentException($"shard {shard.Index} of {shard.Count} does not exist: shards are numbered 0 to {shard.Count - 1}");
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DeleteRangeAsync(connection, transaction, table, shard, cancellationToken).ConfigureAwait(false);

        // The COPY runs on a thread of its own: the rows may be scored lazily, in parallel, as they are written.
        var written = await Task.Run(() => Copy(connection, table, shard, rows, cancellationToken), cancellationToken).ConfigureAwait(false);
        var completed = await RecordAsync(connection, transaction, table.Name, shard, written, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new BatchShardResult(written, completed);
    }

    private static async Task DeleteRangeAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, BatchTable<T> table, BatchShard shard, CancellationToken cancellationToken)
    {
        if (!shard.IsWhole && shard.FirstKey is null)
        {
            return;
        }

        var range = shard.IsWhole ? string.Empty : $" AND {table.KeyColumn} BETWEEN $3 AND $4";
        await using var delete = new NpgsqlCommand($"DELETE FROM {table.Name} WHERE model = $1 AND model_version = $2{range}", connection, transaction);
        delete.Parameters.Add(new NpgsqlParameter { Value = shard.Model });
        delete.Parameters.Add(new NpgsqlParameter { Value = shard.Version });
        if (!shard.IsWhole)
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = shard.FirstKey });
            delete.Parameters.Add(new NpgsqlParameter { Value = shard.LastKey ?? shard.FirstKey });
        }

        delete.CommandTimeout = 0;
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static long Copy<T>(NpgsqlConnection connection, BatchTable<T> table, BatchShard shard, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        using var importer = connection.BeginBinaryImport($"COPY {table.Name} (model, model_version, {table.Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            importer.StartRow();
            importer.Write(shard.Model, NpgsqlTypes.NpgsqlDbType.Text);
            importer.Write(shard.Version, NpgsqlTypes.NpgsqlDbType.Text);
            table.WriteRow(importer, row);
        }

        return (long)importer.Complete();
    }

    /// <summary>Records the shard; returns the version's rows when every shard of the run is now recorded.</summary>
    private static async Task<long?> RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string output, BatchShard shard, long rows, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock($1)", cancellationToken, LockKey(shard.Model, shard.Version, output)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO batch_output_shards (model, model_version, output, shards, shard, row_count) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (model, model_version, output, shards, shard) DO UPDATE SET row_count = EXCLUDED.row_count, written_at = now()
            """, cancellationToken, shard.Model, shard.Version, output, shard.Count, shard.Index, rows).ConfigureAwait(false);
        return await ExecuteAsync(connection, transaction, """
            INSERT INTO batch_output_versions (model, model_version, output, shards, row_count)
            SELECT $1, $2, $3, $4, sum(row_count) FROM batch_output_shards
            WHERE model = $1 AND model_version = $2 AND output = $3 AND shards = $4
            HAVING count(*) = $4
            ON CONFLICT (model, model_version, output) DO UPDATE
                SET shards = EXCLUDED.shards, row_count = EXCLUDED.row_count, completed_at = now()
            RETURNING row_count
            """, cancellationToken, shard.Model, shard.Version, output, shard.Count).ConfigureAwait(false) is long total ? total : null;
    }

    /// <summary>Runs one statement in the transaction; its first value, if it returns rows.</summary>
    private static async Task<object?> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A 64-bit advisory lock key per (model, version, output): the first 8 bytes of their SHA-256.</summary>
    internal static long LockKey(string model, string version, string output) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"{model}\n{version}\n{output}")), 0);
}
