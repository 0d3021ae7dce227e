using EcommerceMl.Ml.Data;

namespace EcommerceMl.Inference.Contracts;

/// <summary>The API's names of event types (<c>view</c>, <c>add_to_cart</c>, <c>purchase</c>): what a request sends and metrics label.</summary>
public static class EventTypeNames
{
    public static readonly IReadOnlyDictionary<string, ShopEventType> Types = new Dictionary<string, ShopEventType>(StringComparer.Ordinal)
    {
        ["view"] = ShopEventType.View,
        ["add_to_cart"] = ShopEventType.AddToCart,
        ["purchase"] = ShopEventType.Purchase,
    };

    public static string Of(ShopEventType type) => type switch
    {
        ShopEventType.View => "view",
        ShopEventType.AddToCart => "add_to_cart",
        ShopEventType.Purchase => "purchase",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown event type."),
    };
}
