using System.Globalization;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Ml.Data.Datasets;

/// <summary>
/// IBM Telco Customer Churn as a shop with customers only (no products, orders or events).
/// customerID → id; Churn (Yes/No) → <see cref="Customer.Churned"/>; every other column → Attributes
/// under its own name (Churn is left out of Attributes so a model reading attributes cannot see the label).
/// The data has no dates: sign-up = <see cref="ObservedAt"/> minus tenure months. A blank cell (TotalCharges
/// on 11 tenure-0 rows) is an absent attribute. Country is "United States" (a Californian provider);
/// there is no loyalty programme, so LoyaltyMember is false.
/// </summary>
public static class TelcoChurnLoader
{
    public const string DatasetName = "telco-churn";
    public const string FileName = "Telco-Customer-Churn.csv";

    /// <summary>The fixed "as of" date tenure is counted back from (the data gives none).</summary>
    public static readonly DateTime ObservedAt = new(2018, 1, 1);

    public static ShopDataLoadResult Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' not found (the telco-churn dataset folder should hold {FileName})", path);
        }

        using var csv = CsvRecordReader.Open(path);
        var header = new List<string>();
        var errors = new List<ShopDataError>();
        if (!csv.TryReadRecord(header))
        {
            throw new ShopDataValidationException(folder, [new ShopDataError(path, 0, "file is empty")]);
        }

        var idColumn = header.IndexOf("customerID");
        var tenureColumn = header.IndexOf("tenure");
        var churnColumn = header.IndexOf("Churn");
        if (idColumn < 0 || tenureColumn < 0 || churnColumn < 0)
        {
            throw new ShopDataValidationException(folder, [new ShopDataError(path, 1, $"header needs customerID, tenure and Churn (found: {string.Join(", ", header)})")]);
        }

        var customers = new List<Customer>();
        var fields = new List<string>(header.Count);
        while (csv.TryReadRecord(fields))
        {
            if (csv.RecordError is not null || fields.Count != header.Count)
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, csv.RecordError ?? $"has {fields.Count} columns, expected {header.Count}"));
                continue;
            }

            if (!int.TryParse(fields[tenureColumn], NumberStyles.None, CultureInfo.InvariantCulture, out var tenure))
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, $"tenure '{fields[tenureColumn]}' is not a whole number of months"));
                continue;
            }

            if (!ShopCsvFormat.TryParseBool(fields[churnColumn], out var churned))
            {
                errors.Add(new ShopDataError(path, csv.RecordLine, $"Churn '{fields[churnColumn]}' is not Yes or No"));
                continue;
            }

            var attributes = new Dictionary<string, string>(header.Count, StringComparer.Ordinal);
            for (var c = 0; c < header.Count; c++)
            {
                var value = fields[c].Trim();
                if (c != idColumn && c != churnColumn && value.Length > 0)
                {
                    attributes[header[c]] = value;
                }
            }

            customers.Add(new Customer(fields[idColumn].Trim(), ObservedAt.AddMonths(-tenure), "United States", false)
            {
                Churned = churned,
                Attributes = attributes,
            });
        }

        if (errors.Count > 0)
        {
            throw new ShopDataValidationException(folder, errors);
        }

        var data = new ShopData(DatasetName, customers, [], [], [], []);
        return ShopDataLoadResult.Complete(data, $"customers only; sign-up = {ObservedAt:yyyy-MM-dd} minus tenure months; Churn → Churned (not an attribute)");
    }
}
