using System.Text;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// The compact binary file of a logistic churn model, little-endian:
/// <code>
/// "ECMLCHRN" | version:int32 = 1 | algorithm:str | featureCount:int32 = 5
/// means: 5 × float64 | stds: 5 × float64 (of ChurnFeatureVector.ModelInput) | weights: 5 × float64 | bias:float64
/// mediumFrom:float64 | highFrom:float64 | featuresAsOf:int64 (ticks)
/// customerCount:int32, then per customer: id:str | recency, frequency, avgMonetary, tenure: 4 × float32 | loyalty:byte
/// </code>
/// str = byte length:int32 + UTF-8. The model itself is ~150 bytes; customers cost ~25 bytes each.
/// Reading checks every count and value, and refuses trailing bytes.
/// </summary>
internal static class ChurnModelFormat
{
    public const int Version = 1;

    private const int MaxStringBytes = 1024;
    private const int MaxCustomers = 100_000_000;

    private static ReadOnlySpan<byte> Magic => "ECMLCHRN"u8;

    public static void Write(LogisticChurnModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        WriteString(writer, model.Algorithm);
        writer.Write(ChurnFeatureVector.Length);
        WriteAll(writer, model.Standardizer.Means);
        WriteAll(writer, model.Standardizer.Stds);
        WriteAll(writer, model.Logit.Weights);
        writer.Write(model.Logit.Bias);
        writer.Write(model.Policy.MediumFrom);
        writer.Write(model.Policy.HighFrom);
        writer.Write(model.FeaturesAsOf.Ticks);
        writer.Write(model.Customers.Count);
        foreach (var (id, f) in model.Customers)
        {
            WriteString(writer, id);
            writer.Write((float)f.RecencyDays);
            writer.Write((float)f.Frequency);
            writer.Write((float)f.AvgMonetary);
            writer.Write((float)f.TenureDays);
            writer.Write(f.LoyaltyMember ? (byte)1 : (byte)0);
        }
    }

    public static LogisticChurnModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw Malformed("it does not start with the churn model marker 'ECMLCHRN'");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw Malformed($"format version {version} is not supported (expected {Version})");
            }

            var algorithm = ReadString(reader, "algorithm");
            if (algorithm != LogisticChurnModel.AlgorithmName)
            {
                throw Malformed($"it holds algorithm '{algorithm}', not '{LogisticChurnModel.AlgorithmName}'");
            }

            var featureCount = reader.ReadInt32();
            if (featureCount != ChurnFeatureVector.Length)
            {
                throw Malformed($"it has {featureCount} features, not {ChurnFeatureVector.Length}");
            }

            var means = ReadFinite(reader, featureCount, "means");
            var stds = ReadFinite(reader, featureCount, "stds");
            var weights = ReadFinite(reader, featureCount, "weights");
            var tail = ReadFinite(reader, 3, "bias and risk thresholds");
            var ticks = reader.ReadInt64();
            if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
            {
                throw Malformed($"the features' date ({ticks} ticks) is out of range");
            }

            var count = reader.ReadInt32();
            if (count < 0 || count > MaxCustomers)
            {
                throw Malformed($"the customer count {count} is outside 0..{MaxCustomers}");
            }

            var customers = new List<KeyValuePair<string, ChurnFeatures>>(Math.Min(count, 65_536));
            for (var i = 0; i < count; i++)
            {
                var id = ReadString(reader, "customer id");
                var values = new double[4];
                for (var j = 0; j < values.Length; j++)
                {
                    values[j] = reader.ReadSingle();
                    if (!double.IsFinite(values[j]))
                    {
                        throw Malformed($"customer '{id}' has a non-finite feature");
                    }
                }

                var loyalty = reader.ReadByte();
                if (loyalty > 1)
                {
                    throw Malformed($"customer '{id}' has loyalty flag {loyalty}, not 0 or 1");
                }

                customers.Add(KeyValuePair.Create(id, new ChurnFeatures(values[0], values[1], values[2], values[3], loyalty == 1)));
            }

            if (stream.ReadByte() != -1)
            {
                throw Malformed("there are bytes after the last customer");
            }

            try
            {
                return new LogisticChurnModel(
                    new FeatureStandardizer(means, stds),
                    new LinearLogit(weights, tail[0]),
                    new ChurnRiskPolicy(tail[1], tail[2]),
                    new DateTime(ticks),
                    customers);
            }
            catch (ArgumentException error)
            {
                throw Malformed(error.Message.TrimEnd('.'));
            }
        }
        catch (EndOfStreamException)
        {
            throw Malformed("it ends early (truncated)");
        }
    }

    private static void WriteAll(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        foreach (var value in values)
        {
            writer.Write(value);
        }
    }

    private static double[] ReadFinite(BinaryReader reader, int count, string what)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadDouble();
            if (!double.IsFinite(values[i]))
            {
                throw Malformed($"the {what} hold a non-finite value");
            }
        }

        return values;
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    private static string ReadString(BinaryReader reader, string what)
    {
        var length = reader.ReadInt32();
        if (length < 0 || length > MaxStringBytes)
        {
            throw Malformed($"the {what} length {length} is outside 0..{MaxStringBytes}");
        }

        var bytes = reader.ReadBytes(length);
        return bytes.Length == length ? Encoding.UTF8.GetString(bytes) : throw new EndOfStreamException();
    }

    private static InvalidDataException Malformed(string why) => new($"Not a valid logistic churn model file: {why}.");
}
