using System.Globalization;
using System.Text;
using System.Text.Json;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

/// <summary>
/// The byte scanner against the serializer: every line it reads it must read as the serializer does, it must read
/// the writer's lines of plain ASCII itself (that is its purpose), and it must leave every other line to the parser
/// (null), never read one differently.
/// </summary>
public sealed class StoredEventScannerTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryScan_TheWritersLinesOfPlainText_ReadsThemAsTheSerializerDoes(int seed)
    {
        var events = RandomShopEvents.Generate(seed, count: 400, Noon).Select(Plain).ToList();

        foreach (var e in events)
        {
            var line = EventJson.ToLine(e);

            var scanned = StoredEventScanner.TryScan(line);

            Assert.NotNull(scanned);
            Assert.Equal(Written(EventJson.FromLine(line)), Written(scanned));
        }

        Assert.Equal(EventSchema.Types.Count, events.Select(e => e.Type).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryScan_AnyLineTheWriterWrote_EitherLeavesItOrReadsItAsTheSerializerDoes(int seed)
    {
        var left = 0;
        foreach (var e in RandomShopEvents.Generate(seed, count: 400, Noon))
        {
            var line = EventJson.ToLine(e);
            if (StoredEventScanner.TryScan(line) is { } scanned)
            {
                Assert.Equal(Written(EventJson.FromLine(line)), Written(scanned));
            }
            else
            {
                left++;
            }
        }

        Assert.InRange(left, 1, 399); // escapes and properties are left to the parser, plain lines are not
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryScanInto_TakesExactlyTheLinesTryScanTakes_WithTheirValues(int seed)
    {
        var lines = RandomShopEvents.Generate(seed, count: 400, Noon).SelectMany(e => new[] { EventJson.ToLine(e), EventJson.ToLine(Plain(e)) })
            .Concat(MixedShopEvents.Generate(seed, count: 200, Noon).Select(EventJson.ToLine))
            .Concat(OutOfShape().Select(field => Line(field)));
        var columns = new EventColumns();
        var scanned = new List<ShopEventRecord>();

        foreach (var line in lines)
        {
            var record = StoredEventScanner.TryScan(line);

            Assert.Equal(record is not null, StoredEventScanner.TryScanInto(line, columns));
            if (record is not null)
            {
                scanned.Add(record);
            }

            Assert.Equal(scanned.Count, columns.Count); // a line left to the parser adds nothing, however far the scan got
        }

        Assert.Equal(EventColumnRows.Of(scanned), EventColumnRows.Of(columns));
        Assert.InRange(scanned.Count, 600, 1_000); // every plain line (400 + 200) and some of the others were taken, not all
    }

    [Theory]
    [InlineData("2026-12-06T12:00:00+00:00")]
    [InlineData("2026-12-06T12:00:00Z")]
    [InlineData("2026-12-06T12:00:00.1+05:30")]
    [InlineData("2026-12-06T12:00:00.1234567-09:45")]
    [InlineData("2024-02-29T23:59:59.000001+13:59")]
    [InlineData("2026-12-06T12:00:00-14:00")]
    [InlineData("0002-01-01T00:00:00-13:00")]
    [InlineData("9998-12-31T23:59:59.9999999+13:00")]
    public void TryScan_ATime_IsTheSerializersTime(string time)
    {
        var line = Line($"\"occurredAt\":\"{time}\"");

        var scanned = StoredEventScanner.TryScan(line);

        Assert.NotNull(scanned);
        var expected = EventJson.FromLine(line).OccurredAt;
        Assert.Equal(expected, scanned.OccurredAt);
        Assert.Equal(expected.Offset, scanned.OccurredAt.Offset);
    }

    /// <summary>Lines the scanner leaves to the parser, some of them far into the line (lines checked, then a bad field).</summary>
    private static IEnumerable<string> OutOfShape() =>
    [
        "\"sessionId\": \"s\"", "\"SessionId\":\"s\"", "\"properties\":{}", "\"future\":1", "\"resultCount\":01", "\"resultCount\":1234567890",
        "\"source\":{\"page\":\"p\",}", "\"lines\":[{\"unitPrice\":1e2}]", "\"lines\":[null]", "\"lines\":[{\"productId\":\"P\"},]",
        "\"lines\":[{\"productId\":\"P\"}],\"userAgent\":1",
    ];

    [Theory]
    [InlineData("\"occurredAt\":\"2026-12-06T12:00:00.12345678+00:00\"")] // more digits than ticks hold
    [InlineData("\"occurredAt\":\"2026-12-06T12:00:60+00:00\"")] // a leap second
    [InlineData("\"occurredAt\":\"2026-02-29T12:00:00+00:00\"")] // no such day
    [InlineData("\"occurredAt\":\"2026-12-06T12:00:00+14:30\"")] // past the offset's limit
    [InlineData("\"occurredAt\":\"2026-12-06T12:00:00-15:00\"")]
    [InlineData("\"occurredAt\":\"2026-12-06T12:00+00:00\"")] // no seconds
    [InlineData("\"occurredAt\":\"2026-12-06T12:00:00\"")] // no offset
    [InlineData("\"occurredAt\":\"2026-12-06 12:00:00+00:00\"")]
    [InlineData("\"sessionId\":\"a\\\"b\"")] // an escape
    [InlineData("\"sessionId\":\"é\"")] // not ASCII
    [InlineData("\"sessionId\":null")] // the writer leaves nulls out
    [InlineData("\"sessionId\": \"s\"")] // whitespace
    [InlineData("\"sessionId\":\"s\",\"sessionId\":\"t\"")] // a name twice
    [InlineData("\"SessionId\":\"s\"")] // another spelling
    [InlineData("\"properties\":{}")] // JSON values are the parser's
    [InlineData("\"future\":1")]
    [InlineData("\"resultCount\":01")]
    [InlineData("\"resultCount\":1.0")]
    [InlineData("\"resultCount\":1e2")]
    [InlineData("\"resultCount\":\"1\"")]
    [InlineData("\"resultCount\":1234567890")] // ten digits may not fit an int
    [InlineData("\"source\":{\"page\":\"p\",\"page\":\"q\"}")]
    [InlineData("\"source\":{\"page\":\"p\",}")]
    [InlineData("\"lines\":[{\"unitPrice\":1e2}]")]
    [InlineData("\"lines\":[{\"unitPrice\":.5}]")]
    [InlineData("\"lines\":[{\"unitPrice\":1.}]")]
    [InlineData("\"lines\":[null]")]
    [InlineData("\"lines\":[{\"productId\":\"P\"},]")]
    public void TryScan_ALineOutOfTheWritersShape_IsLeftToTheParser(string field)
    {
        Assert.Null(StoredEventScanner.TryScan(Line(field)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+00:00"}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+00:00","receivedAt":"2026-12-06T12:00:00+00:00"} {}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+00:00","receivedAt":"2026-12-06T12:00:00+00:00"}""" + "\n\n")]
    public void TryScan_NotOneWholeEvent_IsLeftToTheParser(string line)
    {
        Assert.Null(StoredEventScanner.TryScan(Encoding.UTF8.GetBytes(line)));
    }

    [Theory]
    [InlineData("\"source\":{}")]
    [InlineData("\"source\":{\"position\":-3}")]
    [InlineData("\"lines\":[]")]
    [InlineData("\"lines\":[{}]")]
    [InlineData("\"lines\":[{\"productId\":\"P1\",\"quantity\":0,\"unitPrice\":-1.50},{\"unitPrice\":19.990}]")]
    [InlineData("\"lines\":[{\"unitPrice\":123456789012345678.5}]")]
    [InlineData("\"type\":\"a_new_type\"")]
    [InlineData("\"resultCount\":-0")]
    public void TryScan_AnUnusualButPlainLine_IsTheSerializersEvent(string field)
    {
        var line = Line(field);

        var scanned = StoredEventScanner.TryScan(line);

        Assert.NotNull(scanned);
        Assert.Equal(Written(EventJson.FromLine(line)), Written(scanned));
    }

    /// <summary>A page view with the field given in place of (or after) the usual ones.</summary>
    private static byte[] Line(string field)
    {
        var name = field[..(field.IndexOf(':', StringComparison.Ordinal) + 1)];
        var fields = new List<string>
        {
            "\"schemaVersion\":2", "\"id\":\"e-1\"", "\"type\":\"page_view\"", "\"occurredAt\":\"2026-12-06T12:00:00+00:00\"", "\"receivedAt\":\"2026-12-06T11:00:00+00:00\"",
        };
        var at = fields.FindIndex(f => f.StartsWith(name, StringComparison.Ordinal));
        if (at >= 0)
        {
            fields[at] = field;
        }
        else
        {
            fields.Add(field);
        }

        return Encoding.UTF8.GetBytes("{" + string.Join(",", fields) + "}\n");
    }

    /// <summary>The event with its free text made plain ASCII (as ids, pages and queries usually are) and no properties.</summary>
    private static ShopEventRecord Plain(ShopEventRecord e) => e with
    {
        SessionId = PlainText(e.SessionId),
        Source = e.Source is null ? null : e.Source with { Page = PlainText(e.Source.Page) },
        Query = PlainText(e.Query),
        StepName = PlainText(e.StepName),
        Name = PlainText(e.Name),
        UserAgent = PlainText(e.UserAgent),
        Properties = null,
    };

    private static string? PlainText(string? text) =>
        text is null ? null : "t " + string.Join("", Encoding.UTF8.GetBytes(text).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) + " /?=";

    /// <summary>An event as the writer writes it, with the type's identity and the lines' count.</summary>
    private static string Written(ShopEventRecord e) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e, EventJson.Options)) + "|" + e.Type + "|" + e.Id + "|" + (e.Lines?.Count ?? -1);
}
