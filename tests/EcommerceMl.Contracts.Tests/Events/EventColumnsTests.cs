using System.Text;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Contracts.Tests.Events;

public sealed class EventColumnsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Intern_TheSameText_IsOneNumber_ThroughEveryGrowthOfTheTable()
    {
        var strings = new EventStrings();
        var texts = Enumerable.Range(0, 5_000).Select(i => $"customer-{i}").Append("é中😀").Append("").ToList();

        var first = texts.Select(strings.Intern).ToList();
        var again = texts.Select(t => strings.Intern(Encoding.UTF8.GetBytes(t))).ToList();

        Assert.Equal(first, again);
        Assert.Equal(texts.Count, strings.Count);
        Assert.Equal(texts, first.Select(n => strings[n]));
        Assert.Equal(first[42], strings.Find("customer-42"));
        Assert.Equal(EventColumns.None, strings.Find("customer-5000"));
        Assert.Equal(texts.Count, strings.Count); // finding adds nothing
    }

    [Fact]
    public void TimeOrder_IsByTheInstant_ThenByIdAsOrdinalStringsCompare()
    {
        var columns = new EventColumns();
        // One instant written with two offsets, and ids whose UTF-8 order differs from their UTF-16 order
        // (U+FF5E sorts after a surrogate pair in UTF-8, before it in UTF-16).
        string[] ids = ["b", "\uFF5E", "😀", "a", "late", "early"];
        DateTimeOffset[] times = [Noon, Noon.ToOffset(TimeSpan.FromHours(5)), Noon, Noon.ToOffset(TimeSpan.FromHours(-3)), Noon.AddSeconds(1), Noon.AddSeconds(-1)];
        for (var i = 0; i < ids.Length; i++)
        {
            columns.Add(new ShopEventRecord { SchemaVersion = 2, Id = ids[i], Type = EventSchema.PageView, OccurredAt = times[i], ReceivedAt = Noon });
        }

        var expected = ids.Zip(times).OrderBy(e => e.Second.UtcTicks).ThenBy(e => e.First, StringComparer.Ordinal).Select(e => e.First);

        Assert.Equal(expected, columns.TimeOrder().Select(columns.IdText));
    }

    [Fact]
    public void TryAdd_ARepeatedId_IsCountedNotAdded()
    {
        var columns = new EventColumns();
        var e = new ShopEventRecord { SchemaVersion = 2, Id = "e1", Type = EventSchema.Purchase, OccurredAt = Noon, ReceivedAt = Noon, OrderId = "o1", Lines = [new("p1", 2, 9.5m), null!] };

        Assert.True(columns.TryAdd(e));
        Assert.False(columns.TryAdd(e with { OrderId = "o2" }));

        Assert.Equal((1, 1L), (columns.Count, columns.Duplicates));
        Assert.Equal("o1", columns.Strings.Get(columns.Order(0)));
        Assert.Equal((0, 2), columns.Lines(0));
        Assert.Equal(("p1", 2, 9.5m), (columns.Strings.Get(columns.LineProduct(0)), columns.LineQuantity(0), columns.LineUnitPrice(0)));
        Assert.Equal((EventColumns.None, (int?)null, (decimal?)null), (columns.LineProduct(1), columns.LineQuantity(1), columns.LineUnitPrice(1)));
    }
}
