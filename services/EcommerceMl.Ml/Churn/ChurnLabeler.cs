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
    /// <summary>
    /// The examples a churn model learns from: the dataset's own label when every customer has one
    /// (<see cref="Customer.Churned"/>, e.g. telco), every customer described as of the end of the data
    /// (the midnight after its last order or sign-up day); otherwise the behavioural label of
    /// <see cref="Label"/>.
    /// </summary>
    public static ChurnDataset ForTraining(ShopData data, int churnDays)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Customers.Count == 0 || data.Customers.Any(c => c.Churned is null))
        {
            return Label(data, churnDays);
        }

        var end = data.Orders.Select(o => o.OrderedAt).Concat(data.Customers.Select(c => c.SignupAt)).Max().Date.AddDays(1);
        var features = ChurnFeatureBuilder.AsOf(data, end, withoutOrders: true);
        var examples = data.Customers
            .Select(c => new ChurnExample(c.CustomerId, features[c.CustomerId], c.Churned!.Value))
            .OrderBy(e => e.CustomerId, StringComparer.Ordinal)
            .ToList();
        return new ChurnDataset(end, end, examples) { GivenLabel = true };
    }

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
    /// <summary>True when the label is the dataset's own (features then as of <see cref="End"/>), false for the behavioural one.</summary>
    public bool GivenLabel { get; init; }

    public string Description(int churnDays) => GivenLabel
        ? $"the dataset's own label; features as of {End:yyyy-MM-dd}"
        : $"behavioural label: no order in the last {churnDays} days (cutoff {Cutoff:yyyy-MM-dd}); features as of the cutoff";

    public double ChurnRate => Examples.Count == 0 ? 0 : Examples.Count(e => e.Churned) / (double)Examples.Count;
}

public sealed record ChurnExample(string CustomerId, ChurnFeatures Features, bool Churned);
