using System.Text;
using System.Text.Json;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

/// <summary>
/// The hand-written parser against the serializer it replaces on the read path: on lines the real writer made, and
/// on those lines bent into what only the serializer knows (another spelling, a quoted number, an unknown field, a
/// missing field, bad JSON), both must give the same event or both refuse.
/// </summary>
public sealed class StoredEventParserTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 8)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parse_WhatTheWriterWrote_GivesWhatTheSerializerGives(int seed)
    {
        var events = RandomShopEvents.Generate(seed, count: 400, Noon);

        foreach (var e in events)
        {
            var line = EventJson.ToLine(e);
            var parsed = StoredEventParser.Parse(line);

            Assert.NotNull(StoredEventParser.TryParse(line)); // read by the fast path, not handed to the serializer

            Assert.Equal(Written(EventJson.FromLine(line)), Written(parsed));
            Assert.Equal(RandomShopEvents.Comparable(e), RandomShopEvents.Comparable(parsed));
        }

        Assert.Equal(EventSchema.Types.Order(StringComparer.Ordinal), events.Select(e => e.Type).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Parse_LinesBentOutOfTheWritersShape_AgreesWithTheSerializer(int seed)
    {
        var random = new Random(seed);
        foreach (var e in RandomShopEvents.Generate(seed, count: 120, Noon))
        {
            var json = Encoding.UTF8.GetString(EventJson.ToLine(e)).TrimEnd('\n');
            foreach (var bent in Bend(json, random))
            {
                AssertAgrees(bent);
            }
        }
    }

    [Theory]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    [InlineData("""{"schemaVersion":"2","id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    [InlineData("""{"SchemaVersion":2,"ID":"a","Type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"new_type","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00","future":{"x":[1]}}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00"}""")]
    [InlineData("""{"schemaVersion":2,"id":null,"type":null,"occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    [InlineData("""{"schemaVersion":2.5,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"purchase","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00","lines":[null,{"productId":"P1"}]}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06","receivedAt":"2026-12-06T11:00:00Z","source":{"page":"/","extra":1}}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"custom","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00","properties":{"k":1,"k":"two","n":{"deep":[true]}}}""")]
    [InlineData("""{"schemaVersion":2,"id":"a","type":"page_view","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"} {}""")]
    [InlineData("""{"schemaVersion":2,"id":"a",}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""null""")]
    [InlineData("""{"schemaVersion":2,"id":"\u00e9\"","type":"page\u005fview","occurredAt":"2026-12-06T12:00:00+01:00","receivedAt":"2026-12-06T11:00:00+00:00"}""")]
    public void Parse_AnOddLine_AgreesWithTheSerializer(string line) => AssertAgrees(line);

    [Fact]
    public void Parse_AKnownType_SharesTheSchemasString()
    {
        var line = EventJson.ToLine(RandomShopEvents.Generate(1, 1, Noon)[0]);

        Assert.Same(EventSchema.PageView, StoredEventParser.Parse(line).Type);
    }

    /// <summary>The same line with one thing changed that the writer never does.</summary>
    private static IEnumerable<string> Bend(string json, Random random)
    {
        var names = new[] { "schemaVersion", "id", "type", "occurredAt", "receivedAt", "sessionId", "customerId", "productId", "source", "lines", "properties", "resultCount" }
            .Where(n => json.Contains($"\"{n}\":", StringComparison.Ordinal)).ToList();
        var name = names[random.Next(names.Count)];
        yield return json.Replace($"\"{name}\":", $"\"{name.ToUpperInvariant()}\":", StringComparison.Ordinal); // another spelling
        yield return json.Replace($"\"{name}\":", "\"dropped\":", StringComparison.Ordinal); // unknown field, maybe a required one gone
        yield return json.Replace($"\"{name}\":", $"\"{name}\":null,\"{name}\":", StringComparison.Ordinal); // a repeated name
        yield return json[..^1] + ",\"later\":{\"x\":[1,2]}}"; // a field a later writer might add
        yield return json.Replace("\"schemaVersion\":2", "\"schemaVersion\":\"2\"", StringComparison.Ordinal); // a number in quotes
        yield return json[..random.Next(1, json.Length)]; // cut short
        yield return json.Replace(":", ": ", StringComparison.Ordinal).Replace(",", " ,\n ", StringComparison.Ordinal); // other whitespace
    }

    private static void AssertAgrees(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var expected = Outcome(() => EventJson.FromLine(bytes));
        var actual = Outcome(() => StoredEventParser.Parse(bytes));
        Assert.True(expected == actual, $"line: {line}\nserializer: {expected}\nparser:     {actual}");
    }

    private static string Outcome(Func<ShopEventRecord> parse)
    {
        try
        {
            return Written(parse());
        }
        catch (JsonException)
        {
            return "refused";
        }
    }

    /// <summary>An event as the writer writes it: equal lines, equal events (properties' values by their text).</summary>
    private static string Written(ShopEventRecord e) =>
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(e, EventJson.Options)) + "|" + e.Type + "|" + e.Id + "|" + (e.Lines?.Count ?? -1);
}
