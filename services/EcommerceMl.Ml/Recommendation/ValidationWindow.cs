namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The two-stage model's temporal validation split, carved from the training matrix it is given
/// (never from any evaluation test set, which the fit never sees): each customer's most recent
/// <c>share</c> of distinct products (by the time they last bought each; ties by product index)
/// are held out as labels, the rest is the matrix the stage-one generators are fit on. Per
/// customer rather than one global date because most ml-100k users rate everything within days of
/// each other: a global window would give labels to a few dozen users; a per-customer window gives
/// every customer with two or more products a "what came next" to learn from.
/// </summary>
/// <param name="Fit">The same products and customers, minus the held-out products; every customer keeps at least one.</param>
/// <param name="HeldOut">Per customer index, the held-out product indices, ascending (empty for most small customers).</param>
internal sealed record ValidationWindow(InteractionData Fit, int[][] HeldOut)
{
    public static ValidationWindow Carve(InteractionData data, double share, Random? shuffle = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(share is > 0 and < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The validation share must be strictly between 0 and 1.");
        }

        var offsets = new int[data.CustomerCount + 1];
        var items = new List<int>(data.CustomerItems.Length);
        var ticks = new List<long>(data.CustomerItems.Length);
        var heldOut = new int[data.CustomerCount][];
        for (var u = 0; u < data.CustomerCount; u++)
        {
            var start = data.CustomerOffsets[u];
            var count = data.CustomerOffsets[u + 1] - start;
            var hold = count < 2 ? 0 : Math.Clamp((int)Math.Round(share * count, MidpointRounding.ToEven), 1, count - 1);

            // Positions ordered by (last purchase, product): the last `hold` are the customer's newest.
            var byTime = Enumerable.Range(start, count).OrderBy(p => data.LastPurchasedTicks[p]).ThenBy(p => data.CustomerItems[p]).ToArray();
            if (shuffle is not null)
            {
                shuffle.Shuffle(byTime);
            }

            var held = new HashSet<int>(byTime[(count - hold)..]);
            heldOut[u] = [.. held.Select(p => data.CustomerItems[p]).Order()];
            for (var p = start; p < start + count; p++)
            {
                if (!held.Contains(p))
                {
                    items.Add(data.CustomerItems[p]);
                    ticks.Add(data.LastPurchasedTicks[p]);
                }
            }

            offsets[u + 1] = items.Count;
        }

        return new ValidationWindow(InteractionData.FromCsr(data.Products, data.Customers, offsets, [.. items], [.. ticks]), heldOut);
    }
}
