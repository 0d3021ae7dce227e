using System.Text;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

/// <summary>What every event sink does, run against the local folder and S3.</summary>
public abstract partial class EventSinkContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IEventObjects CreateObjects();

    [Fact]
    public async Task Reader_YieldsTheWindowsEvents_DroppingDuplicateIds()
    {
        var objects = CreateObjects();
        await WriteAsync(objects, Now, "writer-a", 0, Event("e1", Now), Event("e2", Now.AddMinutes(1)));
        await WriteAsync(objects, Now.AddHours(1), "writer-b", 0, Event("e2", Now.AddHours(1)), Event("e3", Now.AddHours(1)));
        await WriteAsync(objects, Now.AddHours(5), "writer-a", 1, Event("late", Now.AddHours(5)));

        var read = await new EventSinkReader(objects).ReadAsync(Now.AddMinutes(-30), Now.AddHours(2), Ct).ToListAsync(Ct);

        Assert.Equal(["e1", "e2", "e3"], read.Select(e => e.Id));
        Assert.Equal(Now.AddMinutes(1), read[1].ReceivedAt);
    }

    [Fact]
    public async Task Reader_DecodingObjectsAhead_StillYieldsThemInPathOrder_WithTheFirstOfADuplicateKept()
    {
        var objects = CreateObjects();
        for (var i = 0; i < 12; i++)
        {
            // Big objects and small ones alternate, so decodes running ahead finish out of order.
            var events = Enumerable.Range(0, i % 2 == 0 ? 2_000 : 1).Select(j => Event($"o{i:D2}-{j:D4}", Now.AddMinutes(i))).ToArray();
            await WriteAsync(objects, Now.AddMinutes(i), "w", i, [.. events, Event("dup", Now.AddMinutes(i))]);
        }

        var read = await new EventSinkReader(objects).ReadAsync(Now.AddHours(-1), Now.AddHours(1), Ct).ToListAsync(Ct);

        Assert.Equal(read.Select(e => e.Id).Where(id => id != "dup").Order(StringComparer.Ordinal), read.Select(e => e.Id).Where(id => id != "dup"));
        Assert.Equal(12_007, read.Count);
        Assert.Equal(Now, read.Single(e => e.Id == "dup").ReceivedAt);
    }

    [Fact]
    public async Task Reader_StoppedEarly_EndsCleanly()
    {
        var objects = CreateObjects();
        for (var i = 0; i < 8; i++)
        {
            await WriteAsync(objects, Now.AddMinutes(i), "w", i, Event($"e{i}", Now.AddMinutes(i)));
        }

        var firstTwo = await new EventSinkReader(objects).ReadAsync(Now.AddHours(-1), Now.AddHours(1), Ct).Take(2).ToListAsync(Ct);

        Assert.Equal(["e0", "e1"], firstTwo.Select(e => e.Id));
    }

    [Fact]
    public async Task TwoWriters_InOneHour_KeepBothObjects()
    {
        var objects = CreateObjects();
        var writers = new[] { EventSinkLayout.NewWriterId("pod-1", new Random(1)), EventSinkLayout.NewWriterId("pod-1", new Random(2)) };
        await WriteAsync(objects, Now, writers[0], 0, Event("a", Now));
        await WriteAsync(objects, Now, writers[1], 0, Event("b", Now));

        var listed = await objects.ListAsync(EventSinkLayout.PartitionPath(Now), Ct);
        var read = await new EventSinkReader(objects).ReadAsync(Now.AddHours(-1), Now.AddHours(1), Ct).ToListAsync(Ct);

        Assert.Equal(2, listed.Count);
        Assert.Equal(["a", "b"], read.Select(e => e.Id).Order());
    }

    [Fact]
    public async Task Retention_DeletesDaysOlderThanRetention_KeepsTheRest()
    {
        var objects = CreateObjects();
        foreach (var daysAgo in new[] { 0, 2, 3, 10 })
        {
            await WriteAsync(objects, Now.AddDays(-daysAgo), "w", daysAgo, Event($"d{daysAgo}", Now.AddDays(-daysAgo)));
        }

        var deleted = await EventRetention.DeleteExpiredAsync(objects, Now, retentionDays: 2, Ct);
        var left = await new EventSinkReader(objects).ReadAsync(Now.AddDays(-30), Now.AddDays(1), Ct).ToListAsync(Ct);

        Assert.Equal([new DateOnly(2026, 11, 26), new DateOnly(2026, 12, 3)], deleted);
        Assert.Equal(["d2", "d0"], left.Select(e => e.Id));
    }

    [Fact]
    public async Task Reader_SkipsAnObjectThatIsNotGzipJsonLines_AndCountsIt()
    {
        var objects = CreateObjects();
        await objects.PutAsync(EventSinkLayout.ObjectPath(Now, "broken", 0), Encoding.UTF8.GetBytes("not gzip"), Ct);
        await WriteAsync(objects, Now, "good", 0, Event("ok", Now));
        var reader = new EventSinkReader(objects);

        var read = await reader.ReadAsync(Now.AddHours(-1), Now.AddHours(1), Ct).ToListAsync(Ct);

        Assert.Equal(["ok"], read.Select(e => e.Id));
        Assert.Equal(1, reader.UnreadableObjects);
    }

    [Fact]
    public async Task ReadColumns_GivesTheEventsReadGives_InTheSameOrder_AndCountsTheRepeatsItDropped()
    {
        var objects = CreateObjects();
        // Colliding events (repeated ids, blank ids, bad purchase lines) and events whose text the scanner leaves to the
        // parser (escapes, non-ASCII, properties), over two days, flushed by hour in objects of up to 40 lines.
        var events = MixedShopEvents.Generate(seed: 7, count: 900, Now.AddHours(-3))
            .Concat(RandomShopEvents.Generate(seed: 7, count: 200, Now.AddHours(-2)))
            .OrderBy(e => e.ReceivedAt.UtcTicks)
            .ToList();
        await WriteByHourAsync(events, objects);
        await objects.PutAsync(EventSinkLayout.ObjectPath(Now, "broken", 0), Encoding.UTF8.GetBytes("not gzip"), Ct);
        await objects.PutAsync(
            EventSinkLayout.ObjectPath(Now, "bad-line", 0),
            EventSinkReader.Encode([EventJson.ToLine(Event("fine", Now)), "{\"schemaVersion\":2,\"id\":\n"u8.ToArray()]),
            Ct);
        var (from, to) = (Now.AddHours(-1), Now.AddHours(20));
        var records = new EventSinkReader(objects);
        var columnsReader = new EventSinkReader(objects);

        var read = await records.ReadAsync(from, to, Ct).ToListAsync(Ct);
        var columns = await columnsReader.ReadColumnsAsync(from, to, Ct);

        Assert.Equal(EventColumnRows.Of(read), EventColumnRows.Of(columns));
        var inWindow = events.Count(e => e.ReceivedAt >= from && e.ReceivedAt < to);
        Assert.Equal(inWindow - read.Count, columns.Duplicates);
        Assert.InRange(columns.Duplicates, 1, inWindow - 1);
        Assert.Equal(2, records.UnreadableObjects);
        Assert.Equal(2, columnsReader.UnreadableObjects);
    }

    [Fact]
    public async Task Reader_OfAnEmptySink_YieldsNothing()
    {
        var read = await new EventSinkReader(CreateObjects()).ReadAsync(Now.AddDays(-1), Now, Ct).ToListAsync(Ct);

        Assert.Empty(read);
    }

    protected static ShopEventRecord Event(string id, DateTimeOffset receivedAt) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.ProductView,
        OccurredAt = receivedAt.ToOffset(TimeSpan.FromHours(1)),
        ReceivedAt = receivedAt,
        SessionId = "s1",
        VisitorId = "v1",
        ProductId = "p1",
    };

    /// <summary>Events (in receipt order) written as a server flushes them: by hour, in objects of up to <paramref name="lines"/> lines.</summary>
    protected static async Task WriteByHourAsync(IEnumerable<ShopEventRecord> events, IEventObjects objects, int lines = 40)
    {
        var sequence = 0;
        foreach (var hour in events.GroupBy(e => EventSinkLayout.PartitionPath(e.ReceivedAt)))
        {
            foreach (var batch in hour.Chunk(lines))
            {
                await WriteAsync(objects, batch[0].ReceivedAt, "w", sequence++, batch);
            }
        }
    }

    protected static Task WriteAsync(IEventObjects objects, DateTimeOffset flushedAt, string writer, long sequence, params ShopEventRecord[] events) =>
        objects.PutAsync(EventSinkLayout.ObjectPath(flushedAt, writer, sequence), EventSinkReader.Encode(events.Select(EventJson.ToLine)), Ct);
}
