namespace EcommerceMl.Ml.Data;

// The canonical shop tables (DESIGN.md, "Data"). Every source — CSV, PostgreSQL, the synthetic
// generator and the public datasets — is mapped onto these five record types.
// Timestamps are the shop's local wall-clock time (DateTimeKind.Unspecified): daily sales are
// counted by the shop's calendar day, which is what the shop's analysts mean by "a day".

/// <summary>A customer. <see cref="Attributes"/> carries any further columns a dataset brings.</summary>
public sealed record Customer(string CustomerId, DateTime SignupAt, string Country, bool LoyaltyMember)
{
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = EmptyAttributes;

    /// <summary>The churn label for datasets that give one (telco-churn); null for transactional shops.</summary>
    public bool? Churned { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyAttributes =
        new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>
/// A product. <see cref="Description"/> and <see cref="Attributes"/> (colour, material, …: any further columns of
/// products.csv) are searched beside the name and category; most sources have neither.
/// </summary>
public sealed record Product(string ProductId, string Name, string Category, double Price)
{
    public string Description { get; init; } = "";

    public IReadOnlyDictionary<string, string> Attributes { get; init; } = Customer.EmptyAttributes;
}

public sealed record Order(string OrderId, string CustomerId, DateTime OrderedAt);

public sealed record OrderItem(string OrderId, string ProductId, int Quantity, double UnitPrice);

public enum ShopEventType
{
    View,
    AddToCart,
    Purchase,
}

public sealed record ShopEvent(string CustomerId, string ProductId, ShopEventType Type, DateTime OccurredAt);

/// <summary>One order line joined with its order: what most algorithms train on.</summary>
public sealed record Purchase(string OrderId, string CustomerId, string ProductId, DateTime OrderedAt, int Quantity, double UnitPrice)
{
    public double Revenue => Quantity * UnitPrice;
}
