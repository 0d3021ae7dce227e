using EcommerceMl.Cli.Simulate;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Cli.Tests.Simulate;

public sealed class SessionEventsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    private static PlannedSession Session(double clickDraw = 0.9, string? customer = "C00001", string? visitor = null) => new(
        Number: 7,
        CustomerId: customer,
        VisitorId: visitor,
        Basket: [new PlannedLine("P0001", 1, 9.99m), new PlannedLine("P0002", 2, 4.5m)],
        Browsed: ["P0003"],
        SearchQuery: "Lighting",
        SearchResults: 12,
        ClickDraw: clickDraw);

    private static List<ShopEventRecord> Checked(IReadOnlyList<EventInput> events) =>
        [.. events.Select((e, i) => EventValidation.Check(e, EventSchema.V2, $"events[{i}]", Now, EventLimits.Default, "unused"))
            .Select(c => c.IsValid ? c.Event! : throw new Xunit.Sdk.XunitException(string.Join("; ", c.Errors.Select(x => x.Message))))];

    [Fact]
    public void For_ASession_IsValidSchemaV2_EndingInThePurchaseOfTheBasket()
    {
        var events = Checked(SessionEvents.For(Session(), RecommendationAnswer.None, "sim-run", Now));

        Assert.Equal(
            [EventSchema.PageView, EventSchema.Search, EventSchema.ProductView, EventSchema.ProductView, EventSchema.AddToCart, EventSchema.ProductView, EventSchema.AddToCart, EventSchema.CheckoutStep, EventSchema.CheckoutStep, EventSchema.Purchase],
            events.Select(e => e.Type));
        var purchase = events[^1];
        Assert.Equal("sim-run-o000007", purchase.OrderId);
        Assert.Equal([new PurchaseLine("P0001", 1, 9.99m), new PurchaseLine("P0002", 2, 4.5m)], purchase.Lines);
        Assert.Null(purchase.RecommendationId);
        Assert.All(events, e => Assert.Equal(("sim-run-s000007", "C00001"), (e.SessionId, e.CustomerId)));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.Equal(Now, purchase.OccurredAt);
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.OccurredAt < p.Second.OccurredAt));
        Assert.All(events, e => Assert.True(e.Properties!["simulated"].GetBoolean()));
    }

    [Fact]
    public void For_APurchaseOfARecommendedProduct_CarriesTheAnswersRecommendationId()
    {
        var answer = new RecommendationAnswer("recs.v1.0123456789ab", ["P0009", "P0002"]);

        var events = Checked(SessionEvents.For(Session(), answer, "sim-run", Now));

        var view = events.Single(e => e.Type == EventSchema.ProductView && e.ProductId == "P0002");
        Assert.Equal((SessionEvents.RecommendationsPage, 1, "recs.v1.0123456789ab"), (view.Source!.Page, view.Source.Position, view.RecommendationId));
        Assert.Equal("recs.v1.0123456789ab", events.Single(e => e.Type == EventSchema.AddToCart && e.ProductId == "P0002").RecommendationId);
        Assert.Null(events.Single(e => e.Type == EventSchema.AddToCart && e.ProductId == "P0001").RecommendationId);
        Assert.Equal("recs.v1.0123456789ab", events[^1].RecommendationId);
    }

    [Fact]
    public void For_AShopperWhoClicksARecommendation_ViewsItFromTheList()
    {
        var answer = new RecommendationAnswer("recs.v1.0123456789ab", ["P0009", "P0010", "P0011"]);

        // A click draw of 0.15 is half-way through the click share: the middle of three products.
        var events = Checked(SessionEvents.For(Session(clickDraw: 0.15), answer, "sim-run", Now));

        var click = events[2];
        Assert.Equal((EventSchema.ProductView, "P0010", 1), (click.Type, click.ProductId, click.Source!.Position));
        Assert.Null(events[^1].RecommendationId); // the basket held nothing recommended
    }

    [Fact]
    public void For_AnAnonymousShopper_SendsTheVisitorId()
    {
        var events = Checked(SessionEvents.For(Session(customer: null, visitor: "visitor-1"), RecommendationAnswer.None, "sim-run", Now));

        Assert.All(events, e => Assert.Equal((null, "visitor-1"), (e.CustomerId, e.VisitorId)));
    }
}
