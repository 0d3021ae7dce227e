using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;
using EcommerceMl.Testing;

namespace EcommerceMl.Ml.Tests.Data.Events;

public sealed class SearchSessionsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static ShopEventRecord Event(string id, string type, int minute, string? product = null, string session = "s1", string? customer = "c1") => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = type,
        OccurredAt = Noon.AddMinutes(minute),
        ReceivedAt = Noon.AddMinutes(minute),
        SessionId = session,
        CustomerId = customer,
        ProductId = product,
    };

    private static ShopEventRecord Search(string id, int minute, string query, string session = "s1") =>
        Event(id, EventSchema.Search, minute, session: session) with { Query = query, ResultCount = 7 };

    private static ShopEventRecord Purchase(string id, int minute, params string[] products) =>
        Event(id, EventSchema.Purchase, minute) with { OrderId = "o1", Lines = [.. products.Select(p => new PurchaseLine(p, 1, 2m))] };

    [Fact]
    public void Extract_SearchThenViewsCartAndPurchase_CreditsEachProductWithTheFurthestTheShopperWent()
    {
        var searches = SearchSessions.Extract([
            Search("e1", 0, "linen pillow"),
            Event("e2", EventSchema.ProductView, 1, "p1"),
            Event("e3", EventSchema.ProductView, 2, "p2"),
            Event("e4", EventSchema.AddToCart, 3, "p1"),
            Purchase("e5", 4, "p1"),
        ]);

        var search = Assert.Single(searches);
        Assert.Equal(new ShopSearch("s1", "c1", "linen pillow", 7, new DateTime(2026, 12, 1, 12, 0, 0), search.Products), search);
        Assert.Equal([new SearchedProduct("p1", SearchOutcome.Purchase), new SearchedProduct("p2", SearchOutcome.View)], search.Products);
    }

    [Fact]
    public void Extract_TwoSearchesInASession_EachIsCreditedWithWhatFollowedItBeforeTheNext()
    {
        var searches = SearchSessions.Extract([
            Search("e1", 0, "vase"),
            Event("e2", EventSchema.ProductView, 1, "p1"),
            Event("e3", EventSchema.AddToCart, 2, "p1"),
            Search("e4", 3, "lamp"),
            Event("e5", EventSchema.ProductView, 4, "p2"),
            Event("e6", EventSchema.ProductView, 5, "p1"), // looked at again, but found through the first search
            Purchase("e7", 6, "p1", "p2"),
        ]);

        Assert.Equal(["vase", "lamp"], searches.Select(s => s.Query));
        Assert.Equal([new SearchedProduct("p1", SearchOutcome.Purchase)], searches[0].Products);
        Assert.Equal([new SearchedProduct("p2", SearchOutcome.Purchase), new SearchedProduct("p1", SearchOutcome.Purchase)], searches[1].Products);
    }

    [Fact]
    public void Extract_ProductBoughtButNotTouchedAfterTheSearch_IsNotCreditedToIt()
    {
        var searches = SearchSessions.Extract([
            Event("e1", EventSchema.AddToCart, 0, "p9"),
            Search("e2", 1, "mug"),
            Event("e3", EventSchema.ProductView, 2, "p1"),
            Purchase("e4", 3, "p1", "p9"),
        ]);

        Assert.Equal([new SearchedProduct("p1", SearchOutcome.Purchase)], Assert.Single(searches).Products);
    }

    [Fact]
    public void Extract_SearchFollowedByNothing_IsKeptWithNoProducts()
    {
        var search = Assert.Single(SearchSessions.Extract([Search("e1", 0, "unicorn")]));

        Assert.Empty(search.Products);
    }

    [Fact]
    public void Extract_EventsArrivingOutOfOrder_AreReadInTimeOrder()
    {
        var searches = SearchSessions.Extract([
            Event("e2", EventSchema.ProductView, 1, "p1"),
            Search("e1", 0, "mug"),
        ]);

        Assert.Equal([new SearchedProduct("p1", SearchOutcome.View)], Assert.Single(searches).Products);
    }

    [Fact]
    public void Extract_EventsWithoutSessionOrQuery_AndRepeatedIds_AreLeftOut()
    {
        var searches = SearchSessions.Extract([
            Search("e1", 0, "mug"),
            Search("e1", 0, "mug"),
            Search("e2", 1, "  "),
            Search("e3", 2, "vase") with { SessionId = null },
            Event("e4", EventSchema.ProductView, 3, "p1") with { SessionId = null },
        ]);

        var search = Assert.Single(searches);
        Assert.Equal("mug", search.Query);
        Assert.Empty(search.Products);
    }

    [Fact]
    public void Extract_AnonymousVisitor_IsNamedAsTheMergeNamesThem_AndSessionsDoNotMix()
    {
        var searches = SearchSessions.Extract([
            Search("e1", 0, "mug") with { CustomerId = null, VisitorId = "v-7" },
            Search("e2", 0, "lamp", session: "s2") with { CustomerId = null },
            Event("e3", EventSchema.ProductView, 1, "p1", session: "s2"),
        ]);

        Assert.Equal([("s1", "visitor-v-7", 0), ("s2", null, 1)], searches.Select(s => (s.SessionId, s.CustomerId, s.Products.Count)));
    }

    [Fact]
    public void Extract_NumbersNoSessionWithoutASearch()
    {
        var columns = new EventColumns();
        foreach (var e in new[]
                 {
                     Search("e1", 0, "mug"),
                     Event("e2", EventSchema.ProductView, 1, "p1"),
                     Event("e3", EventSchema.ProductView, 2, "p2", session: "s-quiet"),
                     Event("e4", EventSchema.AddToCart, 3, "p2", session: "s-quiet"),
                 })
        {
            columns.Add(e);
        }

        var searches = SearchSessions.Extract(columns, [.. Enumerable.Range(0, columns.Count)]);

        Assert.Equal([("s1", 1)], searches.Select(s => (s.SessionId, s.Products.Count)));
        // Sessions are nearly one per event in a shop's window: only a search's is kept as text.
        Assert.Equal(EventColumns.None, columns.Strings.Find("s-quiet"));
    }

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Extract_GivesTheSameSearches_AsWhenEverySessionIsNumbered(int seed)
    {
        var events = MixedShopEvents.Generate(seed, count: 300, Noon)
            .Select((e, i) => i % 3 == 0 ? e with { SessionId = $"quiet-{i % 17}" } : e)
            .ToList();
        var asRead = Columns(events);
        var allNumbered = Columns(events);
        for (var row = 0; row < allNumbered.Count; row++)
        {
            _ = allNumbered.Session(row); // what the columns did for every event before: number its session
        }

        var expected = SearchSessions.Extract(allNumbered, allNumbered.TimeOrder());
        var actual = SearchSessions.Extract(asRead, asRead.TimeOrder());

        Assert.Equal(Spelt(expected), Spelt(actual));
        Assert.NotEmpty(expected);
    }

    private static EventColumns Columns(IEnumerable<ShopEventRecord> events)
    {
        var columns = new EventColumns();
        foreach (var e in events)
        {
            columns.TryAdd(e);
        }

        return columns;
    }

    private static List<string> Spelt(IEnumerable<ShopSearch> searches) =>
        [.. searches.Select(s => $"{s.SessionId}|{s.CustomerId}|{s.Query}|{s.ResultCount}|{s.SearchedAt:O}|{string.Join(",", s.Products.Select(p => $"{p.ProductId}:{p.Outcome}"))}")];

    [Fact]
    public void Extract_TimesBecomeTheShopsWallClock()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("shop", TimeSpan.FromHours(2), "shop", "shop");

        var search = Assert.Single(SearchSessions.Extract([Search("e1", 0, "mug")], zone));

        Assert.Equal(new DateTime(2026, 12, 1, 14, 0, 0), search.SearchedAt);
    }

    [Fact]
    public void Merge_SearchWithSessionAndQuery_BecomesASearchOfTheData()
    {
        var shop = new ShopData("shop", [], [new Product("p1", "Mug", "kitchen", 8)], [], [], []);

        var result = EventShopData.MergeWithReport(shop, [Search("e1", 0, "mug"), Event("e2", EventSchema.ProductView, 1, "p1")]);

        var search = Assert.Single(result.Data.Searches);
        Assert.Equal([new SearchedProduct("p1", SearchOutcome.View)], search.Products);
        Assert.Equal(1, result.Report.SearchesAdded);
        Assert.Empty(result.Report.NotRepresented);
        Assert.Contains("1 searches added", result.Report.Notes()[0], StringComparison.Ordinal);
    }
}
