using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Trainer.Tests;

public sealed class TrainingEventsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    internal static ShopEventRecord Purchase(string id, string orderId, DateTimeOffset receivedAt, string productId = "P0001") => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.Purchase,
        OccurredAt = receivedAt.AddSeconds(-1),
        ReceivedAt = receivedAt,
        SessionId = "s1",
        CustomerId = "C00001",
        OrderId = orderId,
        Lines = [new PurchaseLine(productId, 2, 9.99m)],
    };

    /// <summary>Writes one flushed batch into the sink under <paramref name="root"/>, as the inference server does.</summary>
    internal static async Task WriteBatchAsync(string root, DateTimeOffset flushedAt, params ShopEventRecord[] events) =>
        await new LocalEventObjects(root).PutAsync(
            EventSinkLayout.ObjectPath(flushedAt, "test-writer", flushedAt.Ticks),
            EventSinkReader.Encode(events.Select(EventJson.ToLine)),
            TestContext.Current.CancellationToken);

    [Fact]
    public async Task MergeInto_ReadsTheWindowOfTheSink_AndMergesItsPurchasesOnceAsOrders()
    {
        var store = _folder.Path;
        await WriteBatchAsync(store, Now.AddHours(-2), Purchase("e1", "web-1", Now.AddHours(-2)), Purchase("e2", "web-2", Now.AddHours(-2)));
        await WriteBatchAsync(store, Now.AddHours(-1), Purchase("e1", "web-1", Now.AddHours(-1))); // a client's retry of e1
        await WriteBatchAsync(store, Now.AddDays(-10), Purchase("e-old", "web-old", Now.AddDays(-10))); // outside a 7-day window
        var events = TrainingEvents.From(TrainerVariables.EventsFromStore, 7, store, new FakeTimeProvider(Now))!;

        var merged = events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data));

        Assert.Equal(SmallShop.Data.Orders.Count + 2, merged.Data.Orders.Count);
        Assert.Contains(merged.Data.Orders, o => o.OrderId == "web-2");
        Assert.DoesNotContain(merged.Data.Orders, o => o.OrderId == "web-old");
        Assert.StartsWith($"{SmallShop.Data.Name} + events from {Path.GetFullPath(store)} (received 2026-11-29..2026-12-06)", merged.Data.Name, StringComparison.Ordinal);
        Assert.Contains(merged.Notes, n => n.Contains("2 purchases became orders with 2 lines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MergeInto_SaysWhereItsReadOfTheSinkEnded_AndTheWindowWhatItReadStays()
    {
        var store = _folder.Path;
        await WriteBatchAsync(store, Now.AddMinutes(-1), Purchase("e1", "web-1", Now.AddMinutes(-1)));
        var events = TrainingEvents.From(TrainerVariables.EventsFromStore, 7, store, new FakeTimeProvider(Now))!;

        var read = ShopDataWindow.LastDays(events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data)), 30);

        Assert.Equal(Now, read.EventsReceivedBefore);
    }

    [Fact]
    public async Task MergeInto_KeepsTheSinksSearches_CreditedWithWhatFollowedThemInTheirSession()
    {
        var store = _folder.Path;
        var search = Purchase("e1", "unused", Now.AddHours(-1)) with { Type = EventSchema.Search, OrderId = null, Lines = null, Query = "linen pillow", ResultCount = 3 };
        var view = Purchase("e2", "unused", Now.AddHours(-1).AddSeconds(30)) with { Type = EventSchema.ProductView, OrderId = null, Lines = null, ProductId = "P0002" };
        await WriteBatchAsync(store, Now.AddHours(-1), search, view);
        var events = TrainingEvents.From(TrainerVariables.EventsFromStore, 7, store, new FakeTimeProvider(Now))!;

        var merged = events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data));

        var found = Assert.Single(merged.Data.Searches);
        Assert.Equal(("linen pillow", "C00001"), (found.Query, found.CustomerId));
        Assert.Equal([new SearchedProduct("P0002", SearchOutcome.View)], found.Products);
        Assert.Contains(merged.Notes, n => n.Contains("1 searches added", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MergeInto_MergesWhatTheSinksRecordsWouldMerge_AndSaysHowManyRepeatsItDropped()
    {
        var store = _folder.Path;
        var written = MixedShopEvents.Generate(seed: 3, count: 1_500, Now.AddDays(-3));
        foreach (var hour in written.GroupBy(e => EventSinkLayout.PartitionPath(e.ReceivedAt)))
        {
            await WriteBatchAsync(store, hour.First().ReceivedAt, [.. hour]);
        }

        var events = TrainingEvents.From(TrainerVariables.EventsFromStore, 7, store, new FakeTimeProvider(Now))!;
        var records = await new EventSinkReader(new LocalEventObjects(store)).ReadAsync(Now.AddDays(-7), Now, TestContext.Current.CancellationToken)
            .ToListAsync(TestContext.Current.CancellationToken);

        var merged = events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data)).Data;
        var expected = EventShopData.Merge(SmallShop.Data, records);

        Assert.Equal(expected.Customers, merged.Customers);
        Assert.Equal(expected.Products, merged.Products);
        Assert.Equal(expected.Orders, merged.Orders);
        Assert.Equal(expected.OrderItems, merged.OrderItems);
        Assert.Equal(expected.Events, merged.Events);
        Assert.Equal(expected.Searches.Select(Describe), merged.Searches.Select(Describe));
        Assert.NotEmpty(merged.Searches);
        var repeats = written.Count - records.Count;
        Assert.InRange(repeats, 1, written.Count);
        Assert.Contains(
            events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data)).Notes,
            n => n.StartsWith($"events: {records.Count:N0} read ({repeats:N0} repeated ids dropped)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MergeInto_CompactsTheClosedHoursItRead_AndTheNextRunCopiesThem_MergingTheSameData()
    {
        var store = _folder.Path;
        var written = MixedShopEvents.Generate(seed: 5, count: 600, Now.AddHours(-6));
        var hours = written.GroupBy(e => EventSinkLayout.PartitionPath(e.ReceivedAt)).ToList();
        foreach (var hour in hours)
        {
            // Two flushes an hour: worth compacting (one small object is not).
            var halves = hour.Chunk((hour.Count() + 1) / 2).ToList();
            for (var i = 0; i < halves.Count; i++)
            {
                await WriteBatchAsync(store, hour.First().ReceivedAt.AddTicks(i), halves[i]);
            }
        }

        var events = TrainingEvents.From(TrainerVariables.EventsFromStore, 7, store, new FakeTimeProvider(Now))!;
        var closed = hours.Count(hour => hour.Count() >= 2 && EventSinkLayout.IsClosed(EventSinkLayout.Hour(hour.First().ReceivedAt), Now));

        var first = events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data));
        var second = events.MergeInto(ShopDataLoadResult.Complete(SmallShop.Data));

        Assert.InRange(closed, 2, hours.Count - 1); // the hour of Now is open: it stays text
        Assert.Contains(first.Notes, n => n == $"events: 0 hour(s) of the window read from their compacted objects, {closed} closed hour(s) compacted by this read");
        Assert.Contains(second.Notes, n => n == $"events: {closed} hour(s) of the window read from their compacted objects, 0 closed hour(s) compacted by this read");
        Assert.Equal(first.Data.Orders, second.Data.Orders);
        Assert.Equal(first.Data.OrderItems, second.Data.OrderItems);
        Assert.Equal(first.Data.Events, second.Data.Events);
        Assert.Equal(first.Data.Searches.Select(Describe), second.Data.Searches.Select(Describe));
    }

    private static string Describe(ShopSearch search) =>
        $"{search with { Products = [] }} {string.Join(",", search.Products)}";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("none")]
    public void From_NoSink_IsNone(string? spec) =>
        Assert.Null(TrainingEvents.From(spec, 90, _folder.Path, TimeProvider.System));

    [Fact]
    public void From_AnExplicitLocation_ReadsThatSink()
    {
        var other = Path.Combine(_folder.Path, "other-store");

        var events = TrainingEvents.From(other, 30, _folder.Path, TimeProvider.System)!;

        Assert.Equal(Path.GetFullPath(other), events.Location);
        Assert.Equal(30, events.WindowDays);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651)]
    public void From_AWindowOutOfRange_IsRefusedNamingTheOption(int days)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingEvents.From("store", days, _folder.Path, TimeProvider.System));

        Assert.Contains("--events-window-days must be between 1 and 3650", error.Message, StringComparison.Ordinal);
    }
}
