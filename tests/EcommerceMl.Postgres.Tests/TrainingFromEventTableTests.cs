using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Trainer;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Postgres.Tests;

/// <summary>Training reads the events from the sink it is configured with: here the servers' PostgreSQL table.</summary>
public sealed class TrainingFromEventTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MergeInto_ReadsTheTablesWindow_AndMergesItsPurchasesAsOrders()
    {
        var now = new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
        await WriteAsync(Purchase("e1", "web-1", now.AddHours(-2)), Purchase("e2", "web-2", now.AddDays(-1)), Purchase("e-old", "web-old", now.AddDays(-10)));
        var events = TrainingEvents.From(database.Url, 7, "/unused", new FakeTimeProvider(now))!;

        var merged = events.MergeInto(ShopDataLoadResult.Complete(TestShops.Small));

        Assert.Null(events.Objects);
        Assert.Equal(TestShops.Small.Orders.Count + 2, merged.Data.Orders.Count);
        Assert.Contains(merged.Data.Orders, o => o.OrderId == "web-2");
        Assert.DoesNotContain(merged.Data.Orders, o => o.OrderId == "web-old");
        Assert.Contains($"events from {database.Connection.Display} (received_events)", merged.Data.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WithEventsFromTheDatabase_TrainsOnThem_AndNeverPrintsThePassword()
    {
        var now = DateTimeOffset.UtcNow;
        await WriteAsync(Purchase("cli-1", "web-cli-1", now.AddMinutes(-5)));
        using var store = new TemporaryFolder();

        var (exit, output, error) = await Ecml.RunAsync(
            "train", "--task", "recommendation", "--algorithm", "popularity", "--data", "synthetic", "--events", database.Url, "--events-window-days", "2",
            "--store", store.Path, "--model", "shop-recs");

        Assert.True(exit == 0, output + error);
        Assert.Contains($"{database.Connection.Display} (received_events)", output, StringComparison.Ordinal);
        if (database.Url.Contains(':', StringComparison.Ordinal) && new Uri(database.Url).UserInfo.Split(':') is [_, { Length: > 0 } password])
        {
            Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
        }
    }

    private Task WriteAsync(params ShopEventRecord[] events) => EventTables.WriteOnlyAsync(database, Ct, events);

    private static ShopEventRecord Purchase(string id, string orderId, DateTimeOffset receivedAt) => EventTables.Purchase(id, orderId, receivedAt);
}
