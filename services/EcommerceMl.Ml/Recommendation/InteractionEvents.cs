using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The product views and cart adds of a shop over an <see cref="InteractionData"/>'s product indices, as parallel
/// arrays. An actor is a customer index of the interaction data when the customer bought something, else one of
/// <see cref="BrowsingActors"/> extra indices after them (shoppers who only looked): their views still say which
/// products go together. Purchase events are left out — the orders are the purchases — and so are events of products
/// the data does not know.
/// </summary>
public sealed class InteractionEvents
{
    public static readonly InteractionEvents None = new([], [], [], [], 0);

    private InteractionEvents(int[] actor, int[] item, ShopEventType[] type, long[] ticks, int browsingActors)
    {
        Actor = actor;
        Item = item;
        Type = type;
        Ticks = ticks;
        BrowsingActors = browsingActors;
    }

    public int[] Actor { get; }

    public int[] Item { get; }

    public ShopEventType[] Type { get; }

    public long[] Ticks { get; }

    /// <summary>Actors with events but no purchase, indexed after the purchasing customers.</summary>
    public int BrowsingActors { get; }

    public int Count => Item.Length;

    internal static InteractionEvents From(IReadOnlyList<ShopEvent> events, Dictionary<string, int> productIndex, Dictionary<string, int> customerIndex)
    {
        var browsing = new Dictionary<string, int>(StringComparer.Ordinal);
        var (actors, items, types, ticks) = (new List<int>(), new List<int>(), new List<ShopEventType>(), new List<long>());
        foreach (var e in events)
        {
            if (e.Type == ShopEventType.Purchase || !productIndex.TryGetValue(e.ProductId, out var item))
            {
                continue;
            }

            if (!customerIndex.TryGetValue(e.CustomerId, out var actor))
            {
                if (!browsing.TryGetValue(e.CustomerId, out actor))
                {
                    actor = customerIndex.Count + browsing.Count;
                    browsing.Add(e.CustomerId, actor);
                }
            }

            actors.Add(actor);
            items.Add(item);
            types.Add(e.Type);
            ticks.Add(e.OccurredAt.Ticks);
        }

        return items.Count == 0 ? None : new([.. actors], [.. items], [.. types], [.. ticks], browsing.Count);
    }
}
