using System.Diagnostics;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>Rows written per table and how long the COPY took.</summary>
public sealed record ShopLoadReport(IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed)
{
    public long TotalRows => Rows.Values.Sum();
}

/// <summary>
/// Writes a shop's five tables with binary COPY, all in one transaction: either every row is there
/// afterwards or none is. The rows come from <see cref="ShopDataSources"/>, which has already
/// validated them (the CSV reader's checks, with file and line), so COPY only meets clean data; the
/// table constraints are the last line of defence against anything else writing to the database.
/// </summary>
public static class PostgresShopLoader
{
    public static readonly IReadOnlyList<string> Tables = ["customers", "products", "orders", "order_items", "events"];

    /// <param name="replace">Empty the five tables first (in the same transaction); without it, a non-empty table is an error.</param>
    public static async Task<ShopLoadReport> LoadAsync(
        NpgsqlDataSource dataSource, ShopData data, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(data);
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (replace)
        {
            await ExecuteAsync(connection, transaction, "TRUNCATE events, order_items, orders, products, customers RESTART IDENTITY", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await RefuseNonEmptyAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        }

        // PostgreSQL's bulk-load recipe, inside the same transaction: keys and indexes come off, the
        // rows go in, then each index is built and each key checked in one pass (1M order lines:
        // 39 s row by row, see bench/results/postgres-load.md). Any violation still fails the load
        // and rolls everything back; concurrent readers wait for the commit rather than seeing less.
        var deferred = await DeferredDefinitionsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        foreach (var drop in deferred.Drops)
        {
            await ExecuteAsync(connection, transaction, drop, cancellationToken).ConfigureAwait(false);
        }

        var rows = await ShopTableCopy.CopyAsync(connection, data, table => table, cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, transaction, "SET LOCAL maintenance_work_mem = '256MB'", cancellationToken).ConfigureAwait(false);
        foreach (var create in deferred.Creates)
        {
            await ExecuteAsync(connection, transaction, create, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ShopLoadReport(rows, stopwatch.Elapsed);
    }

    /// <summary>Line numbers 1..n within each order, in the order the lines were given.</summary>
    internal static IEnumerable<(OrderItem Item, int Line)> NumberLines(IEnumerable<OrderItem> items)
    {
        var next = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var line = next.GetValueOrDefault(item.OrderId) + 1;
            next[item.OrderId] = line;
            yield return (item, line);
        }
    }

    /// <summary>
    /// DROP and re-CREATE statements for the keys (primary, unique, foreign) and the other indexes of
    /// the shop tables, read from the catalogue so they always match what the migrations made.
    /// Primary keys come back first, foreign keys last, as they need the keys they point to.
    /// </summary>
    private static async Task<(List<string> Drops, List<string> Creates)> DeferredDefinitionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var tables = string.Join(", ", Tables.Select(t => $"'{t}'::regclass"));
        var drops = new List<string>();
        var indexes = new List<string>();
        var keys = new List<string>();
        var foreignKeys = new List<string>();
        await using (var command = new NpgsqlCommand(
            // Foreign keys are dropped first and added last; primary keys and unique constraints in between.
            $"SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype = 'f' FROM pg_constraint " +
            $"WHERE contype IN ('f', 'p', 'u') AND conrelid IN ({tables}) ORDER BY contype = 'f' DESC, conname",
            connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (table, name, definition) = (reader.GetString(0), reader.GetString(1), reader.GetString(2));
                drops.Add($"ALTER TABLE {table} DROP CONSTRAINT \"{name}\"");
                (reader.GetBoolean(3) ? foreignKeys : keys).Add($"ALTER TABLE {table} ADD CONSTRAINT \"{name}\" {definition}");
            }
        }

        await using (var command = new NpgsqlCommand(
            $"SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid IN ({tables}) AND NOT indisunique ORDER BY 1",
            connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                drops.Add($"DROP INDEX {reader.GetString(0)}");
                indexes.Add(reader.GetString(1));
            }
        }

        return (drops, [.. keys, .. indexes, .. foreignKeys]);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task RefuseNonEmptyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM {table})", connection, transaction);
            if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                throw new ArgumentException($"table '{table}' already has rows; load into an empty database, or pass --replace to replace the shop's tables");
            }
        }
    }
}
