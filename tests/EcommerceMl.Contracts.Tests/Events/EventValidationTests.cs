using System.Text.Json;

namespace EcommerceMl.Contracts.Tests.Events;

/// <summary>One test per event type (a valid event is taken, with what it needs) and per kind of bad item.</summary>
public sealed class EventValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string> ValidEvents => new()
    {
        { EventSchema.PageView, """ "source": {"page": "/"} """ },
        { EventSchema.ProductView, """ "productId": "p1", "source": {"page": "/p/1", "position": 2}, "recommendationId": "r-9" """ },
        { EventSchema.Search, """ "query": "red shoes", "resultCount": 0 """ },
        { EventSchema.AddToCart, """ "productId": "p1" """ },
        { EventSchema.RemoveFromCart, """ "productId": "p1" """ },
        { EventSchema.CheckoutStep, """ "step": 2, "stepName": "shipping" """ },
        { EventSchema.Purchase, """ "orderId": "o-1", "lines": [{"productId": "p1", "quantity": 2, "unitPrice": 9.99}] """ },
        { EventSchema.Custom, """ "name": "signup" """ },
    };

    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void Check_ValidEventOfEachType_IsTakenAsSent(string type, string fields)
    {
        var check = CheckV2(type, fields);

        Assert.True(check.IsValid, string.Join("; ", check.Errors.Select(e => e.Message)));
        Assert.Equal(type, check.Event!.Type);
        Assert.Equal("e-1", check.Event.Id);
        Assert.Equal(EventSchema.V2, check.Event.SchemaVersion);
        Assert.Equal(new DateTimeOffset(2026, 12, 6, 10, 0, 0, TimeSpan.FromHours(1)), check.Event.OccurredAt);
        Assert.Equal(TimeSpan.FromHours(1), check.Event.OccurredAt.Offset);
        Assert.Equal(Now, check.Event.ReceivedAt);
        Assert.Equal("s-1", check.Event.SessionId);
        Assert.Equal("v-1", check.Event.VisitorId);
    }

    [Fact]
    public void Check_Purchase_KeepsItsLines()
    {
        var check = CheckV2(EventSchema.Purchase, """ "orderId": "o-1", "lines": [{"productId": "p1", "quantity": 2, "unitPrice": 9.99}, {"productId": "p2", "quantity": 1, "unitPrice": 0}] """);

        Assert.Equal([new PurchaseLine("p1", 2, 9.99m), new PurchaseLine("p2", 1, 0m)], check.Event!.Lines);
        Assert.Equal("o-1", check.Event.OrderId);
    }

    public static TheoryData<string, string, string> BadEvents => new()
    {
        // missing what every event needs
        { """{"type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].id", "events[0].id is required" },
        { """{"id": "e", "type": "click", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].type", "must be one of page_view, product_view, search" },
        { """{"id": "e", "type": "custom", "name": "x", "sessionId": "s", "visitorId": "v"}""", "events[0].occurredAt", "occurredAt is required" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00", "sessionId": "s", "visitorId": "v"}""", "events[0].occurredAt", "with its offset" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "yesterday", "sessionId": "s", "visitorId": "v"}""", "events[0].occurredAt", "got 'yesterday'" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T11:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].occurredAt", "is in the future" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "visitorId": "v"}""", "events[0].sessionId", "sessionId is required" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s"}""", "events[0].customerId", "needs customerId" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v", "source": {"page": "/", "position": -1}}""", "events[0].source.position", "0 or more" },
        // what each type needs
        { """{"id": "e", "type": "page_view", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].source.page", "source.page is required" },
        { """{"id": "e", "type": "product_view", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].productId", "productId is required" },
        { """{"id": "e", "type": "remove_from_cart", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].productId", "productId is required" },
        { """{"id": "e", "type": "search", "query": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].resultCount", "resultCount is required" },
        { """{"id": "e", "type": "search", "resultCount": 3, "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].query", "query is required" },
        { """{"id": "e", "type": "checkout_step", "step": 0, "stepName": "cart", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].step", "1 or more" },
        { """{"id": "e", "type": "checkout_step", "step": 1, "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].stepName", "stepName is required" },
        { """{"id": "e", "type": "purchase", "lines": [{"productId": "p", "quantity": 1, "unitPrice": 1}], "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].orderId", "orderId is required" },
        { """{"id": "e", "type": "purchase", "orderId": "o", "lines": [], "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].lines", "1 to 3 lines" },
        { """{"id": "e", "type": "purchase", "orderId": "o", "lines": [{"productId": "p", "quantity": 0, "unitPrice": 1}], "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].lines[0].quantity", "1 or more" },
        { """{"id": "e", "type": "purchase", "orderId": "o", "lines": [{"productId": "p", "quantity": 1, "unitPrice": -1}], "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].lines[0].unitPrice", "0 or more" },
        { """{"id": "e", "type": "purchase", "orderId": "o", "lines": [null], "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].lines[0]", "is null" },
        { """{"id": "e", "type": "custom", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].name", "name is required" },
        // bounds
        { """{"id": "0123456789abcdefX", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v"}""", "events[0].id", "holds 17 characters; at most 16" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v", "properties": {"a": 1, "b": 2, "c": 3}, "d": 4}""", "events[0].properties", "4 properties (unknown fields included); at most 3" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v", "properties": {"nested": {"a": 1}}}""", "events[0].properties.nested", "string, number or boolean; got object" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v", "properties": {"aVeryLongPropertyName": 1}}""", "events[0].properties.aVeryLongPropertyName", "1 to 8 characters" },
        { """{"id": "e", "type": "custom", "name": "x", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s", "visitorId": "v", "properties": {"k": "0123456789abcdefX"}}""", "events[0].properties.k", "holds 17 characters; at most 16" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public void Check_BadEvent_IsRefusedNamingTheFieldAndWhy(string json, string field, string message)
    {
        var check = Check(json, EventSchema.V2);

        Assert.False(check.IsValid);
        Assert.Null(check.Event);
        var error = Assert.Single(check.Errors, e => e.Field == field);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NullItem_IsRefused()
    {
        var check = EventValidation.Check(null, EventSchema.V2, "events[4]", Now, EventLimits.Default, "unused");

        Assert.Equal("events[4]", Assert.Single(check.Errors).Field);
    }

    [Fact]
    public void Check_UnknownFields_BecomeProperties_ExplicitPropertiesWin()
    {
        var check = CheckV2(EventSchema.Custom, """ "name": "x", "campaign": "winter", "properties": {"campaign": "spring", "discount": 0.1, "member": true} """);

        var properties = check.Event!.Properties!;
        Assert.Equal("spring", properties["campaign"].GetString());
        Assert.Equal(0.1, properties["discount"].GetDouble());
        Assert.True(properties["member"].GetBoolean());
    }

    [Fact]
    public void Check_CustomerAndVisitor_AreBothKept_TheCustomerIsTheActor()
    {
        var check = CheckV2(EventSchema.Custom, """ "name": "x", "customerId": "c-7" """);

        Assert.Equal("c-7", check.Event!.CustomerId);
        Assert.Equal("v-1", check.Event.VisitorId);
        Assert.Equal("c-7", check.Event.Actor);
    }

    [Fact]
    public void Check_V1Event_BecomesAProductViewWithTheGivenIdAndNoSession()
    {
        var check = Check("""{"type": "view", "customerId": "c1", "productId": "p1"}""", EventSchema.V1);

        var e = check.Event!;
        Assert.Equal((EventSchema.V1, "v1-id", EventSchema.ProductView, Now, Now), (e.SchemaVersion, e.Id, e.Type, e.OccurredAt, e.ReceivedAt));
        Assert.Equal(("c1", "p1"), (e.CustomerId, e.ProductId));
        Assert.Null(e.SessionId);
    }

    [Fact]
    public void Check_V1Event_TakesATimeWithoutOffsetAsUtc()
    {
        var check = Check("""{"type": "purchase", "customerId": "c1", "productId": "p1", "occurredAt": "2026-11-23T01:00:00"}""", EventSchema.V1);

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero), check.Event!.OccurredAt);
    }

    [Theory]
    [InlineData("""{"type": "page_view", "customerId": "c1", "productId": "p1"}""", "events[0].type", "must be one of view, add_to_cart, purchase; got 'page_view' (schema v1")]
    [InlineData("""{"type": "view", "productId": "p1"}""", "events[0].customerId", "customerId is required")]
    [InlineData("""{"type": "view", "customerId": "c1", "productId": "p1", "sessionId": "s"}""", "events[0].sessionId", "not a field of a v1 event")]
    public void Check_BadV1Event_IsRefusedAsBefore(string json, string field, string message)
    {
        var check = Check(json, EventSchema.V1);

        Assert.Contains(check.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal));
    }

    private static EventCheck CheckV2(string type, string fields) => Check(
        $$"""{"id": "e-1", "type": "{{type}}", "occurredAt": "2026-12-06T10:00:00+01:00", "sessionId": "s-1", "visitorId": "v-1", {{fields}}}""",
        EventSchema.V2);

    private static EventCheck Check(string json, int version) => EventValidation.Check(
        JsonSerializer.Deserialize<EventInput>(json, Json),
        version,
        "events[0]",
        Now,
        new EventLimits(MaxStringLength: 16, MaxProperties: 3, MaxPropertyKeyLength: 8, MaxPurchaseLines: 3, ClockSkew: TimeSpan.FromMinutes(5)),
        "v1-id");
}
