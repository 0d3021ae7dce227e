using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The binary file of an ETS forecaster, little-endian:
/// <code>
/// "ECMLETSF" | version:int32 = 1 | measure:str | lastObserved:int32 (DayNumber) | scopeCount:int32, per scope:
///   scope:str | error:byte | trend:byte | period:int32 | α β γ φ:float64 | level trend:float64
///   | season: m × float64 (m = max(period, 1)) | time:int32 | σ:float64 | observed:int32 | −2logL:float64
///   | length:int32 | closedWeekdays:byte (bit per position mod 7) | nonNegative:byte
///   | yearlyOrder:int32, then order × (sin, cos):float64 | bucketCount:int32, per bucket n:int32 | n × float32 ascending
///   | log:byte | start:int32 (DayNumber) | calendar:str | holidayCount:int32, per holiday key:str | effect:float64
/// </code>
/// Version 2 added the last line (the transform and the calendar effects); calibration scores are
/// in the model's scale (log when log = 1). Version 3 stores the calendar's spec (<see cref="HolidayCalendar.Spec"/>)
/// where version 2 stored a name; version 2 files still load except those with calendar <c>uk</c>,
/// which meant closed bank holidays then (<c>uk-closed</c> now): they must be retrained.
/// str = byte length:int32 + UTF-8. Reading checks every count and value, and refuses trailing bytes (<see cref="SafeReader"/>).
/// </summary>
internal static class EtsModelFormat
{
    public const int Version = 3;

    private const int NamedCalendarVersion = 2;
    private const int MaxCalendarBytes = 1_000_000;

    private const int MaxStringBytes = 4096;
    private const int MaxScopes = 10_000_000;
    private const int MaxPeriod = 366;
    private const int MaxOrder = 100;
    private const int MaxHolidayKeys = 10_000;

    /// <summary>What <see cref="SafeReader"/> calls this file in its messages.</summary>
    private const string FileKind = "ETS forecast model";

    private static ReadOnlySpan<byte> Magic => "ECMLETSF"u8;

    /// <summary>True when the stream starts with this format's marker (the stream is rewound).</summary>
    public static bool Matches(Stream stream)
    {
        var start = stream.Position;
        var buffer = new byte[Magic.Length];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        stream.Position = start;
        return read == buffer.Length && buffer.AsSpan().SequenceEqual(Magic);
    }

    public static void Write(EtsForecaster model, Stream stream)
    {
        using var w = ModelFile.OpenWriter(stream, Magic, Version);
        BinaryStrings.Write(w, model.Measure);
        w.Write(model.LastObservedDate.DayNumber);
        var states = model.States.ToList();
        w.Write(states.Count);
        foreach (var (scope, s) in states)
        {
            var m = s.Model;
            BinaryStrings.Write(w, scope);
            w.Write((byte)m.Spec.Error);
            w.Write((byte)m.Spec.Trend);
            w.Write(m.Spec.Period);
            w.Write(m.Parameters.Alpha);
            w.Write(m.Parameters.Beta);
            w.Write(m.Parameters.Gamma);
            w.Write(m.Parameters.Phi);
            w.Write(m.Final.Level);
            w.Write(m.Final.Trend);
            foreach (var v in m.Final.Season)
            {
                w.Write(v);
            }

            w.Write(m.Final.Time);
            w.Write(m.Sigma);
            w.Write(m.Observed);
            w.Write(m.MinusTwoLogLikelihood);
            w.Write(s.Length);
            w.Write((byte)Enumerable.Range(0, 7).Sum(i => s.Closed[i] ? 1 << i : 0));
            w.Write(s.NonNegative ? (byte)1 : (byte)0);
            w.Write(s.Yearly?.Order ?? 0);
            for (var k = 0; k < (s.Yearly?.Order ?? 0); k++)
            {
                w.Write(s.Yearly!.Sin[k]);
                w.Write(s.Yearly.Cos[k]);
            }

            var buckets = s.Calibration?.Sorted ?? [];
            w.Write(buckets.Count);
            foreach (var bucket in buckets)
            {
                BinaryArrays.Write<float>(w, bucket);
            }

            w.Write(s.Log ? (byte)1 : (byte)0);
            w.Write(s.Effects.Start.DayNumber);
            BinaryStrings.Write(w, s.Effects.Calendar.Spec);
            w.Write(s.Effects.HolidayEffects.Count);
            foreach (var (key, effect) in s.Effects.HolidayEffects)
            {
                BinaryStrings.Write(w, key);
                w.Write(effect);
            }
        }
    }

    public static EtsForecaster Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var r = new SafeReader(stream, FileKind);
        var version = r.ReadHeader(Magic, Version, NamedCalendarVersion);

        var measure = r.ReadString("measure", MaxStringBytes);
        var lastObserved = r.ReadDate("last observed day");
        var count = r.ReadInt32("scope count", 1, MaxScopes);
        var scopes = new List<(string, EtsSeriesModel)>(Math.Min(count, 1024));
        var calendars = new Dictionary<string, HolidayCalendar>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            scopes.Add(ReadScope(r, version, calendars));
        }

        r.ReadEnd();
        if (scopes.Select(s => s.Item1).Distinct(StringComparer.Ordinal).Count() != scopes.Count)
        {
            throw r.Malformed("a scope appears twice");
        }

        return new EtsForecaster(lastObserved, measure, scopes);
    }

    private static (string, EtsSeriesModel) ReadScope(SafeReader r, int version, Dictionary<string, HolidayCalendar> calendars)
    {
        var scope = r.ReadString("scope", MaxStringBytes);
        var error = r.ReadByte($"error type of '{scope}'");
        var trend = r.ReadByte($"trend type of '{scope}'");
        if (error > (byte)EtsError.Multiplicative || trend > (byte)EtsTrend.DampedAdditive)
        {
            throw r.Malformed($"scope '{scope}' has an unknown error ({error}) or trend ({trend}) type");
        }

        var period = r.ReadInt32($"period of '{scope}'", 0, MaxPeriod);
        var spec = new EtsSpec((EtsError)error, (EtsTrend)trend, period);
        var p = new EtsParameters(
            r.ReadFiniteDouble($"alpha of '{scope}'"), r.ReadFiniteDouble($"beta of '{scope}'"),
            r.ReadFiniteDouble($"gamma of '{scope}'"), r.ReadFiniteDouble($"phi of '{scope}'"));
        var level = r.ReadFiniteDouble($"level of '{scope}'");
        var slope = r.ReadFiniteDouble($"trend of '{scope}'");
        var season = new double[Math.Max(period, 1)];
        for (var i = 0; i < season.Length; i++)
        {
            season[i] = r.ReadFiniteDouble($"season of '{scope}'");
        }

        var state = new EtsState(level, slope, season, r.ReadInt32($"time of '{scope}'", 0, int.MaxValue));
        var sigma = r.ReadFiniteDouble($"sigma of '{scope}'");
        var observed = r.ReadInt32($"observed days of '{scope}'", 1, int.MaxValue);
        var model = new EtsModel(spec, p, state, state, sigma, r.ReadFiniteDouble($"-2 log-likelihood of '{scope}'"), observed);
        var length = r.ReadInt32($"length of '{scope}'", 1, int.MaxValue);
        var mask = r.ReadByte($"closed weekdays of '{scope}'");
        var closed = Enumerable.Range(0, 7).Select(i => (mask & (1 << i)) != 0).ToArray();
        var nonNegative = r.ReadByte($"non-negative flag of '{scope}'") != 0;
        var order = r.ReadInt32($"yearly order of '{scope}'", 0, MaxOrder);
        YearlyFourier? yearly = null;
        if (order > 0)
        {
            var sin = new double[order];
            var cos = new double[order];
            for (var k = 0; k < order; k++)
            {
                sin[k] = r.ReadFiniteDouble($"yearly sine of '{scope}'");
                cos[k] = r.ReadFiniteDouble($"yearly cosine of '{scope}'");
            }

            yearly = new YearlyFourier(sin, cos);
        }

        var buckets = new float[r.ReadInt32($"calibration bucket count of '{scope}'", 0, ConformalCalibration.BucketEnds.Count)][];
        for (var b = 0; b < buckets.Length; b++)
        {
            buckets[b] = r.ReadAscendingSingles($"calibration scores of '{scope}'", 1, ConformalCalibration.MaxScoresPerBucket);
        }

        var log = r.ReadByte($"log flag of '{scope}'") != 0;
        var start = r.ReadDate($"start day of '{scope}'");
        var calendar = ReadCalendar(r, version, scope, calendars);

        var holidayCount = r.ReadInt32($"holiday effect count of '{scope}'", 0, MaxHolidayKeys);
        var holidays = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < holidayCount; i++)
        {
            var key = r.ReadString($"holiday key of '{scope}'", MaxStringBytes);
            holidays[key] = r.ReadFiniteDouble($"holiday effect '{key}' of '{scope}'");
        }

        var effects = new CalendarEffects(start, yearly, calendar, holidays);
        return (scope, new EtsSeriesModel(model, effects, log, length, closed, nonNegative, buckets.Length == 0 ? null : new ConformalCalibration(buckets)));
    }

    /// <summary>The scope's calendar; every scope usually shares one, so each spec is parsed once per file.</summary>
    private static HolidayCalendar ReadCalendar(SafeReader r, int version, string scope, Dictionary<string, HolidayCalendar> calendars)
    {
        var spec = r.ReadString($"calendar of '{scope}'", MaxCalendarBytes);
        if (version == NamedCalendarVersion && spec == CalendarSpec.UnitedKingdom)
        {
            throw r.Malformed($"scope '{scope}' is format version {version} with calendar 'uk', which then meant closed bank holidays (now 'uk-closed'); retrain the model to get version {Version}");
        }

        if (!calendars.TryGetValue(spec, out var calendar))
        {
            try
            {
                calendars[spec] = calendar = HolidayCalendar.Parse(spec);
            }
            catch (FormatException invalid)
            {
                throw r.Malformed($"scope '{scope}': its calendar is invalid: {invalid.Message}");
            }
        }

        return calendar;
    }
}
