using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The behavioural churn label for a transactional shop (pure). The data ends at the midnight
/// after its last order day; the label window is the last <c>churnDays</c> calendar days,
/// [cutoff, end) with cutoff = end − churnDays. The population is every customer with an order
/// before the cutoff (guest checkouts excluded: they are not people who can churn), described as of the cutoff; a customer churned when they bought nothing in
/// the window. Features never look past the cutoff, so the label is never in them.
/// </summary>
public static class ChurnLabeler
{
    public static ChurnDataset Label(ShopData data, int churnDays)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(churnDays, 1);
        if (data.Orders.Count == 0)
        {
            throw new ArgumentException($"The shop '{data.Name}' has no orders to define churn from.", nameof(data));
        }

        var end = data.Orders.Max(o => o.OrderedAt).Date.AddDays(1);
        var cutoff = end.AddDays(-churnDays);
        var boughtInWindow = data.Orders
            .Where(o => o.OrderedAt >= cutoff && o.OrderedAt < end)
            .Select(o => o.CustomerId)
            .ToHashSet(StringComparer.Ordinal);
        var examples = ChurnFeatureBuilder.AsOf(GuestCheckouts.Remove(data), cutoff)
            .Select(c => new ChurnExample(c.Key, c.Value, Churned: !boughtInWindow.Contains(c.Key)))
            .ToList();
        return new ChurnDataset(cutoff, end, examples);
    }
}

/// <param name="Cutoff">Features are as of this moment; the label window starts here.</param>
/// <param name="End">The midnight after the last order day; the label window ends here.</param>
/// <param name="Examples">One per customer with an order before the cutoff, by customer id.</param>
public sealed record ChurnDataset(DateTime Cutoff, DateTime End, IReadOnlyList<ChurnExample> Examples)
{
    public double ChurnRate => Examples.Count == 0 ? 0 : Examples.Count(e => e.Churned) / (double)Examples.Count;
}

public sealed record ChurnExample(string CustomerId, ChurnFeatures Features, bool Churned);
