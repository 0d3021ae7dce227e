using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Inference.Tests.Events;

public sealed class EventSinkTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flush_WritesThePendingEventsAsOneObject_AndEmptiesTheBuffer()
    {
        var objects = new InMemoryEventObjects();
        using var sink = Sink(objects);

        Assert.True(sink.TryAdd(Lines("a", "b", "c")));
        Assert.Equal(3, sink.PendingEvents);
        Assert.True(await sink.FlushAsync(Ct));

        var path = Assert.Single(objects.Paths);
        Assert.StartsWith($"events/dt=2026-12-06/hh=09/{sink.WriterId}-0000000000", path, StringComparison.Ordinal);
        Assert.Equal(["a", "b", "c"], EventSinkReader.Decode((await objects.ReadAsync(path, Ct))!).Select(e => e.Id));
        Assert.Equal((0, 0, 3), (sink.PendingEvents, sink.PendingBytes, sink.WrittenEvents));
    }

    [Fact]
    public async Task Flush_SplitsABacklogIntoObjectsOfAtMostFlushBytes()
    {
        var objects = new InMemoryEventObjects();
        var lines = Lines([.. Enumerable.Range(0, 40).Select(i => $"e{i:D2}")]);
        using var sink = Sink(objects, flushBytes: lines.Take(10).Sum(l => l.Length));

        sink.TryAdd(lines);
        await sink.FlushAsync(Ct);

        Assert.Equal(4, objects.Paths.Count);
        Assert.Equal(40, sink.WrittenEvents);
    }

    [Fact]
    public async Task UnreachableSink_KeepsTheBatch_ThenRefusesOnceFull_AndRecoversWhenBack()
    {
        var objects = new InMemoryEventObjects { Unreachable = true };
        var line = Lines("x")[0].Length;
        using var sink = Sink(objects, maxPendingBytes: 64 * 1024, flushBytes: 1024);
        var taken = 0;
        while (sink.TryAdd(Lines($"e{taken}")))
        {
            taken++;
            Assert.False(await sink.FlushAsync(Ct));
        }

        Assert.InRange(sink.PendingBytes, 64 * 1024 - line + 1, 64 * 1024); // refused only once the next would not fit
        Assert.Equal(1, sink.RefusedEvents);
        Assert.Equal(taken, objects.FailedWrites);

        objects.Unreachable = false;
        Assert.True(await sink.FlushAsync(Ct));

        Assert.Equal((taken, 0L), (sink.WrittenEvents, sink.PendingEvents));
        Assert.DoesNotContain(objects.Paths, p => p.EndsWith("-0000000000.jsonl.gz", StringComparison.Ordinal)); // each attempt takes a new name
        Assert.True(sink.TryAdd(Lines("after")));
    }

    [Fact]
    public async Task TwoWriters_OnOneSink_WriteDifferentNames_AndReadersSeeBoth()
    {
        var root = Directory.CreateTempSubdirectory("ecml-events-two-").FullName;
        try
        {
            var objects = new LocalEventObjects(root);
            using var first = Sink(objects);
            using var second = Sink(objects);
            first.TryAdd(Lines("a1", "a2"));
            second.TryAdd(Lines("b1"));

            await Task.WhenAll(first.FlushAsync(Ct), second.FlushAsync(Ct));
            var read = await new EventSinkReader(objects).ReadAsync(Now.AddHours(-1), Now.AddHours(1), Ct).ToListAsync(Ct);

            Assert.NotEqual(first.WriterId, second.WriterId);
            Assert.Equal(2, (await objects.ListAsync(EventSinkLayout.Root, Ct)).Count);
            Assert.Equal(["a1", "a2", "b1"], read.Select(e => e.Id).Order());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task Stop_WritesEverythingPending()
    {
        var objects = new InMemoryEventObjects();
        using var sink = Sink(objects, flushInterval: TimeSpan.FromHours(1));
        await sink.StartAsync(Ct);
        sink.TryAdd(Lines("a", "b"));

        await sink.StopAsync(Ct);

        Assert.Equal(2, sink.WrittenEvents);
        Assert.Single(objects.Paths);
    }

    [Fact]
    public async Task FlushBytesReached_WakesTheLoopBeforeTheInterval()
    {
        var objects = new InMemoryEventObjects();
        var lines = Lines("a", "b");
        using var sink = Sink(objects, flushBytes: lines.Sum(l => l.Length), flushInterval: TimeSpan.FromHours(1));
        await sink.StartAsync(Ct);

        sink.TryAdd(lines);
        while (sink.WrittenEvents < 2)
        {
            await Task.Delay(5, Ct);
        }

        Assert.Single(objects.Paths);
        await sink.StopAsync(Ct);
    }

    private static EventSink Sink(IEventObjects objects, long maxPendingBytes = 1024 * 1024, long flushBytes = 64 * 1024, TimeSpan? flushInterval = null) => new(
        Microsoft.Extensions.Options.Options.Create(new EventSinkOptions
        {
            MaxPendingBytes = maxPendingBytes,
            FlushBytes = flushBytes,
            FlushInterval = flushInterval ?? TimeSpan.FromSeconds(10),
            RetentionDays = 0,
        }),
        () => objects,
        new FakeTimeProvider(Now),
        NullLogger<EventSink>.Instance);

    private static List<byte[]> Lines(params string[] ids) => ids.Select(id => EventJson.ToLine(new ShopEventRecord
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.AddToCart,
        OccurredAt = Now,
        ReceivedAt = Now,
        SessionId = "s",
        VisitorId = "v",
        ProductId = "p",
    })).ToList();
}
