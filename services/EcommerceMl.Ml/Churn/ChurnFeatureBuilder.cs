using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// A customer's <see cref="ChurnFeatures"/> as of a moment, from orders strictly before it (pure):
/// <list type="bullet">
/// <item>RecencyDays: calendar days from the last order's day to the as-of day;</item>
/// <item>Frequency: orders in the <see cref="FrequencyWindowDays"/> days before;</item>
/// <item>AvgMonetary: average order value (Σ quantity × unit price of its lines) over all orders before;</item>
/// <item>TenureDays: calendar days since signup — or since the first order when the signup is
/// unknown (default) or later than that order, since an order proves the customer existed;</item>
/// <item>LoyaltyMember: from the customer table (false for customers it does not list);</item>
/// <item>Attributes: the customer's own columns (<see cref="Customer.Attributes"/>).</item>
/// </list>
/// Customers without an order before the moment are left out, unless <c>withoutOrders</c> asks for
/// them (a dataset with a given label, such as telco, has customers and no orders): then recency is
/// the tenure (nothing bought since joining), frequency and order value 0.
/// </summary>
public static class ChurnFeatureBuilder
{
    public const int FrequencyWindowDays = 180;

    /// <summary>Features by customer id (ordinal order) for every customer with an order before <paramref name="asOf"/>.</summary>
    public static SortedDictionary<string, ChurnFeatures> AsOf(ShopData data, DateTime asOf, bool withoutOrders = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var orderValue = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in data.OrderItems)
        {
            orderValue[item.OrderId] = orderValue.GetValueOrDefault(item.OrderId) + (item.Quantity * item.UnitPrice);
        }

        var windowStart = asOf.AddDays(-FrequencyWindowDays);
        var history = new Dictionary<string, History>(StringComparer.Ordinal);
        foreach (var order in data.Orders.Where(o => o.OrderedAt < asOf))
        {
            if (!history.TryGetValue(order.CustomerId, out var h))
            {
                h = new History { First = order.OrderedAt, Last = order.OrderedAt };
                history[order.CustomerId] = h;
            }

            h.Orders++;
            h.Spent += orderValue.GetValueOrDefault(order.OrderId);
            h.Recent += order.OrderedAt >= windowStart ? 1 : 0;
            h.First = order.OrderedAt < h.First ? order.OrderedAt : h.First;
            h.Last = order.OrderedAt > h.Last ? order.OrderedAt : h.Last;
        }

        var customers = new Dictionary<string, Customer>(StringComparer.Ordinal);
        foreach (var customer in data.Customers)
        {
            customers[customer.CustomerId] = customer;
        }

        var asOfDay = DateOnly.FromDateTime(asOf).DayNumber;
        var features = new SortedDictionary<string, ChurnFeatures>(StringComparer.Ordinal);
        foreach (var (id, h) in history)
        {
            var customer = customers.GetValueOrDefault(id);
            var since = customer is not null && customer.SignupAt != default && customer.SignupAt <= h.First ? customer.SignupAt : h.First;
            features[id] = new ChurnFeatures(
                RecencyDays: asOfDay - DateOnly.FromDateTime(h.Last).DayNumber,
                Frequency: h.Recent,
                AvgMonetary: h.Spent / h.Orders,
                TenureDays: asOfDay - DateOnly.FromDateTime(since).DayNumber,
                LoyaltyMember: customer?.LoyaltyMember ?? false)
            {
                Attributes = customer?.Attributes ?? Customer.EmptyAttributes,
            };
        }

        if (withoutOrders)
        {
            foreach (var customer in customers.Values.Where(c => !history.ContainsKey(c.CustomerId)))
            {
                var tenure = Math.Max(0, asOfDay - DateOnly.FromDateTime(customer.SignupAt).DayNumber);
                features[customer.CustomerId] = new ChurnFeatures(tenure, 0, 0, tenure, customer.LoyaltyMember) { Attributes = customer.Attributes };
            }
        }

        return features;
    }

    private sealed class History
    {
        public DateTime First { get; set; }

        public DateTime Last { get; set; }

        public int Orders { get; set; }

        public int Recent { get; set; }

        public double Spent { get; set; }
    }
}
