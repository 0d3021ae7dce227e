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
    public void Intern_StringsAlikeButForTheirLengthOrLastByte_AreDifferentNumbers()
    {
        var strings = new EventStrings();
        string[] texts = ["", "\0", "a", "a\0", "a\0\0", new('x', 14), new('x', 15), new('x', 16), new string('x', 15) + "y", new string('x', 16) + "y", new('x', 40)];

        var numbers = texts.Select(strings.Intern).ToList();

        Assert.Equal(texts.Length, numbers.Distinct().Count());
        Assert.Equal(numbers, texts.Select(t => strings.Find(Encoding.UTF8.GetBytes(t))));
        Assert.Equal(texts, numbers.Select(n => strings[n]));
        Assert.Equal(EventColumns.None, strings.Find("a\0\0\0"u8));
        Assert.Equal(EventColumns.None, strings.Find(new string('x', 41)));
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

    [Fact]
    public void AddRange_GivesTheRowsAddingEachRowGives_RenumberedIntoTheWindowsTable()
    {
        var from = new EventColumns();
        from.Add(Event("e1", EventSchema.ProductView) with { CustomerId = "c1", ProductId = "p1", SessionId = "s1" });
        from.Add(Event("e2", EventSchema.Purchase) with { VisitorId = "v1", OrderId = "o1", Lines = [new("p2", 2, 9.5m), new(null, null, null)] });
        from.Add(Event("e3", EventSchema.Search) with { SessionId = "s1", Query = "mug", ResultCount = 4 });
        from.Add(Event("e4", EventSchema.Purchase) with { CustomerId = "c1", OrderId = "o2", Lines = [new("p1", 1, 3m)], SessionId = "" });
        var window = new EventColumns();
        window.Strings.Intern("already-here"); // so the two tables' numbers differ
        var oneByOne = new EventColumns();
        var map = new EventColumns.StringMap(from.Strings, window.Strings);
        var sameMap = new EventColumns.StringMap(from.Strings, oneByOne.Strings);

        window.AddRange(from, 0, 1, map);
        window.AddRange(from, 1, 0, map);
        window.AddRange(from, 1, 3, map);
        for (var row = 0; row < from.Count; row++)
        {
            oneByOne.Add(from, row, sameMap);
        }

        Assert.Equal(Rows(from), Rows(window));
        Assert.Equal(Rows(from), Rows(oneByOne));
        Assert.Equal([(0, 0), (0, 2), (2, 0), (2, 1)], Enumerable.Range(0, window.Count).Select(window.Lines));
    }

    [Fact]
    public void Session_IsNumberedAtOnceForASearch_AndOnFirstAskForAnyOtherEvent()
    {
        var columns = new EventColumns();
        columns.Add(Event("e1", EventSchema.Search) with { SessionId = "s-search", Query = "mug" });
        columns.Add(Event("e2", EventSchema.ProductView) with { SessionId = "s-view", ProductId = "p1" });
        columns.Add(Event("e3", EventSchema.ProductView) with { ProductId = "p1" });

        Assert.NotEqual(EventColumns.None, columns.Strings.Find("s-search"));
        Assert.Equal(EventColumns.None, columns.Strings.Find("s-view"));
        Assert.Equal("s-view"u8.ToArray(), columns.SessionId(1).ToArray());

        Assert.Equal("s-view", columns.Strings[columns.Session(1)]);
        Assert.Equal(columns.Session(1), columns.Strings.Find("s-view"u8));
        Assert.Equal((EventColumns.None, 0), (columns.Session(2), columns.SessionId(2).Length));
    }

    private static ShopEventRecord Event(string id, string type) =>
        new() { SchemaVersion = 2, Id = id, Type = type, OccurredAt = Noon, ReceivedAt = Noon.AddSeconds(1) };

    /// <summary>Every column of every row as text (strings by their text, not their numbers).</summary>
    private static List<string> Rows(EventColumns c) =>
    [
        .. Enumerable.Range(0, c.Count).Select(row =>
        {
            var s = c.Strings;
            var (start, count) = c.Lines(row);
            var lines = Enumerable.Range(start, count).Select(line => $"{s.Get(c.LineProduct(line))}x{c.LineQuantity(line)}@{c.LineUnitPrice(line)}");
            return string.Join("|", c.IdText(row), s[c.Type(row)], c.OccurredAtUtcTicks(row), c.ReceivedAtUtcTicks(row), s.Get(c.Customer(row)),
                s.Get(c.Visitor(row)), s.Get(c.Product(row)), s.Get(c.Session(row)), s.Get(c.Query(row)), c.ResultCount(row), s.Get(c.Order(row)),
                string.Join(";", lines));
        }),
    ];
}
