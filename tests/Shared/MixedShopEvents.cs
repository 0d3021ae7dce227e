using System.Globalization;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Testing;

/// <summary>
/// Seeded events that collide the way a merge must untangle: a few customers, visitors, products, sessions and orders
/// met again and again; blank and missing ids; ties in time (with different offsets for one instant); repeated event
/// ids (some with different content); purchases with bad lines; searches with and without a query; a type no table
/// has. What <see cref="RandomShopEvents"/> does for the line format, this does for the merge's rules.
/// </summary>
internal static class MixedShopEvents
{
    private static readonly string[] Types = [.. EventSchema.Types, "wishlist_add"];
    private static readonly string?[] Customers = ["c1", "c2", "c3", "c4", " ", null, null, null];
    private static readonly string?[] Visitors = ["v1", "v2", "v3", "", null];
    private static readonly string?[] Products = ["p1", "p2", "p3", "p4", "p5", "new-1", "new-2", " ", null];
    private static readonly string?[] Sessions = ["s1", "s2", "s3", "s4", "s5", " ", null];
    private static readonly string?[] Queries = ["mug", "beans", "blue cup", " ", null];
    private static readonly string?[] Orders = ["o1", "o2", "o3", "o4", "o5", "o6", " ", null];

    public static IReadOnlyList<ShopEventRecord> Generate(int seed, int count, DateTimeOffset from)
    {
        var random = new Random(seed);
        var events = new List<ShopEventRecord>(count);
        for (var i = 0; i < count; i++)
        {
            if (events.Count > 0 && random.Next(10) == 0)
            {
                var repeated = events[random.Next(events.Count)];
                events.Add(random.Next(2) == 0 ? repeated : One(random, repeated.Id, from)); // a retry, or another event under a taken id
                continue;
            }

            events.Add(One(random, string.Create(CultureInfo.InvariantCulture, $"e{random.Next(count * 4):D5}"), from));
        }

        return events;
    }

    private static ShopEventRecord One(Random random, string id, DateTimeOffset from)
    {
        var type = Types[random.Next(Types.Length)];
        // Whole minutes over two days: many events share an instant, some written with another offset.
        var at = from.AddMinutes(random.Next(0, 2 * 24 * 60 / 7) * 7);
        var occurredAt = random.Next(4) == 0 ? at.ToOffset(TimeSpan.FromHours(random.Next(-5, 6))) : at;
        var purchase = type == EventSchema.Purchase;
        return new ShopEventRecord
        {
            SchemaVersion = EventSchema.V2,
            Id = id,
            Type = type,
            OccurredAt = occurredAt,
            ReceivedAt = at.AddSeconds(random.Next(0, 600)),
            SessionId = Pick(random, Sessions),
            CustomerId = Pick(random, Customers),
            VisitorId = Pick(random, Visitors),
            ProductId = Pick(random, Products),
            Query = type == EventSchema.Search ? Pick(random, Queries) : null,
            ResultCount = type == EventSchema.Search && random.Next(3) > 0 ? random.Next(0, 40) : null,
            OrderId = purchase ? Pick(random, Orders) : null,
            Lines = purchase && random.Next(5) > 0 ? [.. Enumerable.Range(0, random.Next(0, 4)).Select(_ => Line(random))] : null,
        };
    }

    private static PurchaseLine Line(Random random) => new(
        Pick(random, Products),
        random.Next(6) == 0 ? null : random.Next(-1, 4),
        random.Next(6) == 0 ? null : random.Next(8) == 0 ? -1m : decimal.Round((decimal)(random.NextDouble() * 30), 2));

    private static string? Pick(Random random, string?[] values) => values[random.Next(values.Length)];
}
