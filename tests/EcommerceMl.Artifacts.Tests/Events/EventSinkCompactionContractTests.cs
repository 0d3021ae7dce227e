using System.Text;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

/// <summary>Compacted hours (<see cref="EventColumnsFile"/>), on every sink: what the column reader writes and reads, and what nothing else sees.</summary>
public abstract partial class EventSinkContractTests
{
    /// <summary>Hours 06..09 of Now's day: 06, 07 and 08 are closed at Now (09:30), 09 is not.</summary>
    private static readonly DateTimeOffset[] Hours = [.. Enumerable.Range(6, 4).Select(h => new DateTimeOffset(2026, 12, 6, h, 0, 0, TimeSpan.Zero))];

    /// <summary>Colliding and plain events over hours 06..09, flushed in objects of up to 4 lines (so each hour is several), and an unreadable object in a closed hour.</summary>
    private static async Task<IReadOnlyList<ShopEventRecord>> WriteMixedAsync(IEventObjects objects)
    {
        var events = MixedShopEvents.Generate(seed: 11, count: 600, Hours[0])
            .Concat(RandomShopEvents.Generate(seed: 11, count: 150, Hours[0]))
            .Where(e => e.ReceivedAt < Hours[3].AddHours(1))
            .OrderBy(e => e.ReceivedAt.UtcTicks)
            .ToList();
        await WriteByHourAsync(events, objects, lines: 4);
        await objects.PutAsync(EventSinkLayout.ObjectPath(Hours[1], "broken", 0), Encoding.UTF8.GetBytes("not gzip"), Ct);
        return events;
    }

    [Fact]
    public async Task ReadColumns_CompactsTheClosedHoursItReads_AndTheNextReadCopiesThem_GivingTheRowsTheRecordsGive()
    {
        var objects = CreateObjects();
        var events = await WriteMixedAsync(objects);
        var (from, to) = (Hours[0].AddMinutes(20), Now.AddHours(1)); // the first hour cut by the window
        var expected = await new EventSinkReader(objects).ReadAsync(from, to, Ct).ToListAsync(Ct);
        var first = new EventSinkReader(objects) { CompactAsOf = Now };

        var firstRead = await first.ReadColumnsAsync(from, to, Ct);
        var second = new EventSinkReader(objects);
        var secondRead = await second.ReadColumnsAsync(from, to, Ct);

        Assert.Equal(3, first.Compaction.HoursWritten);
        Assert.Equal(0, first.Compaction.HoursRead);
        Assert.Equal(3, second.Compaction.HoursRead);
        Assert.Equal(EventColumnRows.Of(expected), EventColumnRows.Of(firstRead));
        Assert.Equal(EventColumnRows.Of(expected), EventColumnRows.Of(secondRead));
        Assert.Equal(firstRead.Duplicates, secondRead.Duplicates);
        Assert.InRange(secondRead.Duplicates, 1, events.Count);
        // The unreadable object is not listed in its hour's compacted object: every read tries it again and says so.
        Assert.Equal(1, first.UnreadableObjects);
        Assert.Equal(1, second.UnreadableObjects);
        Assert.Null(await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[3]), Ct));
    }

    [Fact]
    public async Task Compaction_IsInvisibleToListingsAndRecordReaders_AndRetentionDeletesItWithItsDay()
    {
        var objects = CreateObjects();
        await WriteMixedAsync(objects);
        var before = await new EventSinkReader(objects).ReadAsync(Hours[0], Now, Ct).ToListAsync(Ct);
        var listed = await objects.ListAsync(EventSinkLayout.Root, Ct);
        var reader = new EventSinkReader(objects);

        Assert.Equal(3, await reader.CompactAsync(Hours[0], Now, Now, Ct));

        Assert.Equal(listed, await objects.ListAsync(EventSinkLayout.Root, Ct));
        Assert.Equal(before.Select(e => e.Id), (await new EventSinkReader(objects).ReadAsync(Hours[0], Now, Ct).ToListAsync(Ct)).Select(e => e.Id));
        Assert.NotNull(await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[0]), Ct));
        Assert.Equal(0, await reader.CompactAsync(Hours[0], Now, Now, Ct)); // each hour once

        await EventRetention.DeleteExpiredAsync(objects, Now.AddDays(10), retentionDays: 3, Ct);

        Assert.Null(await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[0]), Ct));
        Assert.Empty(await objects.ListFoldersAsync(EventSinkLayout.Root, Ct));
    }

    [Fact]
    public async Task ReadColumns_LeavesAClosedHourOfOneSmallObjectAsItIs_ButCompactsOneOfAThousandEvents()
    {
        var objects = CreateObjects();
        await WriteAsync(objects, Hours[0], "a", 0, Event("small", Hours[0]));
        var many = Enumerable.Range(0, EventSinkReader.MinEventsWorthCompacting).Select(i => Event($"m{i}", Hours[1].AddSeconds(i))).ToArray();
        await WriteAsync(objects, Hours[1], "a", 1, many);
        var reader = new EventSinkReader(objects) { CompactAsOf = Now };

        var read = await reader.ReadColumnsAsync(Hours[0], Now, Ct);

        Assert.Equal(1 + many.Length, read.Count);
        Assert.Equal(1, reader.Compaction.HoursWritten);
        Assert.Null(await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[0]), Ct));
        Assert.NotNull(await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[1]), Ct));
    }

    [Fact]
    public async Task ReadColumns_AlsoReadsAnObjectWrittenIntoTheHourAfterItWasCompacted()
    {
        var objects = CreateObjects();
        await WriteAsync(objects, Hours[0].AddMinutes(5), "a", 0, Event("a0", Hours[0].AddMinutes(5)));
        await WriteAsync(objects, Hours[0].AddMinutes(6), "a", 1, Event("a1", Hours[0].AddMinutes(6)));
        Assert.Equal(1, await new EventSinkReader(objects).CompactAsync(Hours[0], Now, Now, Ct));
        // A write that became visible late (a slow upload, a server whose clock is behind), before and after the listed one.
        await WriteAsync(objects, Hours[0].AddMinutes(59), "0-late", 0, Event("late0", Hours[0].AddMinutes(59)));
        await WriteAsync(objects, Hours[0].AddMinutes(59), "z-late", 0, Event("late1", Hours[0].AddMinutes(59)), Event("a0", Hours[0].AddMinutes(59)));
        var reader = new EventSinkReader(objects);

        var read = await reader.ReadColumnsAsync(Hours[0], Now, Ct);

        // The compacted rows come first, then the sources it does not list, in path order; a0's first copy is kept.
        Assert.Equal(["a0", "a1", "late0", "late1"], Enumerable.Range(0, read.Count).Select(read.IdText));
        Assert.Equal(Hours[0].AddMinutes(5).UtcTicks, read.ReceivedAtUtcTicks(0));
        Assert.Equal(1, read.Duplicates);
        Assert.Equal(1, reader.Compaction.HoursRead);
    }

    [Fact]
    public async Task ReadColumns_OfAHourWhoseCompactedObjectIsDamaged_ReadsItsSources_CountsIt_AndLeavesItAsItIs()
    {
        var objects = CreateObjects();
        await WriteAsync(objects, Hours[0], "a", 0, Event("a0", Hours[0]), Event("a1", Hours[0].AddMinutes(1)));
        var damaged = EventColumnsFile.Encode(new EventColumns(), [])[..10];
        await objects.PutAsync(EventSinkLayout.CompactedPath(Hours[0]), damaged, Ct);
        var reader = new EventSinkReader(objects) { CompactAsOf = Now };

        var read = await reader.ReadColumnsAsync(Hours[0], Now, Ct);

        Assert.Equal(["a0", "a1"], Enumerable.Range(0, read.Count).Select(read.IdText));
        Assert.Equal(1, reader.UnreadableObjects);
        Assert.Equal(0, reader.Compaction.HoursWritten);
        Assert.Equal(0, reader.Compaction.Failures);
        Assert.Equal(damaged, await objects.ReadAsync(EventSinkLayout.CompactedPath(Hours[0]), Ct));
    }

    [Fact]
    public async Task ReadColumns_OfASinkThatRefusesWrites_ReadsEveryEvent_AndTriesToCompactOnce()
    {
        var inner = CreateObjects();
        await WriteMixedAsync(inner);
        var objects = new RefusingWrites(inner);
        var expected = await new EventSinkReader(inner).ReadColumnsAsync(Hours[0], Now, Ct);
        var reader = new EventSinkReader(objects) { CompactAsOf = Now };

        var read = await reader.ReadColumnsAsync(Hours[0], Now, Ct);

        Assert.Equal(EventColumnRows.Of(expected), EventColumnRows.Of(read));
        Assert.Equal(0, reader.Compaction.HoursWritten);
        Assert.Equal(1, reader.Compaction.Failures);
        Assert.Equal(1, objects.Attempts);
        Assert.Contains(EventSinkLayout.CompactedName, reader.Compaction.FirstError, StringComparison.Ordinal);
        Assert.Contains("read-only", reader.Compaction.FirstError, StringComparison.Ordinal);
    }

    /// <summary>A sink the reader may read but not write (a trainer given read-only credentials).</summary>
    private sealed class RefusingWrites(IEventObjects inner) : IEventObjects
    {
        private int _attempts;

        public int Attempts => _attempts;

        public string Location => inner.Location;

        public Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _attempts);
            throw new UnauthorizedAccessException("the sink is read-only for this reader");
        }

        public Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default) => inner.ListAsync(folder, cancellationToken);

        public Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default) => inner.ReadAsync(path, cancellationToken);

        public Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default) => inner.DeleteFolderAsync(folder, cancellationToken);

        public Task<IReadOnlyList<string>> ListFoldersAsync(string folder, CancellationToken cancellationToken = default) => inner.ListFoldersAsync(folder, cancellationToken);
    }
}
