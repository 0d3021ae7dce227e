using System.Runtime.CompilerServices;
using System.Text.Json;
using EcommerceMl.Contracts.Events;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceMl.Postgres;

/// <summary>
/// The event sink as rows of <c>received_events</c> (migration 5): batches written by binary COPY, each event once,
/// retention by day of receipt, and the reader a training run takes a window from.
/// </summary>
/// <remarks>
/// A batch is COPYed into a temporary table and moved with <c>INSERT … ON CONFLICT (event_id) DO NOTHING</c> in one
/// transaction: the batch lands whole or not at all, and a batch sent again (a flush whose commit was not acknowledged,
/// a client's retry) adds only the ids the table does not have. Within a batch the first event of an id is kept, as the
/// object sink's readers keep the first seen. An empty <c>source: {}</c> reads back as no source: it carries nothing.
/// </remarks>
public sealed class PostgresEventTable(NpgsqlDataSource dataSource, string location)
{
    public const string Table = "received_events";

    private const string Columns =
        "event_id, schema_version, type, occurred_at, occurred_offset_minutes, received_at, session_id, customer_id, visitor_id, product_id, "
        + "source_page, source_position, recommendation_id, query, result_count, step, step_name, order_id, lines, name, properties, client_ip, user_agent";

    /// <summary>The database as messages may show it (no password): <c>postgres://user@host:port/db</c>.</summary>
    public string Location { get; } = location;

    /// <summary>Writes a batch; returns how many of its events were new to the table.</summary>
    public async Task<long> WriteAsync(IReadOnlyList<ShopEventRecord> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return 0;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"CREATE TEMP TABLE staged_{Table} (LIKE {Table}) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);

        // Synchronous writes on a thread of their own: an awaited call per field costs more than the field.
        await Task.Run(() => Copy(connection, events, cancellationToken), cancellationToken).ConfigureAwait(false);
        var added = await ExecuteAsync(
            connection, transaction, $"INSERT INTO {Table} ({Columns}) SELECT {Columns} FROM staged_{Table} ON CONFLICT (event_id) DO NOTHING", cancellationToken)
            .ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return added;
    }

    /// <summary>
    /// Deletes the events received on UTC days before the retention's first kept day (a day is kept while any of it is
    /// within <paramref name="retentionDays"/> of <paramref name="now"/>, as the object sink's partitions); returns the days emptied.
    /// </summary>
    public async Task<IReadOnlyList<DateOnly>> DeleteExpiredAsync(DateTimeOffset now, int retentionDays, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retentionDays, 1);
        var firstKept = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-retentionDays);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"""
            WITH gone AS (DELETE FROM {Table} WHERE received_at < $1 RETURNING received_at)
            SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM gone ORDER BY 1
            """, connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = new DateTimeOffset(firstKept.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        var days = new List<DateOnly>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            days.Add(reader.GetFieldValue<DateOnly>(0));
        }

        return days;
    }

    /// <summary>The events received in [<paramref name="from"/>, <paramref name="to"/>), in order of receipt (ids are unique already).</summary>
    public async IAsyncEnumerable<ShopEventRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM {Table} WHERE received_at >= $1 AND received_at < $2 ORDER BY received_at, event_id", connection) { CommandTimeout = 0 };
        command.Parameters.Add(new NpgsqlParameter { Value = from.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = to.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ReceivedEventRow.Read(reader);
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new NpgsqlException($"the event sink's database {Location} is unreachable: {e.Message}", e);
        }
    }

    private static void Copy(NpgsqlConnection connection, IReadOnlyList<ShopEventRecord> events, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var importer = connection.BeginBinaryImport($"COPY staged_{Table} ({Columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (seen.Add(e.Id))
            {
                ReceivedEventRow.Write(importer, e);
            }
        }

        importer.Complete();
    }

    private static async Task<long> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new InvalidOperationException(
                $"the event sink's database {connection.Database} has no {Table} table: run `ecml db migrate --db …` against it first ({e.MessageText})", e);
        }
    }
}

/// <summary>One <see cref="ShopEventRecord"/> as a row of <c>received_events</c>, in <c>PostgresEventTable</c>'s column order.</summary>
internal static class ReceivedEventRow
{
    public static void Write(NpgsqlBinaryImporter w, ShopEventRecord e)
    {
        w.StartRow();
        w.Write(e.Id, NpgsqlDbType.Text);
        w.Write((short)e.SchemaVersion, NpgsqlDbType.Smallint);
        w.Write(e.Type, NpgsqlDbType.Text);
        w.Write(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        w.Write((short)e.OccurredAt.Offset.TotalMinutes, NpgsqlDbType.Smallint);
        w.Write(e.ReceivedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
        Text(w, e.SessionId);
        Text(w, e.CustomerId);
        Text(w, e.VisitorId);
        Text(w, e.ProductId);
        Text(w, e.Source?.Page);
        Integer(w, e.Source?.Position);
        Text(w, e.RecommendationId);
        Text(w, e.Query);
        Integer(w, e.ResultCount);
        Integer(w, e.Step);
        Text(w, e.StepName);
        Text(w, e.OrderId);
        Json(w, e.Lines is null ? null : JsonSerializer.Serialize(e.Lines, EventJson.Options));
        Text(w, e.Name);
        Json(w, e.Properties is null ? null : JsonSerializer.Serialize(e.Properties, EventJson.Options));
        Text(w, e.ClientIp);
        Text(w, e.UserAgent);
    }

    public static ShopEventRecord Read(NpgsqlDataReader r)
    {
        var id = r.GetString(0);
        var version = r.GetInt16(1);
        var type = r.GetString(2);
        var occurredUtc = r.GetFieldValue<DateTimeOffset>(3);
        var offset = TimeSpan.FromMinutes(r.GetInt16(4));
        var receivedAt = r.GetFieldValue<DateTimeOffset>(5);
        var session = Text(r, 6);
        var customer = Text(r, 7);
        var visitor = Text(r, 8);
        var product = Text(r, 9);
        var page = Text(r, 10);
        var position = Integer(r, 11);
        return new ShopEventRecord
        {
            Id = id,
            SchemaVersion = version,
            Type = type,
            OccurredAt = occurredUtc.ToOffset(offset),
            ReceivedAt = receivedAt,
            SessionId = session,
            CustomerId = customer,
            VisitorId = visitor,
            ProductId = product,
            Source = page is null && position is null ? null : new EventSource(page, position),
            RecommendationId = Text(r, 12),
            Query = Text(r, 13),
            ResultCount = Integer(r, 14),
            Step = Integer(r, 15),
            StepName = Text(r, 16),
            OrderId = Text(r, 17),
            Lines = Text(r, 18) is { } lines ? JsonSerializer.Deserialize<List<PurchaseLine>>(lines, EventJson.Options) : null,
            Name = Text(r, 19),
            Properties = Text(r, 20) is { } properties ? JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(properties, EventJson.Options) : null,
            ClientIp = Text(r, 21),
            UserAgent = Text(r, 22),
        };
    }

    private static void Text(NpgsqlBinaryImporter w, string? value)
    {
        if (value is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(value, NpgsqlDbType.Text);
        }
    }

    private static void Integer(NpgsqlBinaryImporter w, int? value)
    {
        if (value is { } v)
        {
            w.Write(v, NpgsqlDbType.Integer);
        }
        else
        {
            w.WriteNull();
        }
    }

    private static void Json(NpgsqlBinaryImporter w, string? json)
    {
        if (json is null)
        {
            w.WriteNull();
        }
        else
        {
            w.Write(json, NpgsqlDbType.Jsonb);
        }
    }

    private static string? Text(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static int? Integer(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt32(ordinal);
}
