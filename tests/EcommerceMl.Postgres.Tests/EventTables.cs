using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Postgres.Tests;

/// <summary>The servers' event table as the readers' tests set it up: migrated, holding only the events given.</summary>
internal static class EventTables
{
    /// <summary>A purchase of the small shop's first product by its first customer.</summary>
    public static ShopEventRecord Purchase(string id, string orderId, DateTimeOffset receivedAt) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.Purchase,
        OccurredAt = receivedAt.AddSeconds(-1),
        ReceivedAt = receivedAt,
        SessionId = "s1",
        CustomerId = TestShops.Small.Customers[0].CustomerId,
        OrderId = orderId,
        Lines = [new PurchaseLine(TestShops.Small.Products[0].ProductId, 2, 9.99m)],
    };

    /// <summary>Migrates the database and leaves <c>received_events</c> holding these events only (each test reads its own).</summary>
    public static async Task WriteOnlyAsync(PostgresDatabase database, CancellationToken cancellationToken, params ShopEventRecord[] events)
    {
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: cancellationToken);
        await using (var clear = dataSource.CreateCommand($"TRUNCATE {PostgresEventTable.Table}"))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await new PostgresEventTable(dataSource, database.Connection.Display).WriteAsync(events, cancellationToken);
    }
}
