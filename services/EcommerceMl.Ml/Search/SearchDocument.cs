using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Search;

/// <summary>What the index knows of one product: its id and the four searched fields, as text.</summary>
/// <param name="Attributes">The product's attributes as one text ("colour: blue; material: linen"), empty when it has none.</param>
public sealed record SearchDocument(string ProductId, string Name, string Category, string Description, string Attributes)
{
    /// <summary>The product's searchable text from the shop's catalogue.</summary>
    public static SearchDocument From(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        var attributes = string.Join("; ", product.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}: {a.Value}"));
        return new SearchDocument(product.ProductId, product.Name, product.Category, product.Description, attributes);
    }

    /// <summary>The text of field <paramref name="field"/> (0 = name … 3 = attributes, <see cref="SearchFieldOrder"/>).</summary>
    public string Field(int field) => field switch
    {
        0 => Name,
        1 => Category,
        2 => Description,
        3 => Attributes,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Fields are 0..3."),
    };
}
