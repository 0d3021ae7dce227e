using EcommerceMl.Contracts.Events;
using Npgsql;

namespace EcommerceMl.Postgres.Tests;

/// <summary>The event sink's PostgreSQL table against a real server: round trips, re-sent batches, retention.</summary>
public sealed class PostgresEventTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        database.Require();
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: Ct);
        await using var clear = dataSource.CreateCommand($"TRUNCATE {PostgresEventTable.Table}");
        await clear.ExecuteNonQueryAsync(Ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Write_EveryEventType_ReadsBackAsWritten()
    {
        await using var dataSource = database.OpenDataSource();
        var table = new PostgresEventTable(dataSource, database.Connection.Display);
        var events = RandomShopEvents.Generate(seed: 16, count: 800, Noon.AddTicks(1234567));

        Assert.Equal(events.Count, await table.WriteAsync(events, Ct));
        var read = await table.ReadAsync(Noon, Noon.AddDays(1), Ct).ToListAsync(Ct);

        Assert.Equal(EventSchema.Types.Order(StringComparer.Ordinal), read.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(events.Select(RandomShopEvents.Comparable), read.Select(RandomShopEvents.Comparable));
        Assert.All(read, e => Assert.Equal(events.Single(o => o.Id == e.Id).OccurredAt.Offset, e.OccurredAt.Offset));
    }

    [Fact]
    public async Task Write_ABatchSentAgain_AddsOnlyTheIdsTheTableLacks_AndKeepsTheFirstOfAnId()
    {
        await using var dataSource = database.OpenDataSource();
        var table = new PostgresEventTable(dataSource, database.Connection.Display);
        var events = RandomShopEvents.Generate(seed: 7, count: 50, Noon);
        var resent = events.Take(30).Select(e => e with { Query = "a retry must not replace the first" }).ToList();
        var fresh = RandomShopEvents.Generate(seed: 8, count: 5, Noon.AddMinutes(5));

        Assert.Equal(50, await table.WriteAsync([.. events, events[0] with { Name = "second of an id in one batch" }], Ct));
        Assert.Equal(5, await table.WriteAsync([.. resent, .. fresh], Ct));
        Assert.Equal(0, await table.WriteAsync(events, Ct));

        var read = await table.ReadAsync(Noon, Noon.AddDays(1), Ct).ToListAsync(Ct);
        Assert.Equal(55, read.Count);
        Assert.Equal(events.Select(RandomShopEvents.Comparable), read.Take(50).Select(RandomShopEvents.Comparable));
    }

    [Fact]
    public async Task DeleteExpired_DeletesTheDaysBeforeTheRetention_AndKeepsTheRest()
    {
        await using var dataSource = database.OpenDataSource();
        var table = new PostgresEventTable(dataSource, database.Connection.Display);
        var days = Enumerable.Range(0, 10).Select(d => Noon.AddDays(-d)).ToList();
        await table.WriteAsync([.. days.SelectMany((at, d) => RandomShopEvents.Generate(seed: 100 + d, count: 3, at))], Ct);

        var deleted = await table.DeleteExpiredAsync(Noon, retentionDays: 7, Ct);

        // Kept: the 7 days before today and today; deleted: the two days before those.
        Assert.Equal([new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 28)], deleted);
        var left = await table.ReadAsync(Noon.AddDays(-30), Noon.AddDays(1), Ct).ToListAsync(Ct);
        Assert.Equal(8 * 3, left.Count);
        Assert.All(left, e => Assert.True(e.ReceivedAt >= new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero)));
        Assert.Empty(await table.DeleteExpiredAsync(Noon, retentionDays: 7, Ct));
    }

    [Fact]
    public async Task Write_ToADatabaseWithoutTheTable_SaysToMigrate()
    {
        await using var admin = database.OpenDataSource();
        var name = $"ecml_unmigrated_{Guid.NewGuid():N}";
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.Connection.ConnectionString) { Database = name };
            await using var dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
            var table = new PostgresEventTable(dataSource, "postgres://test/" + name);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => table.WriteAsync(RandomShopEvents.Generate(1, 1, Noon), Ct));

            Assert.Contains("ecml db migrate", error.Message, StringComparison.Ordinal);
            Assert.Contains(PostgresEventTable.Table, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }
}
