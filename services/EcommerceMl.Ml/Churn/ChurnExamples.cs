using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Churn;

/// <summary>A labelled customer as a plain feature vector, whatever the features are.</summary>
public sealed record ChurnRow(string CustomerId, double[] Features, bool Churned);

/// <summary>
/// Labelled rows for a shop (pure): a dataset that brings a label (<see cref="Customer.Churned"/>
/// on every customer) is described by its own columns, one-hot encoded by
/// <see cref="CustomerAttributeEncoder"/> (the encoder is fitted on all rows: it learns only which
/// columns are numeric and which values exist, never the label); a transactional shop gets the
/// behavioural label of <see cref="ChurnLabeler"/> and the five RFM features, log-scaled.
/// </summary>
public static class ChurnExamples
{
    public static (IReadOnlyList<ChurnRow> Rows, string Description) From(ShopData data, int churnDays = 60)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Customers.Count > 0 && data.Customers.All(c => c.Churned is not null))
        {
            var encoder = CustomerAttributeEncoder.Fit(data.Customers);
            var rows = data.Customers.Select(c => new ChurnRow(c.CustomerId, encoder.Encode(c), c.Churned!.Value)).ToList();
            return (rows, $"given label; {encoder.Length} features from the dataset's columns (numbers as is plus ln(1+x) for non-negative amounts, the rest one-hot)");
        }

        var dataset = ChurnLabeler.Label(data, churnDays);
        return (
            [.. dataset.Examples.Select(e => new ChurnRow(e.CustomerId, ChurnFeatureVector.ModelInput(e.Features), e.Churned))],
            $"behavioural label: no order in the last {churnDays} days (cutoff {dataset.Cutoff:yyyy-MM-dd}); features {string.Join(", ", ChurnFeatureVector.Names)} as of the cutoff");
    }
}
