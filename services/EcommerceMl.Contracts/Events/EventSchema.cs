namespace EcommerceMl.Contracts.Events;

/// <summary>
/// The shop event schema: its version, its event types and the limits every producer and reader agrees on.
/// Version 1 was the first <c>POST /v1/events</c> body (view, add_to_cart, purchase with a customer and a product);
/// version 2 is what the tracker sends and what the sink stores (see the Contracts README, "Events").
/// </summary>
public static class EventSchema
{
    public const int V1 = 1;
    public const int V2 = 2;

    /// <summary>The version a request without <c>schemaVersion</c> speaks: today's clients keep working.</summary>
    public const int Default = V1;

    public const string PageView = "page_view";
    public const string ProductView = "product_view";
    public const string Search = "search";
    public const string AddToCart = "add_to_cart";
    public const string RemoveFromCart = "remove_from_cart";
    public const string CheckoutStep = "checkout_step";
    public const string Purchase = "purchase";
    public const string Custom = "custom";

    /// <summary>The v2 event types, in the order a shopper usually meets them.</summary>
    public static readonly IReadOnlyList<string> Types = [PageView, ProductView, Search, AddToCart, RemoveFromCart, CheckoutStep, Purchase, Custom];

    /// <summary>The v1 type names and the v2 type each becomes (v1 <c>view</c> was a product view).</summary>
    public static readonly IReadOnlyDictionary<string, string> V1Types = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["view"] = ProductView,
        [AddToCart] = AddToCart,
        [Purchase] = Purchase,
    };
}
