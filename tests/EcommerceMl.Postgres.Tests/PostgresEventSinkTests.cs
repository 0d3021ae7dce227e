using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// The inference server's event sink writing to a real PostgreSQL: the same bounded buffer, back-pressure and graceful
/// stop as the object sink, with the database as the destination.
/// </summary>
public sealed class PostgresEventSinkTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UnmigratedDatabase_KeepsTheBatch_RefusesOnceFull_AndWritesEverythingOnceMigrated()
    {
        await using var dataSource = database.OpenDataSource();
        await using (var drop = dataSource.CreateCommand($"DROP TABLE IF EXISTS {PostgresEventTable.Table}; DELETE FROM schema_migrations WHERE id = 5"))
        {
            await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: Ct);
            await drop.ExecuteNonQueryAsync(Ct);
        }

        var table = new PostgresEventTable(dataSource, database.Connection.Display);
        using var sink = Sink(table, maxPendingBytes: 64 * 1024, flushBytes: 16 * 1024);
        var events = RandomShopEvents.Generate(seed: 3, count: 2000, Noon);
        var taken = 0;
        while (taken < events.Count && sink.TryAdd([EventJson.ToLine(events[taken])]))
        {
            taken++;
        }

        Assert.False(await sink.FlushAsync(Ct)); // no table yet: the batch stays pending
        Assert.InRange(taken, 1, events.Count - 1); // the buffer filled before the events ran out
        Assert.Equal(1, sink.RefusedEvents);
        Assert.Equal(taken, sink.PendingEvents);

        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: Ct);
        Assert.True(await sink.FlushAsync(Ct));

        var read = await table.ReadAsync(Noon, Noon.AddDays(1), Ct).ToListAsync(Ct);
        Assert.Equal(events.Take(taken).Select(RandomShopEvents.Comparable), read.Select(RandomShopEvents.Comparable));
        Assert.Equal((taken, 0L), (sink.WrittenEvents, sink.PendingEvents));
        Assert.True(sink.TryAdd([EventJson.ToLine(events[taken])]));
    }

    [Fact]
    public async Task Stop_WritesEverythingPending_IntoTheTable()
    {
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: Ct);
        var table = new PostgresEventTable(dataSource, database.Connection.Display);
        using var sink = Sink(table, flushInterval: TimeSpan.FromHours(1));
        await sink.StartAsync(Ct);
        var events = RandomShopEvents.Generate(seed: 4, count: 100, Noon.AddDays(-2));
        Assert.True(sink.TryAdd([.. events.Select(EventJson.ToLine)]));

        await sink.StopAsync(Ct);

        Assert.Equal(100, sink.WrittenEvents);
        Assert.Equal(100, await table.ReadAsync(Noon.AddDays(-2), Noon.AddDays(-1), Ct).CountAsync(Ct));
    }

    private static EventSink Sink(PostgresEventTable table, long maxPendingBytes = 1024 * 1024, long flushBytes = 64 * 1024, TimeSpan? flushInterval = null) => new(
        Microsoft.Extensions.Options.Options.Create(new EventSinkOptions
        {
            MaxPendingBytes = maxPendingBytes,
            FlushBytes = flushBytes,
            FlushInterval = flushInterval ?? TimeSpan.FromSeconds(10),
            RetentionDays = 0,
        }),
        _ => new PostgresEventDestination(table),
        TimeProvider.System,
        NullLogger<EventSink>.Instance);
}
