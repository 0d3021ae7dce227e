namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The one rule for what a churn request scores, shared by every way of asking (REST, Open Inference tensors,
/// `ecml predict batch` CSV): the features the request gives, else the known customer's stored ones; then the
/// request's attribute values laid over them.
/// </summary>
/// <remarks>
/// A blank attribute value (empty or only spaces) gives no value for that column: a known customer keeps their own,
/// features given in the request go without it (the model reads it as missing, as a blank cell of the training
/// data). Tensors and CSV cannot leave out one row's value, so blank is how every format says "not given", and JSON
/// says it the same way. A column the model does not read is refused even when its value is blank, so a misspelt
/// column never passes silently as a missing one.
/// </remarks>
public static class ChurnInputs
{
    /// <summary>
    /// The features to score, or null when no features are given and the model does not know
    /// <paramref name="customerId"/>.
    /// </summary>
    /// <exception cref="ArgumentException">An attribute names a column the model does not read.</exception>
    public static ChurnFeatures? Resolve(
        IChurnModel model,
        string? customerId,
        ChurnFeatures? given,
        IEnumerable<KeyValuePair<string, string?>>? attributes)
    {
        ArgumentNullException.ThrowIfNull(model);
        var features = given ?? (customerId is null ? null : model.FeaturesOf(customerId));
        if (attributes is null)
        {
            return features;
        }

        var columns = model.AttributeColumns;
        Dictionary<string, string>? merged = null;
        foreach (var (column, value) in attributes)
        {
            if (!columns.Contains(column, StringComparer.Ordinal))
            {
                throw new ArgumentException(NotRead(columns, column), nameof(attributes));
            }

            if (features is not null && !IsBlank(value))
            {
                merged ??= new Dictionary<string, string>(features.Attributes, StringComparer.Ordinal);
                merged[column] = value!;
            }
        }

        return merged is null ? features : features! with { Attributes = merged };
    }

    /// <summary>Whether a value gives nothing for its column: null, empty or only white space.</summary>
    public static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);

    private static string NotRead(IReadOnlyList<string> columns, string column) =>
        columns.Count == 0
            ? $"Attribute '{column}' is not read by this model: it was fitted on no attribute columns."
            : $"Attribute '{column}' is not read by this model; its columns are {string.Join(", ", columns)}.";
}
