using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Inference.Events;

/// <summary>What the drift buffer keeps of an accepted event: product interactions of a known shopper, as the training data has them.</summary>
public static class DriftEvents
{
    public static IEnumerable<ShopEvent> From(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Actor is not { } actor)
        {
            yield break;
        }

        var at = e.OccurredAt.UtcDateTime;
        switch (e.Type)
        {
            case EventSchema.ProductView when e.ProductId is not null:
                yield return new ShopEvent(actor, e.ProductId, ShopEventType.View, at);
                break;
            case EventSchema.AddToCart when e.ProductId is not null:
                yield return new ShopEvent(actor, e.ProductId, ShopEventType.AddToCart, at);
                break;
            case EventSchema.Purchase when e.Lines is { Count: > 0 }:
                foreach (var line in e.Lines)
                {
                    yield return new ShopEvent(actor, line.ProductId!, ShopEventType.Purchase, at);
                }

                break;
            case EventSchema.Purchase when e.ProductId is not null:
                yield return new ShopEvent(actor, e.ProductId, ShopEventType.Purchase, at);
                break;
        }
    }
}
