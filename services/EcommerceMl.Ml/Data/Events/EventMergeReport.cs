namespace EcommerceMl.Ml.Data.Events;

/// <summary>
/// What <see cref="EventShopData.MergeWithReport"/> did with the events, counted, so a training run can say how much
/// of the shop's live behaviour it learnt from and what it could not use.
/// </summary>
public sealed record EventMergeReport
{
    /// <summary>Distinct events read (repeats of an event id counted once).</summary>
    public int Events { get; init; }

    /// <summary>Events whose id had been seen before (a client's retry that reached the sink twice).</summary>
    public int DuplicateEvents { get; init; }

    /// <summary>Purchase events that became orders.</summary>
    public int OrdersAdded { get; init; }

    /// <summary>Order lines of those orders.</summary>
    public int OrderLinesAdded { get; init; }

    /// <summary>Purchase events whose order id the shop tables (or an earlier purchase event) already hold: not added twice.</summary>
    public int OrdersAlreadyKnown { get; init; }

    /// <summary>Rows added to <see cref="ShopData.Events"/> (views, cart adds, and a purchase per line of each new order).</summary>
    public int InteractionsAdded { get; init; }

    /// <summary>Searches (with a session and a query) added to <see cref="ShopData.Searches"/>, each credited with what followed it in its session.</summary>
    public int SearchesAdded { get; init; }

    /// <summary>Signed-in shoppers the customers table did not hold, added with what the events say (first seen as sign-up).</summary>
    public int CustomersAdded { get; init; }

    /// <summary>Anonymous visitors added as guest customers (<c>visitor-{visitorId}</c>, attribute guest=true).</summary>
    public int VisitorsAdded { get; init; }

    /// <summary>Products the catalogue did not hold, added minimally (name = id, category <see cref="EventShopData.UnknownCategory"/>).</summary>
    public IReadOnlyList<string> ProductsAdded { get; init; } = [];

    /// <summary>Events of types the shop tables have no place for (page_view, remove_from_cart, checkout_step, custom), per type.</summary>
    public IReadOnlyDictionary<string, int> NotRepresented { get; init; } = new Dictionary<string, int>();

    /// <summary>Events that lacked what their type needs to become a row (no actor, no product), per reason.</summary>
    public IReadOnlyDictionary<string, int> Unusable { get; init; } = new Dictionary<string, int>();

    /// <summary>The report as lines for a training log and the run's notes.</summary>
    public IReadOnlyList<string> Notes()
    {
        var notes = new List<string>
        {
            $"events: {Events:N0} read ({DuplicateEvents:N0} repeated ids dropped); {OrdersAdded:N0} purchases became orders with {OrderLinesAdded:N0} lines, " +
            $"{OrdersAlreadyKnown:N0} purchases were orders already known; {InteractionsAdded:N0} interactions added; {SearchesAdded:N0} searches added",
        };
        if (CustomersAdded + VisitorsAdded > 0)
        {
            notes.Add($"events: {CustomersAdded:N0} customers and {VisitorsAdded:N0} anonymous visitors (as guest customers) were not in the customers table: added");
        }

        if (ProductsAdded.Count > 0)
        {
            var shown = string.Join(", ", ProductsAdded.Take(10)) + (ProductsAdded.Count > 10 ? ", …" : "");
            notes.Add($"events: {ProductsAdded.Count:N0} products were not in the catalogue: added with category '{EventShopData.UnknownCategory}' ({shown})");
        }

        if (NotRepresented.Count > 0)
        {
            notes.Add($"events: not used for training (no shop table for them): {Describe(NotRepresented)}");
        }

        if (Unusable.Count > 0)
        {
            notes.Add($"events: left out: {Describe(Unusable)}");
        }

        return notes;
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value:N0} {c.Key}"));
}

/// <summary>The merged shop and what the merge did.</summary>
public sealed record EventMergeResult(ShopData Data, EventMergeReport Report);
