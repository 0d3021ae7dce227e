using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The binary file of a churn model, little-endian (str = byte length:int32 + UTF-8; f64/f32/i32 arrays are length-prefixed):
/// <code>
/// "ECMLCHRN" | version:int32 = 2 | algorithm:str
/// featurizer: columns:int32, each name:str | kind:byte (0 number, 1 number + ln(1+x), 2 one-hot) | one-hot: values str[]
///             (feature names follow from these: the behavioural five, then each column's entries)
/// scorer:     logistic: means f64[] | stds f64[] | weights f64[] | bias f64
///             lightgbm: slope f64 | offset f64 | trees (<see cref="TreeEnsemble"/>: features:int32 | bias f64 | trees:int32, each left i32[] | right i32[] | feature i32[] | threshold f32[] | leaf f64[])
/// calibrator: method:byte (0 none, 1 Platt, 2 isotonic) | Platt: slope f64, intercept f64 | isotonic: x f64[] | y f64[]
/// policy:     mediumFrom f64 | highFrom f64 | lowAction:str | mediumAction:str | highAction:str
/// featuresAsOf:int64 (ticks)
/// customers:  attribute columns str[] | distinct values str[] | count:int32, each id:str | recency, frequency, avgMonetary, tenure f32×4 | loyalty:byte | value index i32 per column (−1 absent)
/// </code>
/// Read through <see cref="SafeReader"/>: every count and value is checked and trailing bytes are refused;
/// version 1 files (logistic on the five behavioural features) are refused with a request to retrain.
/// </summary>
internal static class ChurnModelFormat
{
    public const int Version = 2;

    private const string FileKind = "churn model";

    private static ReadOnlySpan<byte> Magic => "ECMLCHRN"u8;

    public static void Write(ChurnModel model, Stream stream)
    {
        using var writer = ModelFile.OpenWriter(stream, Magic, Version);
        BinaryStrings.Write(writer, model.Algorithm);
        WriteFeaturizer(writer, model.Classifier.Featurizer);
        WriteScorer(writer, model.Classifier.Scorer);
        WriteCalibrator(writer, model.Calibrator);
        var policy = model.Policy;
        writer.Write(policy.MediumFrom);
        writer.Write(policy.HighFrom);
        BinaryStrings.Write(writer, policy.LowAction);
        BinaryStrings.Write(writer, policy.MediumAction);
        BinaryStrings.Write(writer, policy.HighAction);
        writer.Write(model.FeaturesAsOf.Ticks);
        WriteCustomers(writer, model.Customers);
    }

    public static ChurnModel Read(Stream stream, string expectedAlgorithm)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new SafeReader(stream, FileKind);
        reader.ReadMagic(Magic);
        var version = reader.ReadInt32("format version");
        if (version != Version)
        {
            throw reader.Malformed(version == 1
                ? "it is format version 1 (logistic on the five behavioural features only); retrain the model to get version 2"
                : $"format version {version} is not supported (expected {Version})");
        }

        var algorithm = reader.ReadString("algorithm");
        if (algorithm != expectedAlgorithm)
        {
            throw reader.Malformed($"it holds algorithm '{algorithm}', not '{expectedAlgorithm}'");
        }

        try
        {
            var featurizer = ReadFeaturizer(reader);
            var scorer = ReadScorer(reader, algorithm, featurizer.Length);
            var calibrator = ReadCalibrator(reader);
            var policy = new ChurnRiskPolicy(
                reader.ReadFiniteDouble("medium risk threshold"), reader.ReadFiniteDouble("high risk threshold"),
                reader.ReadString("low-risk action"), reader.ReadString("medium-risk action"), reader.ReadString("high-risk action"));
            var ticks = reader.ReadInt64("features' date");
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                throw reader.Malformed($"the features' date ({ticks} ticks) is out of range");
            }

            var customers = ReadCustomers(reader);
            reader.ReadEnd();
            return new ChurnModel(new ChurnClassifier(featurizer, scorer), calibrator, policy, new DateTime(ticks), customers);
        }
        catch (ArgumentException error)
        {
            throw reader.Malformed(error.Message.TrimEnd('.'));
        }
    }

    private static void WriteFeaturizer(BinaryWriter writer, ChurnFeaturizer featurizer)
    {
        writer.Write(featurizer.AttributeColumns.Count);
        foreach (var column in featurizer.AttributeColumns)
        {
            BinaryStrings.Write(writer, column.Name);
            writer.Write(column.Categories is not null ? (byte)2 : column.WithLog ? (byte)1 : (byte)0);
            if (column.Categories is not null)
            {
                BinaryStrings.WriteAll(writer, column.Categories);
            }
        }
    }

    private static ChurnFeaturizer ReadFeaturizer(SafeReader reader)
    {
        var count = reader.ReadCount("attribute column count");
        var columns = new List<ChurnFeaturizer.AttributeColumn>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString("attribute column name");
            var kind = reader.ReadByte("attribute column kind");
            columns.Add(kind switch
            {
                0 or 1 => new ChurnFeaturizer.AttributeColumn(name, kind == 1, null),
                2 => new ChurnFeaturizer.AttributeColumn(name, false, reader.ReadStrings($"values of column '{name}'")),
                _ => throw reader.Malformed($"attribute column '{name}' has kind {kind}, not 0, 1 or 2"),
            });
        }

        return new ChurnFeaturizer(columns);
    }

    private static void WriteScorer(BinaryWriter writer, ChurnScorer scorer)
    {
        switch (scorer)
        {
            case LogisticChurnScorer logistic:
                BinaryArrays.Write(writer, logistic.Standardizer.Means);
                BinaryArrays.Write(writer, logistic.Standardizer.Stds);
                BinaryArrays.Write(writer, logistic.Logit.Weights);
                writer.Write(logistic.Logit.Bias);
                break;
            case LightGbmChurnScorer trees:
                writer.Write(trees.Slope);
                writer.Write(trees.Offset);
                trees.Trees.Write(writer);
                break;
            default:
                throw new ArgumentException($"No file format for churn scorer '{scorer.Algorithm}'.", nameof(scorer));
        }
    }

    private static ChurnScorer ReadScorer(SafeReader reader, string algorithm, int featureCount)
    {
        if (algorithm == LogisticChurnScorer.AlgorithmName)
        {
            var means = reader.ReadFiniteArray("means");
            var stds = reader.ReadFiniteArray("stds", means.Length);
            var weights = reader.ReadFiniteArray("weights", means.Length);
            return new LogisticChurnScorer(new FeatureStandardizer(means, stds), new LinearLogit(weights, reader.ReadFiniteDouble("bias")));
        }

        if (algorithm != LightGbmChurnScorer.AlgorithmName)
        {
            throw reader.Malformed($"algorithm '{algorithm}' is not a churn algorithm");
        }

        var slope = reader.ReadFiniteDouble("LightGBM link slope");
        var offset = reader.ReadFiniteDouble("LightGBM link offset");
        return new LightGbmChurnScorer(TreeEnsemble.Read(reader, featureCount), slope, offset);
    }

    private static void WriteCalibrator(BinaryWriter writer, ProbabilityCalibrator calibrator)
    {
        writer.Write((byte)calibrator.Method);
        if (calibrator.Platt is { } platt)
        {
            writer.Write(platt.Slope);
            writer.Write(platt.Intercept);
        }
        else if (calibrator.Isotonic is { } isotonic)
        {
            BinaryArrays.Write(writer, isotonic.X);
            BinaryArrays.Write(writer, isotonic.Y);
        }
    }

    private static ProbabilityCalibrator ReadCalibrator(SafeReader reader)
    {
        var method = reader.ReadByte("calibration method");
        switch ((CalibrationMethod)method)
        {
            case CalibrationMethod.None:
                return ProbabilityCalibrator.Identity;
            case CalibrationMethod.Platt:
                return ProbabilityCalibrator.From(new PlattCalibration(reader.ReadFiniteDouble("Platt slope"), reader.ReadFiniteDouble("Platt intercept")));
            case CalibrationMethod.Isotonic:
                var x = reader.ReadFiniteArray("isotonic knots");
                return ProbabilityCalibrator.From(new IsotonicCalibration(x, reader.ReadFiniteArray("isotonic values", x.Length)));
            default:
                throw reader.Malformed($"calibration method {method} is not 0, 1 or 2");
        }
    }

    private static void WriteCustomers(BinaryWriter writer, IReadOnlyList<KeyValuePair<string, ChurnFeatures>> customers)
    {
        // Attribute values repeat across customers (telco: 7,043 customers, a few dozen distinct
        // values per column); a shared table keeps the file a few bytes per customer and column.
        string[] columns = [.. customers.SelectMany(c => c.Value.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var value in customers.SelectMany(c => c.Value.Attributes.Values))
        {
            values.TryAdd(value, values.Count);
        }

        BinaryStrings.WriteAll(writer, columns);
        BinaryStrings.WriteAll(writer, [.. values.OrderBy(v => v.Value).Select(v => v.Key)]);
        writer.Write(customers.Count);
        foreach (var (id, f) in customers)
        {
            BinaryStrings.Write(writer, id);
            writer.Write((float)f.RecencyDays);
            writer.Write((float)f.Frequency);
            writer.Write((float)f.AvgMonetary);
            writer.Write((float)f.TenureDays);
            writer.Write(f.LoyaltyMember ? (byte)1 : (byte)0);
            foreach (var column in columns)
            {
                writer.Write(f.Attributes.TryGetValue(column, out var value) ? values[value] : -1);
            }
        }
    }

    private static List<KeyValuePair<string, ChurnFeatures>> ReadCustomers(SafeReader reader)
    {
        var columns = reader.ReadStrings("customer attribute columns");
        var values = reader.ReadStrings("customer attribute values");
        var count = reader.ReadCount("customer count");
        var customers = new List<KeyValuePair<string, ChurnFeatures>>(Math.Min(count, 65_536));
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString("customer id");
            var numbers = new double[4];
            for (var j = 0; j < numbers.Length; j++)
            {
                numbers[j] = reader.ReadFiniteSingle($"feature of customer '{id}'");
            }

            var loyalty = reader.ReadByte($"loyalty flag of customer '{id}'");
            if (loyalty > 1)
            {
                throw reader.Malformed($"customer '{id}' has loyalty flag {loyalty}, not 0 or 1");
            }

            var attributes = new Dictionary<string, string>(columns.Length, StringComparer.Ordinal);
            foreach (var column in columns)
            {
                var index = reader.ReadInt32($"attribute '{column}' of customer '{id}'");
                if (index < -1 || index >= values.Length)
                {
                    throw reader.Malformed($"customer '{id}' has value index {index} for '{column}', outside -1..{values.Length - 1}");
                }

                if (index >= 0)
                {
                    attributes[column] = values[index];
                }
            }

            customers.Add(KeyValuePair.Create(id, new ChurnFeatures(numbers[0], numbers[1], numbers[2], numbers[3], loyalty == 1)
            {
                Attributes = attributes.Count == 0 ? Data.Customer.EmptyAttributes : attributes,
            }));
        }

        return customers;
    }
}
