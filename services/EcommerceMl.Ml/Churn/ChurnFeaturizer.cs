using System.Globalization;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The one way <see cref="ChurnFeatures"/> become a model's input, shared by training, evaluation and
/// serving (no train/serve skew), fitted on training customers only and stored in the model file with
/// its feature names:
/// <list type="bullet">
/// <item>the five behavioural features, the four amounts log-scaled (<see cref="ChurnFeatureVector.ModelInput"/>);</item>
/// <item>each attribute column whose every training value is a number: the number (missing → 0, as the
/// published telco baseline treats its blank TotalCharges) and, when it is never negative and takes more
/// than two values, ln(1 + x) beside it — amounts and durations are heavy-tailed and risk moves with ratios;</item>
/// <item>any other column: one-hot over the values seen at least <c>minCategoryCount</c> times (the
/// <see cref="MaxCategories"/> most frequent), plus "column=(other)" for rarer values and values never
/// seen in training; a missing value is all zeros.</item>
/// </list>
/// Pure and allocation-free per row (<see cref="Encode(ChurnFeatures, Span{double})"/>).
/// </summary>
public sealed class ChurnFeaturizer
{
    public const int MaxCategories = 64;
    public const string Other = "(other)";

    private readonly AttributeColumn[] _columns;
    private readonly Dictionary<string, int> _columnIndex;

    internal ChurnFeaturizer(IReadOnlyList<AttributeColumn> columns)
    {
        _columns = [.. columns];
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _columns.Length; i++)
        {
            if (!_columnIndex.TryAdd(_columns[i].Name, i))
            {
                throw new ArgumentException($"Attribute column '{_columns[i].Name}' appears twice.", nameof(columns));
            }
        }

        var names = new List<string>(ChurnFeatureVector.Names);
        foreach (var column in _columns)
        {
            column.Offset = names.Count;
            names.AddRange(column.FeatureNames());
        }

        Names = names;
    }

    /// <summary>Feature names in vector order: the behavioural five, then "column", "log1p(column)" or "column=value".</summary>
    public IReadOnlyList<string> Names { get; }

    public int Length => Names.Count;

    /// <summary>The attribute columns read, in order.</summary>
    public IReadOnlyList<string> Columns => [.. _columns.Select(c => c.Name)];

    internal IReadOnlyList<AttributeColumn> AttributeColumns => _columns;

    public static ChurnFeaturizer Fit(IEnumerable<ChurnFeatures> training, int minCategoryCount = 10)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentOutOfRangeException.ThrowIfLessThan(minCategoryCount, 1);
        var counts = new SortedDictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        foreach (var features in training)
        {
            foreach (var (column, value) in features.Attributes)
            {
                if (!counts.TryGetValue(column, out var values))
                {
                    counts[column] = values = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                values[value] = values.GetValueOrDefault(value) + 1;
            }
        }

        var columns = new List<AttributeColumn>();
        foreach (var (column, values) in counts)
        {
            if (values.Keys.All(v => TryNumber(v, out _)))
            {
                var numbers = values.Keys.Select(v => TryNumber(v, out var x) ? x : 0).ToList();
                columns.Add(new AttributeColumn(column, WithLog: numbers.All(x => x >= 0) && numbers.Distinct().Count() > 2, Categories: null));
            }
            else
            {
                string[] kept = [.. values
                    .Where(v => v.Value >= minCategoryCount)
                    .OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
                    .Take(MaxCategories)
                    .Select(v => v.Key)
                    .Order(StringComparer.Ordinal)];
                columns.Add(new AttributeColumn(column, WithLog: false, Categories: kept));
            }
        }

        return new ChurnFeaturizer(columns);
    }

    public double[] Encode(ChurnFeatures features)
    {
        var x = new double[Length];
        Encode(features, x);
        return x;
    }

    /// <summary>Writes the feature vector into <paramref name="into"/> (exactly <see cref="Length"/> long).</summary>
    /// <exception cref="ArgumentException">A behavioural feature is not finite, a numeric column holds text, or a column is not one the model was fitted on.</exception>
    public void Encode(ChurnFeatures features, Span<double> into)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (into.Length != Length)
        {
            throw new ArgumentException($"The churn feature vector has {Length} entries, not {into.Length}.", nameof(into));
        }

        into.Clear();
        ReadOnlySpan<double> raw = [features.RecencyDays, features.Frequency, features.AvgMonetary, features.TenureDays];
        for (var j = 0; j < raw.Length; j++)
        {
            if (!double.IsFinite(raw[j]))
            {
                throw new ArgumentException($"Churn feature '{ChurnFeatureVector.Names[j]}' is {raw[j]}; it must be a finite number.", nameof(features));
            }

            into[j] = Math.Sign(raw[j]) * Math.Log(1 + Math.Abs(raw[j]));
        }

        into[ChurnFeatureVector.Length - 1] = features.LoyaltyMember ? 1 : 0;
        foreach (var (name, value) in features.Attributes)
        {
            if (!_columnIndex.TryGetValue(name, out var index))
            {
                throw new ArgumentException(_columns.Length == 0
                    ? $"Attribute '{name}' is not read by this model: it was fitted on no attribute columns."
                    : $"Attribute '{name}' is not read by this model; its columns are {string.Join(", ", _columns.Select(c => c.Name))}.", nameof(features));
            }

            _columns[index].Encode(value, into);
        }
    }

    internal static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>One attribute column: numeric (<see cref="Categories"/> null) or categorical.</summary>
    internal sealed record AttributeColumn(string Name, bool WithLog, string[]? Categories)
    {
        private readonly Dictionary<string, int>? _lookup =
            Categories?.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i, StringComparer.Ordinal);

        /// <summary>Where the column's entries start in the vector (set once by the featurizer).</summary>
        public int Offset { get; set; }

        public IEnumerable<string> FeatureNames()
        {
            if (Categories is null)
            {
                return WithLog ? [Name, $"log1p({Name})"] : [Name];
            }

            return [.. Categories.Select(v => $"{Name}={v}"), $"{Name}={Other}"];
        }

        public void Encode(string value, Span<double> into)
        {
            if (Categories is null)
            {
                if (!TryNumber(value, out var number))
                {
                    throw new ArgumentException($"Attribute '{Name}' is '{value}'; the model reads it as a number.");
                }

                into[Offset] = number;
                if (WithLog)
                {
                    into[Offset + 1] = Math.Log(1 + Math.Max(0, number));
                }

                return;
            }

            into[Offset + (_lookup!.TryGetValue(value, out var position) ? position : Categories.Length)] = 1;
        }
    }
}
