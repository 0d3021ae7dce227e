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
}
