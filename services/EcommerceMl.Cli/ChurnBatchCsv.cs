using System.Globalization;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Cli;

/// <summary>
/// Churn batch prediction, CSV in → CSV out. The input has a <c>customer_id</c> column (any
/// canonical customers.csv does) and optionally all five features (<see cref="FeatureColumns"/>);
/// a row without features uses the customer's features as of the end of the training data, and a
/// customer the model never saw needs them. A column named as one of the model's attribute columns
/// (<see cref="IChurnModel.AttributeColumns"/>, matched exactly) is passed as that attribute by the one
/// churn input rule (<see cref="ChurnInputs"/>: laid over a known customer's own, a blank cell giving
/// no value); any other column outside the canonical customers.csv ones is refused, so a misspelt
/// column never passes silently as a missing one.
/// Read with the core's CSV reader (RFC 4180, *.gz read through).
/// Output: customer_id, probability, risk, next_action.
/// </summary>
internal static class ChurnBatchCsv
{
    public static readonly IReadOnlyList<string> FeatureColumns = ["recency_days", "frequency", "avg_monetary", "tenure_days", "loyalty_member"];

    /// <summary>The columns read besides attributes: the features and the canonical customers.csv columns (ignored when features are given).</summary>
    private static readonly IReadOnlyList<string> KnownColumns =
        [.. ShopCsvFormat.CustomerColumns.Append(ShopCsvFormat.ChurnedColumn).Concat(FeatureColumns).Distinct(StringComparer.Ordinal)];

    /// <summary>
    /// Writes a prediction per customer it can score. Bad rows are collected and thrown together
    /// with their lines; rows without features whose customer the model never saw (no orders in its
    /// training data) are not scored and are returned, so the caller can say so.
    /// </summary>
    public static ChurnBatchResult Predict(IChurnModel model, string inputPath, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!File.Exists(inputPath))
        {
            throw new FileNotFoundException($"churn input '{inputPath}' does not exist (expected a CSV with a customer_id column)", inputPath);
        }

        var rows = new List<(string Customer, ChurnPrediction Prediction)>();
        var errors = new List<ShopDataError>();
        var unknown = new List<ShopDataError>();
        using (var csv = CsvRecordReader.Open(inputPath))
        {
            var header = new List<string>();
            if (!csv.TryReadRecord(header))
            {
                throw new ArgumentException($"{inputPath}: the file is empty (expected a header with customer_id)");
            }

            if (csv.RecordError is { } badHeader)
            {
                throw new ArgumentException($"{inputPath}:{csv.RecordLine}: {badHeader}");
            }

            var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
            var twice = header.Select(h => h.Trim()).GroupBy(h => h, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (twice is not null)
            {
                throw new ArgumentException($"{inputPath}:{csv.RecordLine}: the header names column '{twice.Key}' twice");
            }

            var idColumn = columns.IndexOf("customer_id");
            if (idColumn < 0)
            {
                throw new ArgumentException($"{inputPath}:1: no customer_id column (header: {string.Join(", ", header)})");
            }

            var attributeColumns = AttributeColumnsOf(model, header, inputPath);
            var featureColumns = FeatureColumns.Select(c => columns.IndexOf(c)).ToArray();
            // loyalty_member is also a canonical customers.csv column, so the four numbers decide
            // whether the file brings its own features.
            var numbers = featureColumns.Take(4).Count(i => i >= 0);
            var present = numbers == 4 && featureColumns[4] >= 0 ? 5 : numbers == 0 ? 0 : -1;
            if (present < 0)
            {
                throw new ArgumentException(
                    $"{inputPath}:1: give all five feature columns ({string.Join(", ", FeatureColumns)}) or none of the numbers; missing {string.Join(", ", FeatureColumns.Where((_, i) => featureColumns[i] < 0))}");
            }

            var fields = new List<string>(header.Count);
            while (csv.TryReadRecord(fields))
            {
                var line = csv.RecordLine;
                if (csv.RecordError is { } bad)
                {
                    errors.Add(new ShopDataError(inputPath, line, bad));
                    continue;
                }

                if (fields.Count != header.Count)
                {
                    errors.Add(new ShopDataError(inputPath, line, $"{fields.Count} fields, the header has {header.Count}"));
                    continue;
                }

                var customer = fields[idColumn].Trim();
                ChurnFeatures? given = null;
                if (present == 5 && (given = ParseFeatures(fields, featureColumns, out var problem)) is null)
                {
                    errors.Add(new ShopDataError(inputPath, line, problem!));
                    continue;
                }

                try
                {
                    var features = ChurnInputs.Resolve(model, customer, given, attributeColumns.Select(c => KeyValuePair.Create(c.Name, (string?)fields[c.Index])));
                    if (features is null)
                    {
                        unknown.Add(new ShopDataError(inputPath, line, $"customer '{customer}' is unknown to the model (no orders in its training data); give the feature columns ({string.Join(", ", FeatureColumns)}) to score it"));
                        continue;
                    }

                    rows.Add((customer, model.Predict(features)));
                }
                catch (ArgumentException e)
                {
                    // The row parses but the model cannot read it, e.g. text in a column it reads as a number.
                    errors.Add(new ShopDataError(inputPath, line, e.Message.Split(" (Parameter", 2)[0]));
                }
            }
        }

        if (errors.Count > 0)
        {
            throw new ShopDataValidationException(inputPath, errors);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        Directory.CreateDirectory(folder!);
        using var writer = new StreamWriter(outputPath);
        writer.WriteLine("customer_id,probability,risk,next_action");
        foreach (var (customer, prediction) in rows)
        {
            writer.WriteLine(string.Join(',',
                ShopCsvFormat.Escape(customer),
                prediction.Probability.ToString("0.######", CultureInfo.InvariantCulture),
                prediction.Risk.ToString().ToLowerInvariant(),
                ShopCsvFormat.Escape(prediction.NextAction)));
        }

        return new ChurnBatchResult(rows.Count, unknown);
    }

    /// <summary>The header's attribute columns by position; throws naming a column that is neither canonical nor read by the model.</summary>
    private static List<(int Index, string Name)> AttributeColumnsOf(IChurnModel model, IReadOnlyList<string> header, string inputPath)
    {
        var reads = model.AttributeColumns;
        var attributes = new List<(int Index, string Name)>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            if (reads.Contains(name, StringComparer.Ordinal))
            {
                attributes.Add((i, name));
            }
            else if (!KnownColumns.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var readable = reads.Count == 0 ? "this model reads no attribute columns" : $"this model's attribute columns are {string.Join(", ", reads)}";
                throw new ArgumentException(
                    $"{inputPath}:1: unknown column '{name}': {readable}; the other accepted columns are {string.Join(", ", KnownColumns)}");
            }
        }

        return attributes;
    }

    private static ChurnFeatures? ParseFeatures(List<string> fields, int[] columns, out string? problem)
    {
        var numbers = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!ShopCsvFormat.TryParseNumber(fields[columns[i]].Trim(), out numbers[i]) || numbers[i] < 0)
            {
                problem = $"{FeatureColumns[i]} '{fields[columns[i]]}' is not a non-negative number";
                return null;
            }
        }

        if (!ShopCsvFormat.TryParseBool(fields[columns[4]].Trim(), out var loyalty))
        {
            problem = $"loyalty_member '{fields[columns[4]]}' is not true/false";
            return null;
        }

        problem = null;
        return new ChurnFeatures(numbers[0], numbers[1], numbers[2], numbers[3], loyalty);
    }
}

/// <param name="Written">Customers scored and written.</param>
/// <param name="Unknown">Rows not scored: no features given and the customer is unknown to the model.</param>
internal sealed record ChurnBatchResult(int Written, IReadOnlyList<ShopDataError> Unknown);
