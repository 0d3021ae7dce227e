using System.Globalization;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Turns the columns a dataset brings (<see cref="Customer.Attributes"/>) into numbers, learnt from
/// training customers only: a column whose every value is a number stays numeric (a missing value
/// is 0, as the published telco baseline treats its blank TotalCharges); any other column is one-hot
/// over the values seen in training (an unseen value is all zeros). Columns in
/// <paramref name="excluded"/> (ids, the label) never become features.
/// </summary>
public sealed class CustomerAttributeEncoder
{
    private readonly IReadOnlyList<(string Column, string? Value)> _features;

    private CustomerAttributeEncoder(IReadOnlyList<(string Column, string? Value)> features) => _features = features;

    /// <summary>Feature names: the column for numeric ones, "column=value" for one-hot ones.</summary>
    public IReadOnlyList<string> Names => [.. _features.Select(f => f.Value is null ? f.Column : $"{f.Column}={f.Value}")];

    public int Length => _features.Count;

    public static CustomerAttributeEncoder Fit(IEnumerable<Customer> training, IReadOnlyCollection<string>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(training);
        var values = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var customer in training)
        {
            foreach (var (column, value) in customer.Attributes)
            {
                if (excluded?.Contains(column) == true)
                {
                    continue;
                }

                if (!values.TryGetValue(column, out var seen))
                {
                    values[column] = seen = new SortedSet<string>(StringComparer.Ordinal);
                }

                seen.Add(value);
            }
        }

        var features = new List<(string, string?)>();
        foreach (var (column, seen) in values)
        {
            if (seen.All(v => TryNumber(v, out _)))
            {
                features.Add((column, null));
            }
            else
            {
                features.AddRange(seen.Select(v => (column, (string?)v)));
            }
        }

        return new CustomerAttributeEncoder(features);
    }

    public double[] Encode(Customer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        var x = new double[_features.Count];
        for (var j = 0; j < x.Length; j++)
        {
            var (column, value) = _features[j];
            if (customer.Attributes.TryGetValue(column, out var actual))
            {
                x[j] = value is null ? (TryNumber(actual, out var number) ? number : 0) : (actual == value ? 1 : 0);
            }
        }

        return x;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
