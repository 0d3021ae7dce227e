using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;

namespace EcommerceMl.Ml.Tests.Data.Events;

public sealed class EventShopDataTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>One customer c1, products p1 and p2, one order o1 (c1 bought p1).</summary>
    private static ShopData Shop() => new(
        "shop",
        [new Customer("c1", new DateTime(2025, 1, 1), "GB", true)],
        [new Product("p1", "Beans", "coffee", 2.5), new Product("p2", "Mug", "kitchen", 8)],
        [new Order("o1", "c1", new DateTime(2026, 11, 30, 9, 0, 0))],
        [new OrderItem("o1", "p1", 1, 2.5)],
        [new ShopEvent("c1", "p1", ShopEventType.Purchase, new DateTime(2026, 11, 30, 9, 0, 0))]);

    private static ShopEventRecord Event(string id, string type, DateTimeOffset at, string? customer = "c1", string? visitor = null, string? product = null) => new()
    {
        SchemaVersion = EventSchema.V2,
        Id = id,
        Type = type,
        OccurredAt = at,
        ReceivedAt = at,
        SessionId = "s1",
        CustomerId = customer,
        VisitorId = visitor,
        ProductId = product,
    };

    private static ShopEventRecord Purchase(string id, string orderId, DateTimeOffset at, string? customer = "c1", string? visitor = null, params PurchaseLine[] lines) =>
        Event(id, EventSchema.Purchase, at, customer, visitor) with { OrderId = orderId, Lines = lines };

    [Fact]
    public void Merge_PurchaseEvent_BecomesAnOrderWithItsLinesAndAPurchaseInteractionPerLine()
    {
        var merged = EventShopData.Merge(Shop(), [Purchase("e1", "o2", Noon, lines: [new("p1", 2, 2.4m), new("p2", 1, 8m)])]);

        var order = Assert.Single(merged.Orders, o => o.OrderId == "o2");
        Assert.Equal(new Order("o2", "c1", new DateTime(2026, 12, 1, 12, 0, 0)), order);
        Assert.Equal([new OrderItem("o2", "p1", 2, 2.4), new OrderItem("o2", "p2", 1, 8)], merged.OrderItems.Where(i => i.OrderId == "o2"));
        Assert.Equal(
            [("p1", ShopEventType.Purchase), ("p2", ShopEventType.Purchase)],
            merged.Events.Skip(1).Select(e => (e.ProductId, e.Type)));
        Assert.Equal(2, merged.Purchases.Count(p => p.OrderId == "o2"));
        Assert.Equal("shop + events", merged.Name);
    }

    [Fact]
    public void Merge_PurchaseOfAnOrderTheTablesHold_IsNotAddedTwice()
    {
        var result = EventShopData.MergeWithReport(Shop(), [Purchase("e1", "o1", Noon, lines: [new("p2", 5, 8m)])]);

        Assert.Single(result.Data.Orders);
        Assert.Single(result.Data.OrderItems);
        Assert.Single(result.Data.Events);
        Assert.Equal(1, result.Report.OrdersAlreadyKnown);
        Assert.Equal(0, result.Report.OrdersAdded);
    }

    [Fact]
    public void Merge_TwoPurchaseEventsOfOneOrder_KeepTheEarlierOne()
    {
        // A tracker that re-sent a purchase under a new event id: the order id still says it is the same order.
        var later = Purchase("a-later", "o2", Noon.AddMinutes(5), lines: [new("p2", 9, 8m)]);
        var earlier = Purchase("z-earlier", "o2", Noon, lines: [new("p1", 1, 2.5m)]);

        var result = EventShopData.MergeWithReport(Shop(), [later, earlier]);

        Assert.Equal(new OrderItem("o2", "p1", 1, 2.5), Assert.Single(result.Data.OrderItems, i => i.OrderId == "o2"));
        Assert.Equal(1, result.Report.OrdersAlreadyKnown);
    }

    [Fact]
    public void Merge_RepeatedEventIds_AreTakenOnce()
    {
        var view = Event("e1", EventSchema.ProductView, Noon, product: "p2");

        var result = EventShopData.MergeWithReport(Shop(), [view, view, view with { ProductId = "p1" }]);

        Assert.Equal(("p2", ShopEventType.View), (result.Data.Events[^1].ProductId, result.Data.Events[^1].Type));
        Assert.Equal(2, result.Data.Events.Count);
        Assert.Equal(1, result.Report.Events);
        Assert.Equal(2, result.Report.DuplicateEvents);
    }

    [Fact]
    public void Merge_ViewsAndCartAdds_BecomeInteractions_InTimeOrder()
    {
        var merged = EventShopData.Merge(Shop(), [
            Event("e2", EventSchema.AddToCart, Noon.AddMinutes(2), product: "p2"),
            Event("e1", EventSchema.ProductView, Noon, product: "p2"),
        ]);

        Assert.Equal(
            [new ShopEvent("c1", "p2", ShopEventType.View, new DateTime(2026, 12, 1, 12, 0, 0)), new ShopEvent("c1", "p2", ShopEventType.AddToCart, new DateTime(2026, 12, 1, 12, 2, 0))],
            merged.Events.Skip(1));
    }

    [Fact]
    public void Merge_EventsWithoutAPlaceInTheTables_AreCountedNotUsed()
    {
        var result = EventShopData.MergeWithReport(Shop(), [
            Event("e1", EventSchema.PageView, Noon),
            Event("e2", EventSchema.Search, Noon),
            Event("e3", EventSchema.RemoveFromCart, Noon, product: "p1"),
            Event("e4", EventSchema.CheckoutStep, Noon),
            Event("e5", EventSchema.Custom, Noon),
            Event("e6", EventSchema.PageView, Noon.AddSeconds(1)),
        ]);

        Assert.Single(result.Data.Events);
        Assert.Equal(
            new Dictionary<string, int> { ["checkout_step"] = 1, ["custom"] = 1, ["page_view"] = 2, ["remove_from_cart"] = 1 },
            result.Report.NotRepresented);
        Assert.Contains(result.Report.Notes(), n => n.Contains("1 checkout_step, 1 custom, 2 page_view, 1 remove_from_cart", StringComparison.Ordinal));

        // A search without a query cannot be credited with anything: left out, and said so.
        Assert.Empty(result.Data.Searches);
        Assert.Equal(new Dictionary<string, int> { ["search without sessionId or query"] = 1 }, result.Report.Unusable);
    }

    [Fact]
    public void Merge_AnonymousVisitor_BecomesAGuestCustomerSignedUpWhenFirstSeen()
    {
        var result = EventShopData.MergeWithReport(Shop(), [
            Purchase("e2", "o2", Noon.AddMinutes(10), customer: null, visitor: "v-9", lines: [new("p1", 1, 2.5m)]),
            Event("e1", EventSchema.ProductView, Noon, customer: null, visitor: "v-9", product: "p1"),
        ]);

        var guest = Assert.Single(result.Data.Customers, c => c.CustomerId == "visitor-v-9");
        Assert.Equal(new DateTime(2026, 12, 1, 12, 0, 0), guest.SignupAt);
        Assert.Equal("true", guest.Attributes["guest"]);
        Assert.Equal("visitor-v-9", Assert.Single(result.Data.Orders, o => o.OrderId == "o2").CustomerId);
        Assert.Equal(1, result.Report.VisitorsAdded);

        // Guests are left out where a person is needed (churn), like online-retail's guest checkouts.
        Assert.DoesNotContain(GuestCheckouts.Remove(result.Data).Customers, c => c.CustomerId == "visitor-v-9");
    }

    [Fact]
    public void Merge_CustomerIdWins_OverTheVisitorId()
    {
        var merged = EventShopData.Merge(Shop(), [Event("e1", EventSchema.ProductView, Noon, customer: "c1", visitor: "v-9", product: "p1")]);

        Assert.Equal("c1", merged.Events[^1].CustomerId);
        Assert.Single(merged.Customers);
    }

    [Fact]
    public void Merge_UnknownSignedInCustomer_IsAddedAsACustomerNotAGuest()
    {
        var result = EventShopData.MergeWithReport(Shop(), [Event("e1", EventSchema.ProductView, Noon, customer: "c-new", product: "p1")]);

        var added = Assert.Single(result.Data.Customers, c => c.CustomerId == "c-new");
        Assert.Empty(added.Attributes);
        Assert.Equal(1, result.Report.CustomersAdded);
    }

    [Fact]
    public void Merge_ProductUnknownToTheCatalogue_IsAddedWithItsLatestPriceAndReported()
    {
        var result = EventShopData.MergeWithReport(Shop(), [
            Event("e1", EventSchema.ProductView, Noon, product: "p-new"),
            Purchase("e2", "o2", Noon.AddMinutes(1), lines: [new("p-new", 1, 19.99m)]),
            Purchase("e3", "o3", Noon.AddMinutes(2), lines: [new("p-new", 1, 17.99m)]),
            Event("e4", EventSchema.AddToCart, Noon.AddMinutes(3), product: "p-other"),
        ]);

        Assert.Equal(
            [new Product("p-new", "p-new", EventShopData.UnknownCategory, 17.99), new Product("p-other", "p-other", EventShopData.UnknownCategory, 0)],
            result.Data.Products.Skip(2));
        Assert.Equal(["p-new", "p-other"], result.Report.ProductsAdded);
        Assert.Contains(result.Report.Notes(), n => n.Contains("2 products were not in the catalogue", StringComparison.Ordinal));
    }

    [Fact]
    public void Merge_V1Purchase_IsAPurchaseInteraction_NeverAnOrder()
    {
        var v1 = Event("e1", EventSchema.Purchase, Noon, product: "p2") with { SchemaVersion = EventSchema.V1, SessionId = null };

        var merged = EventShopData.Merge(Shop(), [v1]);

        Assert.Single(merged.Orders);
        Assert.Equal(new ShopEvent("c1", "p2", ShopEventType.Purchase, new DateTime(2026, 12, 1, 12, 0, 0)), merged.Events[^1]);
    }

    [Fact]
    public void Merge_EventsMissingWhatTheirTypeNeeds_AreLeftOutAndCounted()
    {
        var result = EventShopData.MergeWithReport(Shop(), [
            Event("e1", EventSchema.ProductView, Noon, customer: null, visitor: null, product: "p1"),
            Event("e2", EventSchema.AddToCart, Noon, product: null),
            Purchase("e3", "o2", Noon, lines: [new("p1", 0, 2.5m), new(null, 1, 2.5m)]),
        ]);

        Assert.Single(result.Data.Orders);
        Assert.Single(result.Data.Events);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["add_to_cart without productId"] = 1,
                ["product_view without customerId or visitorId"] = 1,
                ["purchase lines without productId, quantity ≥ 1 and unitPrice ≥ 0"] = 2,
            },
            result.Report.Unusable);
    }

    [Fact]
    public void Merge_Times_BecomeTheShopsWallClockTime()
    {
        var at = new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.FromHours(-5)); // 04:30 UTC on 2 December
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        var utc = EventShopData.Merge(Shop(), [Purchase("e1", "o2", at, lines: [new("p1", 1, 2.5m)])]);
        var local = EventShopData.Merge(Shop(), [Purchase("e1", "o2", at, lines: [new("p1", 1, 2.5m)])], berlin);

        Assert.Equal(new DateTime(2026, 12, 2, 4, 30, 0), utc.Orders[^1].OrderedAt);
        Assert.Equal(new DateTime(2026, 12, 2, 5, 30, 0), local.Orders[^1].OrderedAt);
        Assert.Equal(DateTimeKind.Unspecified, local.Orders[^1].OrderedAt.Kind);
    }

    [Fact]
    public void Merge_KeepsEveryRowOfTheTables_AndIsTheSameWhateverTheEventOrder()
    {
        ShopEventRecord[] events =
        [
            Event("e1", EventSchema.ProductView, Noon, visitor: "v1", customer: null, product: "p3"),
            Purchase("e2", "o2", Noon.AddMinutes(1), customer: "c2", lines: [new("p3", 1, 4m)]),
            Event("e3", EventSchema.AddToCart, Noon.AddMinutes(2), product: "p1"),
        ];

        var forward = EventShopData.Merge(Shop(), events);
        var backward = EventShopData.Merge(Shop(), events.Reverse());

        Assert.Equal(ShopDataFingerprint.Compute(forward).Sha256, ShopDataFingerprint.Compute(backward).Sha256);
        Assert.Equal(Shop().Orders.Concat([forward.Orders[^1]]), forward.Orders);
        Assert.Equal(ShopDataFingerprint.Compute(Shop()).Sha256, ShopDataFingerprint.Compute(EventShopData.Merge(Shop(), [])).Sha256);
    }
}
