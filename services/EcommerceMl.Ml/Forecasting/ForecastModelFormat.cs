using System.Text;

namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The compact binary file of a seasonal-naive forecaster, little-endian:
/// <code>
/// "ECMLFCST" | version:int32 = 1 | algorithm:str | measure:str | season:int32 | lastObserved:int32 (DayNumber)
/// scopeCount:int32, then per scope: scope:str | lastSeason: season × float64
///                                   | bucketCount:int32, per bucket: n:int32 | n × float32 ascending
/// </code>
/// str = byte length:int32 + UTF-8. Point values stay float64 so a forecast repeats the data
/// exactly; residuals are float32. Reading checks every count and value, and refuses trailing bytes.
/// </summary>
internal static class ForecastModelFormat
{
    public const int Version = 1;

    private const int MaxStringBytes = 4096;
    private const int MaxScopes = 10_000_000;
    private const int MaxSeason = 366;

    private static ReadOnlySpan<byte> Magic => "ECMLFCST"u8;

    public static void Write(SeasonalNaiveForecaster model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        BinaryStrings.Write(writer, model.Algorithm);
        BinaryStrings.Write(writer, model.Measure);
        writer.Write(model.Season);
        writer.Write(model.LastObservedDate.DayNumber);
        var states = model.States.ToList();
        writer.Write(states.Count);
        foreach (var state in states)
        {
            BinaryStrings.Write(writer, state.Scope);
            foreach (var value in state.LastSeason)
            {
                writer.Write(value);
            }

            writer.Write(state.Residuals.BucketCount);
            foreach (var bucket in state.Residuals.Sorted)
            {
                writer.Write(bucket.Length);
                foreach (var residual in bucket)
                {
                    writer.Write(residual);
                }
            }
        }
    }

    public static SeasonalNaiveForecaster Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
            var magic = reader.ReadBytes(Magic.Length);
            if (!magic.AsSpan().SequenceEqual(Magic))
            {
                throw Malformed("it does not start with the forecast model marker 'ECMLFCST'");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw Malformed($"format version {version} is not supported (expected {Version})");
            }

            var algorithm = ReadString(reader, "algorithm");
            if (algorithm != SeasonalNaiveForecaster.AlgorithmName)
            {
                throw Malformed($"it holds algorithm '{algorithm}', not '{SeasonalNaiveForecaster.AlgorithmName}'");
            }

            var measure = ReadString(reader, "measure");
            var season = ReadCount(reader, "season", 1, MaxSeason);
            var lastObserved = ReadCount(reader, "last observed day", DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber);
            var scopeCount = ReadCount(reader, "scope count", 1, MaxScopes);
            var states = new List<SeasonalNaiveForecaster.ScopeState>(Math.Min(scopeCount, 1024));
            for (var i = 0; i < scopeCount; i++)
            {
                states.Add(ReadScope(reader, season));
            }

            if (stream.ReadByte() != -1)
            {
                throw Malformed("there are bytes after the last scope");
            }

            if (states.Select(s => s.Scope).Distinct(StringComparer.Ordinal).Count() != states.Count)
            {
                throw Malformed("a scope appears twice");
            }

            return new SeasonalNaiveForecaster(season, DateOnly.FromDayNumber(lastObserved), measure, states);
        }
        catch (EndOfStreamException)
        {
            throw Malformed("it ends early (truncated)");
        }
    }

    private static SeasonalNaiveForecaster.ScopeState ReadScope(BinaryReader reader, int season)
    {
        var scope = ReadString(reader, "scope");
        var lastSeason = new double[season];
        for (var i = 0; i < season; i++)
        {
            lastSeason[i] = reader.ReadDouble();
            if (!double.IsFinite(lastSeason[i]))
            {
                throw Malformed($"scope '{scope}' has a non-finite value");
            }
        }

        var bucketCount = ReadCount(reader, $"bucket count of '{scope}'", 1, ResidualBuckets.MaxBuckets);
        var buckets = new float[bucketCount][];
        for (var b = 0; b < bucketCount; b++)
        {
            var count = ReadCount(reader, $"residual count of '{scope}'", 1, ResidualBuckets.MaxSamplesPerBucket);
            var residuals = new float[count];
            for (var i = 0; i < count; i++)
            {
                residuals[i] = reader.ReadSingle();
                if (!float.IsFinite(residuals[i]) || (i > 0 && residuals[i] < residuals[i - 1]))
                {
                    throw Malformed($"the residuals of '{scope}' are not finite and ascending");
                }
            }

            buckets[b] = residuals;
        }

        return new SeasonalNaiveForecaster.ScopeState(scope, lastSeason, new ResidualBuckets(buckets));
    }

    private static string ReadString(BinaryReader reader, string what)
    {
        var length = ReadCount(reader, $"{what} length", 0, MaxStringBytes);
        var bytes = reader.ReadBytes(length);
        if (bytes.Length != length)
        {
            throw new EndOfStreamException();
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static int ReadCount(BinaryReader reader, string what, int min, int max)
    {
        var value = reader.ReadInt32();
        if (value < min || value > max)
        {
            throw Malformed($"the {what} is {value}, outside {min}..{max}");
        }

        return value;
    }

    private static InvalidDataException Malformed(string why) => new($"Not a valid seasonal-naive forecast model file: {why}.");
}
