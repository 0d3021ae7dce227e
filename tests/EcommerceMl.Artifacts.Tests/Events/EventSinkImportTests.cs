using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

public sealed class EventSinkImportTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("ecml-import-").FullName;

    private static ShopEventRecord Event(string id, DateTimeOffset receivedAt) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = EventSchema.Search,
        OccurredAt = receivedAt.AddSeconds(-2),
        ReceivedAt = receivedAt,
        SessionId = "s1",
        Query = "linen pillow",
        ResultCount = 4,
    };

    [Fact]
    public async Task Write_PutsEachHoursEventsInThatHoursPartition_AndTheReaderGetsThemBack()
    {
        var objects = new LocalEventObjects(_root);
        ShopEventRecord[] events = [Event("e3", Noon.AddHours(2)), Event("e1", Noon.AddMinutes(5)), Event("e2", Noon.AddMinutes(50))];

        var written = await EventSinkImport.WriteAsync(objects, events, "synthetic", TestContext.Current.CancellationToken);

        Assert.Equal(2, written);
        Assert.Equal(
            ["events/dt=2026-11-02/hh=12/synthetic-0000000001.jsonl.gz", "events/dt=2026-11-02/hh=14/synthetic-0000000002.jsonl.gz"],
            await objects.ListAsync(EventSinkLayout.Root, TestContext.Current.CancellationToken));
        var read = await new EventSinkReader(objects).ReadAsync(Noon.AddDays(-1), Noon.AddDays(1), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["e1", "e2", "e3"], read.Select(e => e.Id));
        Assert.Equal(events.OrderBy(e => e.Id), read.OrderBy(e => e.Id));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
