namespace EcommerceMl.Contracts.Tests.Events;

public sealed class EventSinkLayoutTests
{
    [Fact]
    public void ObjectPath_IsHourPartitionedByTheUtcFlushTime()
    {
        var flushedAt = new DateTimeOffset(2026, 12, 6, 0, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal("events/dt=2026-12-05/hh=22/pod-a-1f-0000000042.jsonl.gz", EventSinkLayout.ObjectPath(flushedAt, "pod-a-1f", 42));
    }

    [Fact]
    public void Hours_CoverTheWindowFromTheHourItStartsIn()
    {
        var from = new DateTimeOffset(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

        var hours = EventSinkLayout.Hours(from, from.AddHours(2)).ToList();

        Assert.Equal([from.AddMinutes(-30), from.AddMinutes(30), from.AddMinutes(90)], hours);
    }

    [Fact]
    public void NewWriterId_DiffersPerProcess_AndKeepsOnlySafeCharacters()
    {
        var a = EventSinkLayout.NewWriterId("Shop_Recs.Pod/1", new Random(1));
        var b = EventSinkLayout.NewWriterId("Shop_Recs.Pod/1", new Random(2));

        Assert.StartsWith("shop-recs-pod-1-", a, StringComparison.Ordinal);
        Assert.NotEqual(a, b);
        Assert.Matches("^[a-z0-9-]+$", a);
    }

    [Theory]
    [InlineData("events/dt=2026-12-06", 2026, 12, 6)]
    [InlineData("events/dt=2026-12-06/hh=09/w-0000000001.jsonl.gz", 2026, 12, 6)]
    public void DayOf_ReadsThePartitionsDay(string path, int year, int month, int day) =>
        Assert.Equal(new DateOnly(year, month, day), EventSinkLayout.DayOf(path));

    [Theory]
    [InlineData("events/other")]
    [InlineData("models/x")]
    [InlineData("events/dt=not-a-date")]
    public void DayOf_OtherPaths_IsNull(string path) => Assert.Null(EventSinkLayout.DayOf(path));

    [Fact]
    public void CompactedPath_IsInItsHoursPartition_AndNoListingOfSourceObjectsTakesIt()
    {
        var at = new DateTimeOffset(2026, 12, 6, 10, 15, 0, TimeSpan.FromHours(1));

        var path = EventSinkLayout.CompactedPath(at);

        Assert.Equal("events/dt=2026-12-06/hh=09/_columns.v1.bin.gz", path);
        Assert.False(path.EndsWith(EventSinkLayout.Extension, StringComparison.Ordinal));
        Assert.Equal(new DateOnly(2026, 12, 6), EventSinkLayout.DayOf(path));
    }

    [Theory]
    [InlineData("2026-12-06T10:09:59Z", false)] // hour 09 ended at 10:00, but a write started before then may still land
    [InlineData("2026-12-06T10:10:00Z", true)]
    [InlineData("2026-12-07T00:00:00Z", true)]
    public void IsClosed_TenMinutesAfterTheHoursEnd(string now, bool closed)
    {
        var hour = new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

        Assert.Equal(closed, EventSinkLayout.IsClosed(hour.AddMinutes(30), DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ContentTypeOf_IsJsonLinesForASourceObject_AndBinaryForACompactedOne()
    {
        Assert.Equal(EventSinkLayout.ContentType, EventSinkLayout.ContentTypeOf("events/dt=2026-12-06/hh=09/w-0000000001.jsonl.gz"));
        Assert.Equal("application/octet-stream", EventSinkLayout.ContentTypeOf(EventSinkLayout.CompactedPath(DateTimeOffset.UnixEpoch)));
    }
}
