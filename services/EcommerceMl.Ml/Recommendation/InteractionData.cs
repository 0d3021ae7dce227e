using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// A shop's purchases as a binary customer × product matrix over dense indices, in CSR form:
/// customer <c>u</c> bought the distinct, ascending products
/// <c>CustomerItems[CustomerOffsets[u]..CustomerOffsets[u + 1]]</c>, the last time each was bought in
/// <c>LastPurchasedTicks</c> at the same position. Ids are mapped to ints once, here, so every kernel
/// works on plain int arrays.
/// </summary>
/// <remarks>
/// Products are the catalogue in its given order, followed by any product that was bought but is
/// missing from the catalogue (named by its id, empty category) so no purchase is dropped.
/// Customers are those with at least one purchase, in order of first purchase; a customer table
/// row without purchases carries no signal and is left out (the models treat it as unknown).
/// </remarks>
public sealed class InteractionData
{
    private InteractionData(ProductInfo[] products, string[] customers, int[] customerOffsets, int[] customerItems, long[] lastPurchasedTicks, InteractionEvents? events = null)
    {
        Events = events ?? InteractionEvents.None;
        LastPurchasedTicks = lastPurchasedTicks;
        Products = products;
        Customers = customers;
        CustomerOffsets = customerOffsets;
        CustomerItems = customerItems;
    }

    public ProductInfo[] Products { get; }

    public string[] Customers { get; }

    public int[] CustomerOffsets { get; }

    public int[] CustomerItems { get; }

    /// <summary>When each (customer, product) entry of <see cref="CustomerItems"/> was last bought, in ticks.</summary>
    public long[] LastPurchasedTicks { get; }

    /// <summary>The shop's product views and cart adds on these products: what implicit-feedback hyperparameters weigh in (<see cref="ImplicitFeedback"/>).</summary>
    public InteractionEvents Events { get; }

    /// <summary>The time of the latest purchase: where the data ends (not the wall clock; the data is history).</summary>
    public DateTime End => LastPurchasedTicks.Length == 0 ? DateTime.MinValue : new DateTime(LastPurchasedTicks.Max());

    public int ProductCount => Products.Length;

    public int CustomerCount => Customers.Length;

    /// <summary>A matrix over the same products and customers from CSR arrays already built (the two-stage model's carved training part).</summary>
    internal static InteractionData FromCsr(ProductInfo[] products, string[] customers, int[] customerOffsets, int[] customerItems, long[] lastPurchasedTicks) =>
        new(products, customers, customerOffsets, customerItems, lastPurchasedTicks);

    public ReadOnlySpan<int> ItemsOf(int customer) =>
        CustomerItems.AsSpan(CustomerOffsets[customer], CustomerOffsets[customer + 1] - CustomerOffsets[customer]);

    /// <summary>Builds the matrix from every purchase of <paramref name="data"/>.</summary>
    public static InteractionData FromShop(ShopData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var products = new List<ProductInfo>(data.Products.Count);
        var productIndex = new Dictionary<string, int>(data.Products.Count, StringComparer.Ordinal);
        foreach (var product in data.Products)
        {
            if (productIndex.TryAdd(product.ProductId, products.Count))
            {
                products.Add(new ProductInfo(product.ProductId, product.Name, product.Category, product.Price));
            }
        }

        var customerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var customers = new List<string>();
        var itemsPerCustomer = new List<List<(int Item, long Ticks)>>();
        foreach (var purchase in data.Purchases)
        {
            if (!productIndex.TryGetValue(purchase.ProductId, out var item))
            {
                item = products.Count;
                productIndex.Add(purchase.ProductId, item);
                products.Add(new ProductInfo(purchase.ProductId, purchase.ProductId, string.Empty, purchase.UnitPrice));
            }

            if (!customerIndex.TryGetValue(purchase.CustomerId, out var customer))
            {
                customer = customers.Count;
                customerIndex.Add(purchase.CustomerId, customer);
                customers.Add(purchase.CustomerId);
                itemsPerCustomer.Add([]);
            }

            itemsPerCustomer[customer].Add((item, purchase.OrderedAt.Ticks));
        }

        var offsets = new int[customers.Count + 1];
        var flat = new List<int>(data.Purchases.Count);
        var ticks = new List<long>(data.Purchases.Count);
        for (var u = 0; u < customers.Count; u++)
        {
            var items = itemsPerCustomer[u];
            items.Sort();
            var previous = -1;
            foreach (var (item, at) in items)
            {
                if (item != previous)
                {
                    flat.Add(item);
                    ticks.Add(at);
                    previous = item;
                }
                else
                {
                    // Sorted by (item, time): the later duplicate carries the latest purchase.
                    ticks[^1] = at;
                }
            }

            offsets[u + 1] = flat.Count;
        }

        return new InteractionData([.. products], [.. customers], offsets, [.. flat], [.. ticks], InteractionEvents.From(data.Events, productIndex, customerIndex));
    }
}
