using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Implicit feedback: what a shopper's product views and cart adds say besides their purchases, and how fast what
/// they did fades. The interaction of an actor (customer, or a shopper who only browsed) with a product weighs its
/// strongest signal — a purchase 1, a cart add <see cref="CartWeight"/>, a view <see cref="ViewWeight"/> — times
/// 2^(−age / <see cref="HalfLifeDays"/>), the age counted back from the data's last purchase. The strongest, not the
/// sum: ten views of a product do not make a purchase. The defaults (0, 0, 0) are the binary purchase matrix the
/// recommenders have always fitted, and take exactly that path.
/// </summary>
/// <param name="ViewWeight">Weight of a product view, 0 to 1 (0 = views are ignored).</param>
/// <param name="CartWeight">Weight of a cart add, 0 to 1 (0 = cart adds are ignored).</param>
/// <param name="HalfLifeDays">Days after which an interaction weighs half (0 = no decay).</param>
public sealed record ImplicitFeedback(double ViewWeight = 0, double CartWeight = 0, double HalfLifeDays = 0)
{
    /// <summary>Purchases only, no decay: the binary matrix.</summary>
    public bool IsBinary => ViewWeight == 0 && CartWeight == 0 && HalfLifeDays == 0;

    /// <summary>Reads the three shared hyperparameters (<see cref="HyperparameterKeys.ImplicitFeedback"/>).</summary>
    internal static ImplicitFeedback Read(Hyperparameters hyperparameters) => new(
        hyperparameters.GetDouble(HyperparameterKeys.ImplicitFeedback.ViewWeight, 0, 0, 1),
        hyperparameters.GetDouble(HyperparameterKeys.ImplicitFeedback.CartWeight, 0, 0, 1),
        hyperparameters.GetDouble(HyperparameterKeys.ImplicitFeedback.HalfLifeDays, 0, 0, 36_500));

    /// <summary>
    /// The weighted actor × product matrix in CSR form: rows are the data's customers, then its browsing-only actors;
    /// within a row, products ascending, each once with its strongest decayed weight. Entries older than
    /// <paramref name="sinceTicks"/> are left out (a popularity window).
    /// </summary>
    public WeightedInteractions Weigh(InteractionData data, long sinceTicks = long.MinValue)
    {
        ArgumentNullException.ThrowIfNull(data);
        var end = data.End.Ticks;
        var halfLifeTicks = HalfLifeDays * TimeSpan.TicksPerDay;
        var events = data.Events;
        var keys = new List<long>(data.CustomerItems.Length + events.Count);
        var weights = new List<float>(keys.Capacity);
        void Add(int actor, int item, double weight, long ticks)
        {
            if (weight > 0 && ticks >= sinceTicks)
            {
                var decay = halfLifeTicks > 0 ? Math.Pow(2, -Math.Max(0, end - ticks) / halfLifeTicks) : 1;
                keys.Add(((long)actor << 32) | (uint)item);
                weights.Add((float)(weight * decay));
            }
        }

        for (var u = 0; u < data.CustomerCount; u++)
        {
            for (var p = data.CustomerOffsets[u]; p < data.CustomerOffsets[u + 1]; p++)
            {
                Add(u, data.CustomerItems[p], 1, data.LastPurchasedTicks[p]);
            }
        }

        for (var e = 0; e < events.Count; e++)
        {
            Add(events.Actor[e], events.Item[e], events.Type[e] == ShopEventType.AddToCart ? CartWeight : ViewWeight, events.Ticks[e]);
        }

        return WeightedInteractions.FromEntries(data.CustomerCount + events.BrowsingActors, [.. keys], [.. weights]);
    }
}

/// <summary>A weighted actor × product matrix in CSR form (<see cref="ImplicitFeedback.Weigh"/>).</summary>
public sealed class WeightedInteractions(int[] offsets, int[] items, float[] weights)
{
    public int[] Offsets { get; } = offsets;

    public int[] Items { get; } = items;

    public float[] Weights { get; } = weights;

    public int Rows => Offsets.Length - 1;

    /// <summary>Per product, the sum of its entries' weights: weighted reach (distinct buyers, for the binary matrix).</summary>
    public float[] Popularity(int productCount)
    {
        var popularity = new float[productCount];
        for (var p = 0; p < Items.Length; p++)
        {
            popularity[Items[p]] += Weights[p];
        }

        return popularity;
    }

    /// <summary>Entries keyed (row &lt;&lt; 32 | item), in any order and repeated: sorted, and each (row, item) kept once with its largest weight.</summary>
    internal static WeightedInteractions FromEntries(int rows, long[] keys, float[] weights)
    {
        Array.Sort(keys, weights);
        var offsets = new int[rows + 1];
        var items = new List<int>(keys.Length);
        var kept = new List<float>(keys.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1])
            {
                kept[^1] = Math.Max(kept[^1], weights[i]);
                continue;
            }

            offsets[(int)(keys[i] >> 32) + 1]++;
            items.Add((int)(keys[i] & 0xFFFF_FFFF));
            kept.Add(weights[i]);
        }

        for (var r = 0; r < rows; r++)
        {
            offsets[r + 1] += offsets[r];
        }

        return new WeightedInteractions(offsets, [.. items], [.. kept]);
    }
}
