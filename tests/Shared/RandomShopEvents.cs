using System.Globalization;
using System.Text;
using System.Text.Json;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Testing;

/// <summary>
/// Seeded stored events of every type, with every optional field sometimes set and sometimes not, and text that
/// JSON must escape (quotes, backslashes, control characters, non-ASCII, surrogate pairs): what the sink's writers and
/// readers must carry unchanged. <see cref="Comparable"/> is an event as two stores of it must agree on.
/// </summary>
internal static class RandomShopEvents
{
    private static readonly string[] Pieces = ["a", "Z", "0", "-", "_", " ", "\"", "\\", "/", "\n", "\t", "\u0001", "é", "ß", "中", "😀", "<", "&", "'", "\u2028"];

    /// <summary><paramref name="count"/> events cycling through the types, received from <paramref name="from"/> on, a second apart.</summary>
    public static IReadOnlyList<ShopEventRecord> Generate(int seed, int count, DateTimeOffset from)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => One(random, EventSchema.Types[i % EventSchema.Types.Count], $"ev-{seed}-{i:D6}", from.AddSeconds(i)))];
    }

    public static ShopEventRecord One(Random random, string type, string id, DateTimeOffset receivedAt)
    {
        var offset = TimeSpan.FromMinutes(random.Next(-12 * 4, 14 * 4 + 1) * 15);
        var occurredAt = receivedAt.AddMilliseconds(-random.Next(0, 3_600_000)).ToOffset(offset);
        var customer = random.Next(2) == 0;
        return new ShopEventRecord
        {
            SchemaVersion = random.Next(5) == 0 ? EventSchema.V1 : EventSchema.V2,
            Id = id,
            Type = type,
            OccurredAt = occurredAt,
            ReceivedAt = receivedAt,
            SessionId = Maybe(random, () => Text(random)),
            CustomerId = customer ? "C" + random.Next(100_000).ToString("D5", CultureInfo.InvariantCulture) : null,
            VisitorId = customer ? null : "v-" + random.NextInt64().ToString("x16", CultureInfo.InvariantCulture),
            ProductId = type is EventSchema.ProductView or EventSchema.AddToCart or EventSchema.RemoveFromCart || random.Next(4) == 0
                ? "P" + random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture)
                : null,
            Source = Maybe(random, () => random.Next(3) switch
            {
                0 => new EventSource(Text(random)),
                1 => new EventSource(Position: random.Next(0, 50)),
                _ => new EventSource(Text(random), random.Next(0, 50)),
            }),
            RecommendationId = Maybe(random, () => "rec-" + random.Next().ToString("x8", CultureInfo.InvariantCulture)),
            Query = type == EventSchema.Search ? Text(random) : null,
            ResultCount = type == EventSchema.Search ? random.Next(0, 500) : null,
            Step = type == EventSchema.CheckoutStep ? random.Next(1, 6) : null,
            StepName = type == EventSchema.CheckoutStep ? Maybe(random, () => Text(random)) : null,
            OrderId = type == EventSchema.Purchase ? "O" + random.Next(1_000_000).ToString("D7", CultureInfo.InvariantCulture) : null,
            Lines = type == EventSchema.Purchase ? Lines(random) : null,
            Name = type == EventSchema.Custom ? Text(random) : null,
            Properties = Maybe(random, () => Properties(random)),
            ClientIp = Maybe(random, () => $"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}"),
            UserAgent = Maybe(random, () => Text(random)),
        };
    }

    /// <summary>
    /// The event as any faithful store gives it back: times to the microsecond (PostgreSQL's precision), properties in
    /// key order with each value as its kind and value (not its spelling: <c>"\u00e9"</c> and <c>"é"</c> are one string).
    /// </summary>
    public static string Comparable(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var properties = e.Properties?.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value.ValueKind}:{(p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText())}");
        var plain = e with
        {
            OccurredAt = Microseconds(e.OccurredAt),
            ReceivedAt = Microseconds(e.ReceivedAt),
            Properties = null,
        };
        var lines = e.Lines is null ? "" : string.Join(";", e.Lines.Select(l => $"{l.ProductId}x{l.Quantity}@{l.UnitPrice?.ToString(CultureInfo.InvariantCulture)}"));
        return $"{Encoding.UTF8.GetString(EventJson.ToLine(plain with { Lines = null }))}|{lines}|{(properties is null ? "-" : string.Join(",", properties))}";
    }

    private static DateTimeOffset Microseconds(DateTimeOffset at) => new(at.Ticks - (at.Ticks % 10), at.Offset);

    private static T? Maybe<T>(Random random, Func<T> value) => random.Next(3) == 0 ? default : value();

    private static string Text(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(1, 12); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    private static List<PurchaseLine> Lines(Random random) =>
        [.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => new PurchaseLine(
            "P" + random.Next(10_000).ToString("D4", CultureInfo.InvariantCulture),
            random.Next(1, 10),
            random.Next(3) == 0 ? null : decimal.Round((decimal)(random.NextDouble() * 500), random.Next(0, 3))))];

    private static Dictionary<string, JsonElement> Properties(Random random)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            var json = random.Next(4) switch
            {
                0 => JsonSerializer.Serialize(Text(random)),
                1 => random.Next(-1000, 1000).ToString(CultureInfo.InvariantCulture),
                2 => (random.Next(-100_000, 100_000) / 100.0).ToString("0.0#", CultureInfo.InvariantCulture),
                _ => random.Next(2) == 0 ? "true" : "false",
            };
            properties[$"k{i}_{Text(random)}"] = JsonDocument.Parse(json).RootElement.Clone();
        }

        return properties;
    }
}
