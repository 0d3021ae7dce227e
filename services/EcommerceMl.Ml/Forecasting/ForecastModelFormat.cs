namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The compact binary file of a seasonal-naive forecaster, little-endian:
/// <code>
/// "ECMLFCST" | version:int32 = 1 | algorithm:str | measure:str | season:int32 | lastObserved:int32 (DayNumber)
/// scopeCount:int32, then per scope: scope:str | lastSeason: season × float64
///                                   | bucketCount:int32, per bucket: n:int32 | n × float32 ascending
/// </code>
/// str = byte length:int32 + UTF-8. Point values stay float64 so a forecast repeats the data
/// exactly; residuals are float32. Reading checks every count and value, and refuses trailing bytes
/// (<see cref="SafeReader"/>).
/// </summary>
internal static class ForecastModelFormat
{
    public const int Version = 1;

    private const int MaxStringBytes = 4096;
    private const int MaxScopes = 10_000_000;
    private const int MaxSeason = 366;

    /// <summary>What <see cref="SafeReader"/> calls this file in its messages.</summary>
    private const string FileKind = "seasonal-naive forecast model";

    private static ReadOnlySpan<byte> Magic => "ECMLFCST"u8;

    public static void Write(SeasonalNaiveForecaster model, Stream stream)
    {
        using var writer = ModelFile.OpenWriter(stream, Magic, Version);
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
                BinaryArrays.Write<float>(writer, bucket);
            }
        }
    }

    public static SeasonalNaiveForecaster Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new SafeReader(stream, FileKind);
        reader.ReadHeader(Magic, Version);

        var algorithm = reader.ReadString("algorithm", MaxStringBytes);
        if (algorithm != SeasonalNaiveForecaster.AlgorithmName)
        {
            throw reader.Malformed($"it holds algorithm '{algorithm}', not '{SeasonalNaiveForecaster.AlgorithmName}'");
        }

        var measure = reader.ReadString("measure", MaxStringBytes);
        var season = reader.ReadInt32("season", 1, MaxSeason);
        var lastObserved = reader.ReadDate("last observed day");
        var scopeCount = reader.ReadInt32("scope count", 1, MaxScopes);
        var states = new List<SeasonalNaiveForecaster.ScopeState>(Math.Min(scopeCount, 1024));
        for (var i = 0; i < scopeCount; i++)
        {
            states.Add(ReadScope(reader, season));
        }

        reader.ReadEnd();
        if (states.Select(s => s.Scope).Distinct(StringComparer.Ordinal).Count() != states.Count)
        {
            throw reader.Malformed("a scope appears twice");
        }

        return new SeasonalNaiveForecaster(season, lastObserved, measure, states);
    }

    private static SeasonalNaiveForecaster.ScopeState ReadScope(SafeReader reader, int season)
    {
        var scope = reader.ReadString("scope", MaxStringBytes);
        var lastSeason = new double[season];
        for (var i = 0; i < season; i++)
        {
            lastSeason[i] = reader.ReadFiniteDouble($"last-season value of '{scope}'");
        }

        var buckets = new float[reader.ReadInt32($"bucket count of '{scope}'", 1, ResidualBuckets.MaxBuckets)][];
        for (var b = 0; b < buckets.Length; b++)
        {
            buckets[b] = reader.ReadAscendingSingles($"residuals of '{scope}'", 1, ResidualBuckets.MaxSamplesPerBucket);
        }

        return new SeasonalNaiveForecaster.ScopeState(scope, lastSeason, new ResidualBuckets(buckets));
    }
}
