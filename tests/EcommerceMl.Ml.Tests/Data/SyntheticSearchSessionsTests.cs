using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public sealed class SyntheticSearchSessionsTests
{
    private static readonly SyntheticShopOptions Small = new() { Customers = 300, Products = 80, Categories = 6, Days = 120 };
    private static readonly Lazy<ShopData> Shop = new(() => SyntheticShop.Generate(Small));
    private static readonly Lazy<IReadOnlyList<ShopEventRecord>> Sessions = new(() => SyntheticSearchSessions.Generate(Shop.Value));

    [Fact]
    public void Generate_SameShopAndSeed_GivesTheSameEvents_AnotherSeedOthers()
    {
        var again = SyntheticSearchSessions.Generate(SyntheticShop.Generate(Small));
        var other = SyntheticSearchSessions.Generate(Shop.Value, new SyntheticSearchOptions(Seed: 7));

        Assert.Equal(Sessions.Value.Select(EventJson.ToLine).Select(Convert.ToBase64String), again.Select(EventJson.ToLine).Select(Convert.ToBase64String));
        Assert.NotEqual(Sessions.Value.Select(e => e.Query), other.Select(e => e.Query));
    }

    [Fact]
    public void SyntheticShop_WithSearchSessions_KeepsEveryTableAsItWas()
    {
        var with = SyntheticShop.Generate(Small with { SearchSessions = true });

        Assert.Empty(Shop.Value.Searches);
        Assert.NotEmpty(with.Searches);
        Assert.Equal(Shop.Value.Customers, with.Customers);
        Assert.Equal(Shop.Value.Products, with.Products);
        Assert.Equal(Shop.Value.Orders, with.Orders);
        Assert.Equal(Shop.Value.OrderItems, with.OrderItems);
        Assert.Equal(Shop.Value.Events, with.Events);
        Assert.Equal(ShopDataFingerprint.Compute(Shop.Value).Sha256, ShopDataFingerprint.Compute(with).Sha256);
        Assert.Equal(Describe(SearchSessions.Extract(Sessions.Value)), Describe(with.Searches));
    }

    [Fact]
    public void Generate_EventsAreSchemaV2_InSessions_AndSurviveTheSinksJson()
    {
        var events = Sessions.Value;

        Assert.All(events, e =>
        {
            Assert.Equal(EventSchema.V2, e.SchemaVersion);
            Assert.Contains(e.Type, (string[])[EventSchema.Search, EventSchema.ProductView, EventSchema.AddToCart, EventSchema.Purchase]);
            Assert.False(string.IsNullOrEmpty(e.SessionId));
            Assert.Equal(e, EventJson.FromLine(EventJson.ToLine(e)) with { Lines = e.Lines });
        });
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events.Where(e => e.Type == EventSchema.Search), e => Assert.True(e.Query!.Length > 0 && e.ResultCount >= 0));
    }

    [Fact]
    public void Generate_PurchasesAreTheShopsOrders_AndTheFirstLineWasSearchedFor()
    {
        var orders = Shop.Value.Orders.ToDictionary(o => o.OrderId);
        var linesByOrder = Shop.Value.OrderItems.ToLookup(i => i.OrderId);
        var searches = SearchSessions.Extract(Sessions.Value);
        var purchases = Sessions.Value.Where(e => e.Type == EventSchema.Purchase).ToList();

        Assert.True(purchases.Count > Shop.Value.Orders.Count / 4, $"only {purchases.Count} of {Shop.Value.Orders.Count} orders came through search");
        Assert.All(purchases, p =>
        {
            var order = orders[p.OrderId!];
            Assert.Equal(order.CustomerId, p.CustomerId);
            Assert.True(p.OccurredAt.DateTime >= order.OrderedAt);
            Assert.Equal(linesByOrder[order.OrderId].Select(i => i.ProductId), p.Lines!.Select(l => l.ProductId));
            var first = searches.First(s => s.SessionId == p.SessionId);
            Assert.Contains(new SearchedProduct(linesByOrder[order.OrderId].First().ProductId, SearchOutcome.Purchase), first.Products);
        });
    }

    [Fact]
    public void Generate_BrowsingVisits_SearchAndLookButNeverBuy()
    {
        var browsing = SearchSessions.Extract(Sessions.Value).Where(s => s.SessionId.StartsWith(SyntheticSearchSessions.BrowseSessionPrefix, StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(browsing);
        Assert.All(browsing, s => Assert.DoesNotContain(s.Products, p => p.Outcome == SearchOutcome.Purchase));
        Assert.Contains(browsing, s => s.Products.Any(p => p.Outcome == SearchOutcome.AddToCart));
    }

    [Fact]
    public void Generate_Queries_AreNoisy_SomeUseWordsNotInAnyProductName()
    {
        var words = Shop.Value.Products.SelectMany(p => ShopperQueries.Words(p.Name).Concat(ShopperQueries.Words(p.Category))).ToHashSet();
        var queries = Sessions.Value.Where(e => e.Type == EventSchema.Search).Select(e => e.Query!).ToList();
        var typedWords = queries.SelectMany(ShopperQueries.Words).ToList();

        var unknownShare = typedWords.Count(w => !words.Contains(w)) / (double)typedWords.Count;

        // Synonyms, typos and unfinished words: measured 0.19 at these options; a generator without noise gives 0.
        Assert.InRange(unknownShare, 0.08, 0.4);
        Assert.All(queries, q => Assert.Equal(q.ToLowerInvariant(), q));
        Assert.True(queries.GroupBy(q => q).Count(g => g.Count() >= 5) >= 20, "queries should repeat, as real shoppers' do");
    }

    private static IEnumerable<string> Describe(IEnumerable<ShopSearch> searches) =>
        searches.Select(s => $"{s with { Products = [] }} {string.Join(",", s.Products)}");

    [Fact]
    public void Options_OutOfRange_AreRefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticSearchSessions.Generate(Shop.Value, new SyntheticSearchOptions(SearchShare: 1.5)));

        Assert.Contains("SearchShare = 1.5", error.Message, StringComparison.Ordinal);
    }
}
